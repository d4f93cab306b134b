package io.tfdrift.api.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * A notification claimed from the store's outbox. Until {@link
 * io.tfdrift.api.spi.DriftStore#delivered(long)} is called it is claimed by one replica until its
 * lease ends, then it may be claimed again: a crash between delivery and acknowledgement delivers
 * it again, never loses it.
 *
 * @param id the outbox id
 * @param key the drift it is about
 * @param notifier the notifier to deliver to
 * @param transition what happened to the drift
 * @param payload the DriftEvent JSON to deliver
 * @param attempts earlier claims of this notification
 * @param createdAt when the change that caused it was committed
 * @since 0.1.0
 */
public record Notification(
    long id,
    DriftKey key,
    String notifier,
    Transition transition,
    String payload,
    int attempts,
    Instant createdAt) {

  /** A notification. */
  public Notification {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
