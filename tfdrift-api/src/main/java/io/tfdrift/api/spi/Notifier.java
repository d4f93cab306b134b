package io.tfdrift.api.spi;

import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import java.util.Optional;

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

  /**
   * Makes one delivery attempt of one drift's notification and returns what this notifier wants
   * back with the same drift's next notification: a Slack message's {@code ts} to reply in its
   * thread, a GitHub issue number to comment on. The host keeps it in the drift inventory, so it
   * survives restarts and is shared by replicas. The default calls {@link #send} and keeps nothing.
   *
   * <pre>{@code
   * public Optional<String> deliver(DriftEvent event, Optional<String> thread) throws DeliveryException {
   *   if (thread.isPresent()) return reply(thread.get(), event);   // same thread, nothing new
   *   return Optional.of(post(event));                            // the new message's ts
   * }
   * }</pre>
   *
   * @param event the drift to deliver; {@link DriftEvent#lifecycle()} says why (opened, escalated,
   *     renotified, resolved)
   * @param thread what an earlier {@code deliver} of this drift returned, empty the first time or
   *     without an inventory
   * @return the thread to keep for this drift, empty to keep the one known so far
   * @throws DeliveryException retryable or permanent failure
   */
  default Optional<String> deliver(DriftEvent event, Optional<String> thread)
      throws DeliveryException {
    send(event);
    return Optional.empty();
  }

  /** Releases connections. The default does nothing. */
  @Override
  default void close() {}
}
