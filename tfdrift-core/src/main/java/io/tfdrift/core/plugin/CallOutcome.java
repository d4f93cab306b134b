package io.tfdrift.core.plugin;

import java.util.Locale;

/** What became of one plugin callback; counted as {@code tfdrift_plugin_calls_total{outcome}}. */
enum CallOutcome {
  /** It returned in time. */
  OK,
  /** It threw. */
  ERROR,
  /** It did not return within the plugin's {@code timeout}; it was interrupted. */
  TIMEOUT,
  /** It was not made: the plugin is unhealthy or failed, or its queue was full. */
  REJECTED;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
