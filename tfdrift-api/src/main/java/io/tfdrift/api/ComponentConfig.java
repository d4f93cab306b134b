package io.tfdrift.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of one component (a notifier, a state backend, a source, a plugin), with typed
 * accessors that report problems with the full key path, e.g. {@code notifications.slack.timeout:
 * '10 seconds' is not a duration; use a value such as 10s, 500ms, 5m or 1h}.
 *
 * <p>Secrets follow one convention for every component: {@link #secret(String) secret("token")}
 * reads {@code token} itself, or {@code token_from_env} (an environment variable name), {@code
 * token_from_file} (a file path), {@code token_from_aws_secret} (a Secrets Manager ARN, optionally
 * {@code #json-key}) or {@code token_from_gcp_secret} (a Secret Manager version name) — exactly one
 * of them. Any registered {@link io.tfdrift.api.spi.SecretResolverProvider} scheme works the same
 * way: scheme {@code vault} is read from {@code token_from_vault}.
 *
 * <p>The host remembers which keys a component read; a key nobody read is reported as unknown, with
 * a "did you mean" suggestion, so components need not validate their key set themselves. In tests,
 * {@code io.tfdrift.testkit.TestConfigs.of(map)} makes one.
 *
 * <pre>{@code
 * Duration timeout = config.duration("timeout", Duration.ofSeconds(10));
 * Secret url = config.secret("webhook_url");
 * String channel = config.string("channel", "#drift");
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ComponentConfig {

  /**
   * The key path of this component, e.g. {@code notifications.slack}.
   *
   * @return the path, empty for the root
   */
  String path();

  /**
   * The keys set directly in this component.
   *
   * @return the keys
   */
  Set<String> keys();

  /**
   * Whether a key is set.
   *
   * @param key the key
   * @return {@code true} if it is set (to anything but {@code null})
   */
  boolean has(String key);

  /**
   * A required string.
   *
   * @param key the key
   * @return its value; numbers and booleans are returned as their text
   * @throws ConfigException if it is missing or not a scalar
   */
  String string(String key);

  /**
   * An optional string.
   *
   * @param key the key
   * @param defaultValue the value if unset
   * @return its value or the default
   */
  String string(String key, String defaultValue);

  /**
   * An optional string without a default.
   *
   * @param key the key
   * @return its value, or empty
   */
  Optional<String> optionalString(String key);

  /**
   * An optional whole number.
   *
   * @param key the key
   * @param defaultValue the value if unset
   * @return its value or the default
   * @throws ConfigException if it is not a whole number
   */
  int integer(String key, int defaultValue);

  /**
   * An optional boolean ({@code true}/{@code false}).
   *
   * @param key the key
   * @param defaultValue the value if unset
   * @return its value or the default
   * @throws ConfigException if it is not a boolean
   */
  boolean bool(String key, boolean defaultValue);

  /**
   * An optional duration: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}, a
   * combination such as {@code 1h30m}, or a whole number of seconds.
   *
   * @param key the key
   * @param defaultValue the value if unset
   * @return its value or the default
   * @throws ConfigException if it is not a duration
   */
  Duration duration(String key, Duration defaultValue);

  /**
   * A list of strings; a single scalar counts as a list of one.
   *
   * @param key the key
   * @return the list, empty if unset
   * @throws ConfigException if an element is not a scalar
   */
  List<String> strings(String key);

  /**
   * A map of strings, such as HTTP headers or labels.
   *
   * @param key the key
   * @return the map, empty if unset
   * @throws ConfigException if it is not a map of scalars
   */
  Map<String, String> stringMap(String key);

  /**
   * A nested section.
   *
   * @param key the key
   * @return the section; empty if unset
   * @throws ConfigException if it is not a map
   */
  ComponentConfig child(String key);

  /**
   * A list of nested sections, such as {@code states} or {@code drift_rules}.
   *
   * @param key the key
   * @return the sections, empty if unset
   * @throws ConfigException if it is not a list of maps
   */
  List<ComponentConfig> children(String key);

  /**
   * A required secret, from {@code key} or exactly one {@code key_from_<scheme>} form.
   *
   * @param key the key, e.g. {@code webhook_url}
   * @return the secret
   * @throws ConfigException if none or several forms are set, or the secret cannot be resolved
   */
  Secret secret(String key);

  /**
   * An optional secret.
   *
   * @param key the key
   * @return the secret, or empty if no form is set
   * @throws ConfigException if several forms are set, or the secret cannot be resolved
   */
  Optional<Secret> optionalSecret(String key);

  /**
   * An exception for a bad value at a key of this component, with the full key path.
   *
   * @param key the key
   * @param problem what is wrong and how to fix it
   * @return the exception, to throw
   */
  default ConfigException invalid(String key, String problem) {
    return new ConfigException(path().isEmpty() ? key : path() + "." + key, problem);
  }
}
