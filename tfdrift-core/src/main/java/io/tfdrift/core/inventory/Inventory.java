package io.tfdrift.core.inventory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.Acknowledgement;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.json.DriftEventJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The drift inventory: every detection becomes a sighting of one drift per {@link DriftKeys key}
 * (one per attribute for {@code modified} drift), decided by the {@link Lifecycle} and written by
 * the {@link DriftStore} in one transaction with its notifications (the outbox). A sighting is
 * recorded once per (drift, audit event), so recording the same detection again, after a failure or
 * on another replica, changes nothing.
 *
 * <p>The daemon's workers {@link #commit hand} their sightings to a {@link GroupCommit}: one
 * transaction for everything handed over while the previous one was committing, and each hand-over
 * completes once committed (queue sources acknowledge then).
 *
 * <pre>{@code
 * Inventory inventory = new Inventory(store, new Lifecycle(notifyOn), meters, outbox::wake);
 * inventory.record(drift);                  // opens, counts, escalates; one transaction
 * inventory.commit(inventory.sightings(drift), List.of())
 *     .thenRun(message::ack);               // batched with other workers' sightings
 * inventory.resolve(key, resolution);       // closes, notifies
 * }</pre>
 */
public final class Inventory implements AutoCloseable {
  /** The most drift updates written in one transaction by {@link #commit}. */
  static final int MAX_BATCH = 256;

  private final DriftStore store;
  private final Lifecycle lifecycle;
  private final Map<DriftStore.Result, Counter> writes = new EnumMap<>(DriftStore.Result.class);
  private final Map<Resolution.Reason, Counter> resolutions =
      new EnumMap<>(Resolution.Reason.class);
  private final Counter failures;
  private final Timer latency;
  private final DistributionSummary batches;
  private final Runnable committed;
  private final GroupCommit group;

  /**
   * An inventory over a store.
   *
   * @param store where drifts and the outbox are kept; closed with the inventory
   * @param lifecycle how drifts change and who hears of it
   * @param meters where {@code tfdrift_store_*} metrics go
   * @param committed called after each change written, e.g. to wake the {@link Outbox}
   */
  public Inventory(
      DriftStore store, Lifecycle lifecycle, MeterRegistry meters, Runnable committed) {
    this.store = Objects.requireNonNull(store, "store");
    this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    this.committed = Objects.requireNonNull(committed, "committed");
    for (DriftStore.Result r : DriftStore.Result.values()) {
      writes.put(
          r,
          Counter.builder("tfdrift.store.writes")
              .description("Drift sightings written to the inventory, by result")
              .tag("result", r.name().toLowerCase(Locale.ROOT))
              .register(meters));
    }
    for (Resolution.Reason r : Resolution.Reason.values()) {
      resolutions.put(
          r,
          Counter.builder("tfdrift.drifts.resolved")
              .description("Drifts resolved, by reason")
              .tag("reason", r.label())
              .register(meters));
    }
    this.failures =
        Counter.builder("tfdrift.store.failures")
            .description("Inventory writes that failed (retried until the store is back)")
            .register(meters);
    this.latency =
        Timer.builder("tfdrift.store.write.latency")
            .description("Time to commit one transaction of drift sightings")
            .register(meters);
    this.batches =
        DistributionSummary.builder("tfdrift.store.batch.size")
            .description("Drift updates written per transaction by the daemon's group commit")
            .register(meters);
    this.group =
        new GroupCommit(
            store,
            MAX_BATCH,
            new GroupCommit.Listener() {
              @Override
              public void committed(int updates, long nanos) {
                batches.record(updates);
                latency.record(nanos, TimeUnit.NANOSECONDS);
              }

              @Override
              public void failed(StoreException e) {
                failures.increment();
              }
            });
  }

  /**
   * A change that resolves a drift if it still is as {@code still} expects, judged in the
   * transaction that writes it.
   *
   * @param key the drift
   * @param still whether the stored drift is still the one to resolve; a pure function
   * @param resolution how, when and by whom
   */
  public record Resolve(DriftKey key, Predicate<DriftRecord> still, Resolution resolution) {

    /** A resolution to write. */
    public Resolve {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(still, "still");
      Objects.requireNonNull(resolution, "resolution");
    }
  }

  /**
   * The updates that record one detection: one sighting per drift it shows.
   *
   * @param drift the classified detection, as delivered (with the plugins' labels)
   * @return the updates, for {@link #commit}
   */
  public List<DriftStore.Update> sightings(DriftEvent drift) {
    List<DriftKey> keys = DriftKeys.of(drift);
    List<DriftStore.Update> updates = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      DriftEvent one = narrowed(drift, i, keys.size());
      String attribute =
          drift.kind() == DriftKind.MODIFIED && !one.changes().isEmpty()
              ? one.changes().get(0).attribute()
              : "";
      Sighting sighting = new Sighting(keys.get(i), one, attribute, DriftEventJson.write(one));
      updates.add(
          new DriftStore.Update(sighting.key(), current -> lifecycle.seen(current, sighting)));
    }
    return updates;
  }

  /**
   * Hands sightings and resolutions over to the group commit, which writes them with other workers'
   * in one transaction, in this order. Waits only while the group commit is full or the store is
   * failing (so the caller's queue fills and its sources are pushed back); a failing store is
   * retried until it works, never dropped.
   *
   * @param sightings from {@link #sightings}
   * @param resolves drifts to resolve after them
   * @return completes once committed; exceptionally with a {@link StoreException} only when the
   *     inventory is closed first (the caller must not acknowledge the detection), or with the
   *     decision's exception if deciding failed
   * @throws InterruptedException if interrupted while waiting for room
   */
  public CompletableFuture<Void> commit(List<DriftStore.Update> sightings, List<Resolve> resolves)
      throws InterruptedException {
    if (sightings.isEmpty() && resolves.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<DriftStore.Update> updates = new ArrayList<>(sightings.size() + resolves.size());
    updates.addAll(sightings);
    for (Resolve r : resolves) {
      updates.add(resolution(r));
    }
    int seen = sightings.size();
    return group
        .submit(updates)
        .thenApply(
            results -> {
              boolean written = false;
              for (int i = 0; i < results.size(); i++) {
                DriftStore.Result result = results.get(i);
                written |= result == DriftStore.Result.WRITTEN;
                if (i < seen) {
                  writes.get(result).increment();
                } else if (result == DriftStore.Result.WRITTEN) {
                  resolutions.get(resolves.get(i - seen).resolution().reason()).increment();
                }
              }
              if (written) {
                committed.run();
              }
              return null;
            });
  }

  private DriftStore.Update resolution(Resolve r) {
    return new DriftStore.Update(
        r.key(),
        current ->
            current.isPresent() && r.still().test(current.get())
                ? lifecycle.resolve(current, r.resolution())
                : Optional.empty());
  }

  /**
   * Why the group commit cannot write right now, for {@code /ready}.
   *
   * @return the store's failure, or {@code ""} when the last commit worked
   */
  public String problem() {
    return group.problem();
  }

  /**
   * Waits until everything handed to {@link #commit} is written, or the deadline.
   *
   * @param deadline how long to wait
   * @return {@code true} if nothing is left to write
   */
  public boolean drain(Duration deadline) {
    return group.drain(deadline);
  }

  /**
   * Records one detection: one sighting per drift it shows.
   *
   * @param drift the classified detection, as delivered (with the plugins' labels)
   * @throws StoreException if the store failed; recording again is safe
   */
  public void record(DriftEvent drift) throws StoreException {
    List<DriftStore.Update> updates = sightings(drift);
    long start = System.nanoTime();
    try {
      List<DriftStore.Result> results = store.applyAll(updates);
      boolean written = false;
      for (DriftStore.Result result : results) {
        writes.get(result).increment();
        written |= result == DriftStore.Result.WRITTEN;
      }
      if (written) {
        committed.run();
      }
    } catch (StoreException e) {
      failures.increment();
      throw e;
    } finally {
      latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** For {@code modified} drift of several attributes, the detection of attribute {@code i}. */
  private static DriftEvent narrowed(DriftEvent drift, int i, int count) {
    if (count == 1) {
      return drift; // one drift: all of its changes (an unmanaged resource lists several)
    }
    return new DriftEvent(
        drift.id(),
        drift.kind(),
        drift.severity(),
        drift.provider(),
        drift.resource(),
        List.of(drift.changes().get(i)),
        drift.actor(),
        drift.event(),
        drift.matchedRules(),
        drift.detectedAt(),
        drift.labels(),
        drift.lifecycle());
  }

  /**
   * Resolves an open or acknowledged drift.
   *
   * @param key the drift
   * @param resolution how, when and by whom
   * @return {@code true} if it was open or acknowledged and is now resolved
   * @throws StoreException if the store failed
   */
  public boolean resolve(DriftKey key, Resolution resolution) throws StoreException {
    return resolve(key, drift -> true, resolution);
  }

  /**
   * Resolves an open or acknowledged drift if it still is as {@code r} expects, now, in one
   * transaction of its own.
   *
   * @param r the resolution
   * @return {@code true} if it was open or acknowledged, passed the check and is now resolved
   * @throws StoreException if the store failed
   */
  public boolean resolve(Resolve r) throws StoreException {
    return resolve(r.key(), r.still(), r.resolution());
  }

  /**
   * Resolves an open or acknowledged drift if it still is as {@code still} expects, judged in the
   * same transaction as the change (a sighting in between is not resolved away).
   *
   * @param key the drift
   * @param still whether the stored drift is still the one to resolve; a pure function
   * @param resolution how, when and by whom
   * @return {@code true} if it was open or acknowledged, passed {@code still} and is now resolved
   * @throws StoreException if the store failed
   */
  public boolean resolve(DriftKey key, Predicate<DriftRecord> still, Resolution resolution)
      throws StoreException {
    boolean done =
        store.apply(
                key,
                current ->
                    current.isPresent() && still.test(current.get())
                        ? lifecycle.resolve(current, resolution)
                        : Optional.empty())
            == DriftStore.Result.WRITTEN;
    if (done) {
      resolutions.get(resolution.reason()).increment();
      committed.run();
    }
    return done;
  }

  /**
   * Mutes an open drift until it is seen again.
   *
   * @param key the drift
   * @param acknowledgement who and why
   * @return {@code true} if it was open and is now acknowledged
   * @throws StoreException if the store failed
   */
  public boolean acknowledge(DriftKey key, Acknowledgement acknowledgement) throws StoreException {
    boolean done =
        store.apply(key, current -> lifecycle.acknowledge(current, acknowledgement))
            == DriftStore.Result.WRITTEN;
    if (done) {
      committed.run();
    }
    return done;
  }

  /**
   * The store, for queries and the outbox.
   *
   * @return the store
   */
  public DriftStore store() {
    return store;
  }

  /** Stops the group commit (what it has not written fails) and closes the store. */
  @Override
  public void close() {
    group.close();
    store.close();
  }
}
