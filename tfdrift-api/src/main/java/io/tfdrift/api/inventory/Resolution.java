package io.tfdrift.api.inventory;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * How and when a drift was resolved.
 *
 * @param reason why it is resolved
 * @param at when
 * @param by who or what resolved it: an actor, {@code terraform}, {@code state refresh}, or a
 *     person named through the API
 * @param note free text, empty if none (required for {@link Reason#MANUAL})
 * @since 0.1.0
 */
public record Resolution(Reason reason, Instant at, String by, String note) {

  /** A resolution. */
  public Resolution {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(note, "note");
  }

  /**
   * Why a drift is resolved.
   *
   * @since 0.1.0
   */
  public enum Reason {
    /** A later out-of-band call set the attribute back to what state holds. */
    REVERTED,
    /** Terraform changed the resource after the drift and state holds the expected value. */
    APPLIED,
    /** A state refresh now holds the drifted value (code updated, or apply -refresh-only). */
    ACCEPTED,
    /** A deleted resource left the state. */
    REMOVED,
    /** An unmanaged resource appeared in a state. */
    IMPORTED,
    /** An unmanaged resource was deleted. */
    DELETED,
    /** A person resolved it through the API or the CLI. */
    MANUAL;

    private final String label = name().toLowerCase(Locale.ROOT);

    /**
     * The lower-case name used in JSON and the API, e.g. {@code "reverted"}.
     *
     * @return the label
     */
    public String label() {
      return label;
    }
  }
}
