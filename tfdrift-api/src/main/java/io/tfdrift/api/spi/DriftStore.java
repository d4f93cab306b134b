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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * List<Result> results = store.applyAll(List.of(            // one transaction, in order
 *     new Update(key, current -> Optional.of(inventory.decide(current, drift))),
 *     new Update(other, current -> Optional.of(inventory.decide(current, otherDrift)))));
 * List<Delivered> done = new ArrayList<>();
 * for (Notification n : store.claim("replica-1", 100, clock.instant(), Duration.ofMinutes(1))) {
 *   done.add(new Delivered(n.id(), notifier.deliver(event(n), n.thread())));
 * }
 * store.deliveredAll(done);
 * }</pre>
 *
 * <p>The daemon writes through the batch methods ({@link #applyAll}, {@link #deliveredAll}): a
 * store that overrides them to write each list in one transaction commits once per batch instead of
 * once per sighting. Their defaults call the single methods one by one, so a store that implements
 * only those keeps working, with one transaction per change.
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
   * Changes several drifts, in order, as {@link #apply} would one after another: a later update of
   * a drift sees what an earlier one in the list wrote, and the same occurrence (drift key, event
   * id) twice is {@link Result#DUPLICATE} the second time. A store should write the whole list in
   * one transaction (the bundled stores do): that is what makes recording many sightings cheap. As
   * with {@link #apply}, each {@code decide} must be a pure function of its argument.
   *
   * <p>The default applies the updates one by one, each in its own transaction.
   *
   * <pre>{@code
   * List<Result> results = store.applyAll(List.of(new Update(key, decide), new Update(key, again)));
   * }</pre>
   *
   * @param updates the drifts to change, in order; possibly empty
   * @return one result per update, in the order of {@code updates}
   * @throws StoreException if the store failed: a store writing one transaction wrote none of the
   *     updates, the default may have written some. Applying the same list again is safe when every
   *     update records an occurrence (stored once) or decides from what is stored, as the core's
   *     updates do.
   * @since 0.1.0
   */
  default List<Result> applyAll(List<Update> updates) throws StoreException {
    List<Result> results = new ArrayList<>(updates.size());
    for (Update u : updates) {
      results.add(apply(u.key(), u.decide()));
    }
    return results;
  }

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
   * Removes several delivered (or dead-lettered) notifications from the outbox, as {@link
   * #delivered} would one by one. A store should do it in one transaction (the bundled stores do).
   * The default calls {@link #delivered} for each.
   *
   * @param delivered the notifications and the threads their notifiers returned; possibly empty
   * @throws StoreException if the store failed; the notifications not yet removed may be delivered
   *     again
   * @since 0.1.0
   */
  default void deliveredAll(List<Delivered> delivered) throws StoreException {
    for (Delivered d : delivered) {
      delivered(d.id(), d.thread());
    }
  }

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
   * {@link #release} of several notifications: the host keeps the claims of all its deliveries
   * under way with one call, so a replica with many of them renews them before their leases end.
   * The default releases them one by one; a store should make it one transaction.
   *
   * @param ids the notifications' ids
   * @param notBefore when they may be claimed again
   * @throws StoreException if the store failed
   * @since 0.1.0
   */
  default void releaseAll(List<Long> ids, Instant notBefore) throws StoreException {
    for (long id : ids) {
      release(id, notBefore);
    }
  }

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
   * One change of {@link #applyAll}: the drift and how to decide its change, as the arguments of
   * {@link #apply}.
   *
   * @param key the drift to change
   * @param decide from the stored drift (empty if none) to the change, or empty for no change; a
   *     pure function
   * @since 0.1.0
   */
  record Update(DriftKey key, Function<Optional<DriftRecord>, Optional<DriftChange>> decide) {

    /** An update. */
    public Update {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(decide, "decide");
    }
  }

  /**
   * One notification of {@link #deliveredAll}: its id and what its notifier returned, as the
   * arguments of {@link #delivered}.
   *
   * @param id the notification's id
   * @param thread what the notifier returned, empty to keep the thread known so far
   * @since 0.1.0
   */
  record Delivered(long id, Optional<String> thread) {

    /** A delivered notification. */
    public Delivered {
      Objects.requireNonNull(thread, "thread");
    }
  }

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
