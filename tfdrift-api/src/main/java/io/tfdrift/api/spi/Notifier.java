package io.tfdrift.api.spi;

import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;

/**
 * Delivers drift events to one destination. The dispatcher calls {@link #send} from its own worker
 * threads with a timeout, retries retryable failures with backoff, rate-limits and de-duplicates; a
 * notifier only makes one attempt per call.
 *
 * <pre>{@code
 * public void send(DriftEvent event) throws DeliveryException {
 *   int status = http.post(url, json(event));
 *   if (status == 429 || status >= 500) throw DeliveryException.retryable("HTTP " + status, null);
 *   if (status >= 400) throw DeliveryException.permanent("HTTP " + status + " from " + url, null);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Notifier extends AutoCloseable {

  /**
   * Makes one delivery attempt. Must be safe to call from several threads.
   *
   * @param event the drift to deliver
   * @throws DeliveryException retryable or permanent failure
   */
  void send(DriftEvent event) throws DeliveryException;

  /** Releases connections. The default does nothing. */
  @Override
  default void close() {}
}
