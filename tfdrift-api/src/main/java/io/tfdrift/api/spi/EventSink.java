package io.tfdrift.api.spi;

import io.tfdrift.api.AuditEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where an {@link EventSource} hands over decoded events. The queue behind it is bounded: a source
 * that can push back on its peer (an HTTP 503 with {@code Retry-After}, a message not acknowledged)
 * uses {@link #offer}, a source that can simply wait uses {@link #put}.
 *
 * @since 0.1.0
 */
public interface EventSink {

  /**
   * Hands over an event if there is room right now.
   *
   * @param event the event
   * @return {@code false} if the queue is full; the caller must push back, never drop
   */
  boolean offer(AuditEvent event);

  /**
   * Hands over an event, waiting for room.
   *
   * @param event the event
   * @throws InterruptedException if interrupted while waiting
   */
  void put(AuditEvent event) throws InterruptedException;

  /**
   * Hands over one message's events, waiting for room, and tells when they are done: the stage
   * completes once every event was processed and any drift it showed was committed to the drift
   * inventory (or handed to delivery when no inventory is kept). A source that acknowledges
   * messages (SQS, Pub/Sub, Kafka) acknowledges in it, so a crash before then redelivers the
   * message instead of losing its drift. The stage completes exceptionally only when the host gives
   * the events up (shutdown); the source must then leave the message unacknowledged.
   *
   * <p>The default puts each event and returns a completed stage, for sinks that keep no inventory.
   *
   * @param events the events of one message, possibly none
   * @return completes when the events are done
   * @throws InterruptedException if interrupted while waiting for room
   */
  default CompletionStage<Void> submit(List<AuditEvent> events) throws InterruptedException {
    for (AuditEvent event : events) {
      put(event);
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Reports input that could not be decoded, so that it is counted and logged rather than lost
   * silently.
   *
   * @param input a short description of the input (request id, message id, file and line)
   * @param problem what is wrong with it
   */
  void reject(String input, String problem);
}
