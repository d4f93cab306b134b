package io.tfdrift.api;

import java.util.Locale;

/**
 * What kind of drift a {@link DriftEvent} reports.
 *
 * @since 0.1.0
 */
public enum DriftKind {
  /** A managed resource's attributes now differ from Terraform state. */
  MODIFIED,
  /**
   * A mutating call hit a managed resource but its new attribute values cannot be extracted from
   * the audit record: the resource changed outside Terraform, in a way we cannot itemise.
   */
  OUT_OF_BAND,
  /** A managed resource was deleted outside Terraform. */
  DELETED,
  /** A resource was created or changed that no configured Terraform state holds. */
  UNMANAGED;

  // Computed once: label() is on the detection hot path (drift ids, metrics, JSON).
  private final String label = name().toLowerCase(Locale.ROOT);

  /**
   * The lower-case name used in configuration and JSON, e.g. {@code "out_of_band"}.
   *
   * @return the label
   */
  public String label() {
    return label;
  }
}
