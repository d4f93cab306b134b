package io.tfdrift.api.inventory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the inventory decided for one drift: its new record, the occurrence that caused the change
 * (none for a resolution found by a state refresh or made by a person) and the notifications to
 * send. A store writes all three in one transaction.
 *
 * @param record the drift as it is now
 * @param occurrence the audit event that changed it, if one did
 * @param notifications the notifications to queue, possibly none
 * @since 0.1.0
 */
public record DriftChange(
    DriftRecord record, Optional<Occurrence> occurrence, List<PendingNotification> notifications) {

  /** A change. */
  public DriftChange {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(occurrence, "occurrence");
    notifications = List.copyOf(notifications);
  }
}
