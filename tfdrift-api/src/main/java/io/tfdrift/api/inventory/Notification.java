package io.tfdrift.api.inventory;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A notification claimed from the store's outbox. Until {@link
 * io.tfdrift.api.spi.DriftStore#delivered(long, Optional)} is called it is claimed by one replica
 * until its lease ends, then it may be claimed again: a crash between delivery and acknowledgement
 * delivers it again, never loses it.
 *
 * @param id the outbox id
 * @param key the drift it is about
 * @param notifier the notifier to deliver to
 * @param transition what happened to the drift
 * @param payload the DriftEvent JSON to deliver
 * @param attempts earlier claims of this notification
 * @param createdAt when the change that caused it was committed
 * @param thread what an earlier delivery of the same drift to the same notifier returned (see
 *     {@link io.tfdrift.api.spi.Notifier#deliver}), e.g. a Slack message's {@code ts}
 * @since 0.1.0
 */
public record Notification(
    long id,
    DriftKey key,
    String notifier,
    Transition transition,
    String payload,
    int attempts,
    Instant createdAt,
    Optional<String> thread) {

  /** A notification. */
  public Notification {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(notifier, "notifier");
    Objects.requireNonNull(transition, "transition");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(thread, "thread");
  }
}
