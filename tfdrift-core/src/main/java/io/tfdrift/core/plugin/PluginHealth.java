package io.tfdrift.core.plugin;

import java.util.Locale;
import java.util.Objects;

/**
 * How a configured plugin is doing, as {@code tfdrift plugins} and {@code tfdrift_plugin_healthy}
 * report it.
 *
 * @param name the configured plugin type, {@code plugins[i].name}
 * @param version what the plugin reports as its version, or {@code unknown}
 * @param status whether its callbacks run
 * @param consecutiveFailures failed or timed-out callbacks since the last success
 * @param lastError the last failure, one line; empty if none
 */
public record PluginHealth(
    String name, String version, Status status, int consecutiveFailures, String lastError) {

  /** Validates that no part is {@code null}. */
  public PluginHealth {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(lastError, "lastError");
  }

  /** Whether a plugin's callbacks run. */
  public enum Status {
    /** Initialised; its callbacks run. */
    HEALTHY,
    /**
     * Failed {@code failure_threshold} times in a row: its callbacks are skipped (counted as {@code
     * rejected}) until {@code cooldown} has passed, then one is tried again.
     */
    UNHEALTHY,
    /** Its {@code init} failed or timed out: it never receives a callback until restart. */
    FAILED,
    /** Closed at shutdown. */
    CLOSED;

    /**
     * The lower-case label used in output.
     *
     * @return e.g. {@code unhealthy}
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
