package io.tfdrift.api;

import java.util.Locale;

/**
 * How urgent a drift is, from {@link #CRITICAL} down to {@link #INFO}. Declaration order is
 * severity order, so {@code a.compareTo(b) < 0} means {@code a} is more severe.
 *
 * @since 0.1.0
 */
public enum Severity {
  /** Security-relevant change to a critical resource: page someone. */
  CRITICAL,
  /** Important change that needs attention today. */
  HIGH,
  /** The default for drift no rule classifies. */
  MEDIUM,
  /** Worth knowing, not urgent. */
  LOW,
  /** Informational only. */
  INFO;

  // Computed once: label() is on the detection hot path (drift ids, metrics, JSON).
  private final String label = name().toLowerCase(Locale.ROOT);

  /**
   * The lower-case name used in configuration and JSON, e.g. {@code "high"}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }

  /**
   * Whether this severity is at least as severe as {@code threshold}.
   *
   * @param threshold the minimum severity
   * @return {@code true} if this is {@code threshold} or more severe
   */
  public boolean atLeast(Severity threshold) {
    return compareTo(threshold) <= 0;
  }

  /**
   * Parses a label case-insensitively.
   *
   * @param label e.g. {@code "critical"}
   * @return the severity
   * @throws IllegalArgumentException naming the label and the valid ones
   */
  public static Severity parse(String label) {
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(label.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity "
            + (label.length() <= 16
                ? "'" + label + "'"
                : "of " + label.length() + " characters (not shown: it may be a secret)")
            + "; use one of critical, high, medium, low, info");
  }
}
