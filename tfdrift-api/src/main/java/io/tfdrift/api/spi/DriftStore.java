package io.tfdrift.api.spi;

import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.DriftChange;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftPage;
import io.tfdrift.api.inventory.DriftQuery;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftSummary;
import io.tfdrift.api.inventory.Notification;
import io.tfdrift.api.inventory.Occurrence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps the drift inventory and its outbox. The core decides every change; a store makes each
 * change atomic and safe across replicas: one drift is changed by one transaction at a time, an
 * occurrence (drift key, event id) is stored once, and a notification is claimed by one replica at
 * a time.
 *
 * <pre>{@code
 * store.apply(key, current -> Optional.of(inventory.decide(current, drift)));
 * for (Notification n : store.claim("replica-1", 100, clock.instant(), Duration.ofMinutes(1))) {
 *   Optional<String> thread = notifier.deliver(event(n), n.thread());
 *   store.delivered(n.id(), thread);
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface DriftStore extends AutoCloseable {

  /**
   * Changes one drift atomically: reads it (locked against other writers of the same key), asks
   * {@code decide} what it becomes, and writes the new record, its occurrence and its notifications
   * in one transaction. {@code decide} must be a pure function of its argument: a store may call it
   * again when a concurrent writer created the same drift first.
   *
   * @param key the drift to change
   * @param decide from the stored drift (empty if none) to the change, or empty for no change
   * @return what was done
   * @throws StoreException if the store failed; nothing was written
   */
  Result apply(DriftKey key, Function<Optional<DriftRecord>, Optional<DriftChange>> decide)
      throws StoreException;

  /**
   * Claims notifications that are due and not claimed by anyone else (or whose claim ended), oldest
   * first.
   *
   * @param owner who claims them, e.g. the replica's name
   * @param max the most to claim
   * @param now the current time
   * @param lease how long the claim lasts; after it the notification may be claimed again
   * @return the claimed notifications
   * @throws StoreException if the store failed
   */
  List<Notification> claim(String owner, int max, Instant now, Duration lease)
      throws StoreException;

  /**
   * Removes a delivered (or dead-lettered) notification from the outbox, and keeps the thread the
   * notifier returned for the drift's later notifications to the same notifier.
   *
   * @param id the notification's id
   * @param thread what the notifier returned, empty to keep the thread known so far
   * @throws StoreException if the store failed; the notification may be delivered again
   */
  void delivered(long id, Optional<String> thread) throws StoreException;

  /**
   * Ends a claim, or moves its end: the notification is due again at {@code notBefore}. The host
   * also calls this to keep the claim of a delivery that lasts longer than its lease.
   *
   * @param id the notification's id
   * @param notBefore when it may be claimed again
   * @throws StoreException if the store failed
   */
  void release(long id, Instant notBefore) throws StoreException;

  /**
   * The drifts matching a query.
   *
   * @param query the filter, order and page
   * @return one page and the total
   * @throws StoreException if the store failed
   */
  DriftPage query(DriftQuery query) throws StoreException;

  /**
   * One drift.
   *
   * @param key what drifted
   * @return the drift, empty if the store has none with this key
   * @throws StoreException if the store failed
   */
  Optional<DriftRecord> find(DriftKey key) throws StoreException;

  /**
   * The latest occurrences of one drift, latest first.
   *
   * @param key what drifted
   * @param max the most to return
   * @return the occurrences, empty if none
   * @throws StoreException if the store failed
   */
  List<Occurrence> occurrences(DriftKey key, int max) throws StoreException;

  /**
   * Counts by status and severity, and per day since {@code since}.
   *
   * @param since the start of the per-day counts and of the mean time to resolve
   * @return the summary
   * @throws StoreException if the store failed
   */
  DriftSummary summary(Instant since) throws StoreException;

  /**
   * Deletes drifts resolved before {@code cutoff}, with their occurrences.
   *
   * @param cutoff the oldest resolution to keep
   * @return how many drifts were deleted
   * @throws StoreException if the store failed
   */
  int prune(Instant cutoff) throws StoreException;

  /**
   * Where this store keeps its data, without secrets, for messages and {@code /ready}, e.g. {@code
   * postgres://db:5432/tfdrift}.
   *
   * @return a human-readable location
   */
  String location();

  /** Closes connections. The default does nothing. */
  @Override
  default void close() {}

  /**
   * What {@link #apply} did.
   *
   * @since 0.1.0
   */
  enum Result {
    /** The change was written. */
    WRITTEN,
    /** The occurrence was already stored: nothing was written. */
    DUPLICATE,
    /** {@code decide} returned no change: nothing was written. */
    UNCHANGED
  }
}
