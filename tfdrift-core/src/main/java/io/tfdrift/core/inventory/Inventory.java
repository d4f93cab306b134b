package io.tfdrift.core.inventory;

import io.micrometer.core.instrument.Counter;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The drift inventory: every detection becomes a sighting of one drift per {@link DriftKeys key}
 * (one per attribute for {@code modified} drift), decided by the {@link Lifecycle} and written by
 * the {@link DriftStore} in one transaction with its notifications (the outbox). A sighting is
 * recorded once per (drift, audit event), so recording the same detection again, after a failure or
 * on another replica, changes nothing.
 *
 * <pre>{@code
 * Inventory inventory = new Inventory(store, new Lifecycle(notifyOn), meters);
 * inventory.record(drift);                  // opens, counts, escalates
 * inventory.resolve(key, resolution);       // closes, notifies
 * }</pre>
 */
public final class Inventory implements AutoCloseable {
  private final DriftStore store;
  private final Lifecycle lifecycle;
  private final Map<DriftStore.Result, Counter> writes = new EnumMap<>(DriftStore.Result.class);
  private final Map<Resolution.Reason, Counter> resolutions =
      new EnumMap<>(Resolution.Reason.class);
  private final Counter failures;
  private final Timer latency;
  private final Runnable committed;

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
            .description("Time to commit one drift sighting")
            .register(meters);
  }

  /**
   * Records one detection: one sighting per drift it shows.
   *
   * @param drift the classified detection, as delivered (with the plugins' labels)
   * @throws StoreException if the store failed; recording again is safe
   */
  public void record(DriftEvent drift) throws StoreException {
    List<DriftKey> keys = DriftKeys.of(drift);
    for (int i = 0; i < keys.size(); i++) {
      DriftEvent one = narrowed(drift, i, keys.size());
      String attribute =
          drift.kind() == DriftKind.MODIFIED && !one.changes().isEmpty()
              ? one.changes().get(0).attribute()
              : "";
      Sighting sighting = new Sighting(keys.get(i), one, attribute, DriftEventJson.write(one));
      long start = System.nanoTime();
      try {
        DriftStore.Result result =
            store.apply(sighting.key(), current -> lifecycle.seen(current, sighting));
        writes.get(result).increment();
        if (result == DriftStore.Result.WRITTEN) {
          committed.run();
        }
      } catch (StoreException e) {
        failures.increment();
        throw e;
      } finally {
        latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
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

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }
}
