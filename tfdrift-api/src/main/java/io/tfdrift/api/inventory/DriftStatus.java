package io.tfdrift.api.inventory;

import java.util.Locale;

/**
 * Where a drift stands.
 *
 * @since 0.1.0
 */
public enum DriftStatus {
  /** Seen, not yet fixed. */
  OPEN,
  /** Seen by a person, who muted it until it changes again. */
  ACKNOWLEDGED,
  /** Gone: reverted, applied, accepted, removed, imported, or resolved by a person. */
  RESOLVED;

  private final String label = name().toLowerCase(Locale.ROOT);

  /**
   * The lower-case name used in configuration, JSON and the API, e.g. {@code "open"}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }
}
