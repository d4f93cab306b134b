package io.tfdrift.core.registry;

import java.util.Objects;

/**
 * A provider that {@link ProviderRegistry} found, as {@code tfdrift plugins} reports it.
 *
 * @param kind the kind label, e.g. {@code notifier}
 * @param type the type name, e.g. {@code slack}
 * @param className the provider class
 * @param jar the jar (or classes directory) it was loaded from
 * @param version the jar's {@code Implementation-Version}, or {@code unknown}
 */
public record DiscoveredProvider(
    String kind, String type, String className, String jar, String version) {

  /** Validates that no part is {@code null}. */
  public DiscoveredProvider {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(className, "className");
    Objects.requireNonNull(jar, "jar");
    Objects.requireNonNull(version, "version");
  }

  /**
   * How to name this provider in an error message.
   *
   * @return e.g. {@code io.tfdrift.notifier.slack.SlackNotifierProvider
   *     (tfdrift-notifier-slack-0.1.0.jar, version 0.1.0)}
   */
  String describe() {
    return className + " (" + jar + ", version " + version + ")";
  }
}
