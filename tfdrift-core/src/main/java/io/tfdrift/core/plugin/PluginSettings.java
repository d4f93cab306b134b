package io.tfdrift.core.plugin;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.core.config.ConfigSection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One {@code plugins[]} entry: the plugin type, its own {@code config} section, and how the engine
 * guards its callbacks.
 *
 * @param name the plugin type, {@code plugins[i].name}; also the {@code plugin} tag of its metrics
 * @param path the entry's key path, e.g. {@code plugins[0]}
 * @param config the entry's {@code config} section, handed to the provider
 * @param timeout how long one callback may run ({@code timeout}, default 5s)
 * @param failureThreshold consecutive failures after which the plugin is unhealthy ({@code
 *     failure_threshold}, default 5)
 * @param cooldown how long an unhealthy plugin's callbacks are skipped before one is tried again
 *     ({@code cooldown}, default 1m)
 */
record PluginSettings(
    String name,
    String path,
    ComponentConfig config,
    Duration timeout,
    int failureThreshold,
    Duration cooldown) {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final int DEFAULT_FAILURE_THRESHOLD = 5;
  static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(1);

  PluginSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(cooldown, "cooldown");
  }

  /**
   * Reads one entry.
   *
   * @param entry the {@code plugins[i]} section
   * @return the settings, or empty when {@code enabled: false}
   * @throws ConfigException naming every bad key of the entry
   */
  static Optional<PluginSettings> read(ComponentConfig entry) {
    List<String> problems = new ArrayList<>();
    Optional<String> name = Optional.empty();
    try {
      name = Optional.of(entry.string("name"));
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    if (!entry.bool("enabled", true)) {
      for (String key : List.of("config", "timeout", "failure_threshold", "cooldown")) {
        ConfigSection.of(entry).skip(key);
      }
      throwIfAny(problems);
      return Optional.empty();
    }
    Duration timeout = read(problems, () -> positive(entry, "timeout"), DEFAULT_TIMEOUT);
    int threshold = read(problems, () -> threshold(entry), DEFAULT_FAILURE_THRESHOLD);
    Duration cooldown = read(problems, () -> cooldown(entry), DEFAULT_COOLDOWN);
    ComponentConfig config = entry.child("config");
    throwIfAny(problems);
    return Optional.of(
        new PluginSettings(name.orElseThrow(), entry.path(), config, timeout, threshold, cooldown));
  }

  private static Duration positive(ComponentConfig entry, String key) {
    Duration value = entry.duration(key, DEFAULT_TIMEOUT);
    if (value.isZero() || value.isNegative()) {
      throw entry.invalid(key, value + " must be greater than 0, e.g. 5s");
    }
    return value;
  }

  private static int threshold(ComponentConfig entry) {
    int value = entry.integer("failure_threshold", DEFAULT_FAILURE_THRESHOLD);
    if (value < 1) {
      throw entry.invalid("failure_threshold", value + " must be at least 1");
    }
    return value;
  }

  private static Duration cooldown(ComponentConfig entry) {
    Duration value = entry.duration("cooldown", DEFAULT_COOLDOWN);
    if (value.isNegative()) {
      throw entry.invalid("cooldown", value + " must not be negative");
    }
    return value;
  }

  private static <T> T read(List<String> problems, Supplier<T> reader, T fallback) {
    try {
      return reader.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return fallback;
    }
  }

  private static void throwIfAny(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
