package io.tfdrift.testkit;

import io.tfdrift.api.ComponentConfig;
import java.util.List;
import java.util.Map;

/**
 * {@link ComponentConfig}s for tests, read exactly as tfdrift reads a section of its YAML file: the
 * same typed accessors, key paths in messages, and {@code _from_env}/{@code _from_file} secrets.
 *
 * <pre>{@code
 * ComponentConfig config = TestConfigs.of(Map.of("webhook_url", "https://example.test/hook"));
 * Notifier notifier = new DiscordNotifierProvider().create(config);
 * assertThat(TestConfigs.unknownKeys(config)).isEmpty();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TestConfigs {
  private TestConfigs() {}

  /**
   * A configuration at the key path {@code test}.
   *
   * @param values the keys and values, as YAML would give them (strings, numbers, booleans, lists,
   *     maps)
   * @return the configuration
   */
  public static ComponentConfig of(Map<String, ?> values) {
    return of("test", values);
  }

  /**
   * A configuration at a key path, which messages name, e.g. {@code notifications.discord}.
   *
   * @param path the key path
   * @param values the keys and values
   * @return the configuration
   */
  public static ComponentConfig of(String path, Map<String, ?> values) {
    return MapConfig.root(path, values);
  }

  /**
   * The keys of a configuration made here that were set but never read, as tfdrift reports them at
   * start-up, e.g. {@code test.chanel: unknown key}.
   *
   * @param config a configuration made by {@link #of}
   * @return the problems, empty if every key was read
   */
  public static List<String> unknownKeys(ComponentConfig config) {
    if (!(config instanceof MapConfig map)) {
      throw new IllegalArgumentException("not made by TestConfigs.of: " + config);
    }
    return map.unknownKeys();
  }
}
