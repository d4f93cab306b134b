package io.tfdrift.api.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit event that showed a drift. A drift holds each event id once: an event delivered twice
 * (a queue redelivery, a replayed log) is one occurrence.
 *
 * @param eventId the audit event's id
 * @param time when the change was made (the audit event's time)
 * @param actor who made it, as {@link io.tfdrift.api.Actor#name()} or its ARN
 * @param event the detection, as DriftEvent JSON (with the changes expected → actual)
 * @since 0.1.0
 */
public record Occurrence(String eventId, Instant time, String actor, String event) {

  /** An occurrence. */
  public Occurrence {
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(event, "event");
  }
}
