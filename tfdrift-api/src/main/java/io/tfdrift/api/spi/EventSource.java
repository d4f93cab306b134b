package io.tfdrift.api.spi;

import io.tfdrift.api.SourceException;

/**
 * Delivers audit events from one carrier (a Falco endpoint, a queue, a directory) to an {@link
 * EventSink}. A source decodes its own carrier's format into {@link io.tfdrift.api.AuditEvent}s.
 *
 * <pre>{@code
 * public void start(EventSink sink) throws SourceException {
 *   consumer = queue.subscribe(message -> {
 *     try {
 *       sink.put(decode(message));
 *       message.ack();
 *     } catch (IllegalArgumentException bad) {
 *       sink.reject(message.id(), bad.getMessage());
 *       message.ack();
 *     }
 *   });
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface EventSource extends AutoCloseable {

  /**
   * Starts delivering events on the source's own threads and returns.
   *
   * @param sink where to deliver
   * @throws SourceException if the source cannot start (port in use, peer refuses), naming the
   *     endpoint and the fix
   */
  void start(EventSink sink) throws SourceException;

  /**
   * Whether the source is connected to its peer or listening, for {@code /ready} and the {@code
   * tfdrift_falco_connected} gauge.
   *
   * @return {@code true} when events can arrive
   */
  boolean connected();

  /** Stops accepting new events and releases resources. Events already handed over are kept. */
  @Override
  void close();
}
