package io.tfdrift.api.inventory;

import java.util.Objects;

/**
 * A notification to deliver, written to the store's outbox in the same transaction as the drift
 * change that caused it.
 *
 * @param notifier the notifier's name (its type under {@code notifications:})
 * @param transition what happened to the drift
 * @param payload the DriftEvent JSON to deliver
 * @since 0.1.0
 */
public record PendingNotification(String notifier, Transition transition, String payload) {

  /** A pending notification. */
  public PendingNotification {
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(payload, "payload");
  }
}
