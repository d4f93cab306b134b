package io.tfdrift.api.inventory;

import java.util.Locale;

/**
 * A change of a drift that notifiers may hear of ({@code notify_on} in configuration).
 *
 * @since 0.1.0
 */
public enum Transition {
  /** A drift was seen for the first time, or again after it was resolved. */
  OPENED,
  /** An open drift was seen again with a higher severity. */
  ESCALATED,
  /** An open drift is still there after {@code renotify_after}. */
  RENOTIFIED,
  /** A drift was resolved. */
  RESOLVED;

  private final String label = name().toLowerCase(Locale.ROOT);

  /**
   * The lower-case name used in configuration and JSON, e.g. {@code "opened"}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }
}
