package io.tfdrift.core.assembly;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.Detection;
import io.tfdrift.core.Outcome;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.inventory.CallResolutions;
import io.tfdrift.core.inventory.Inventory;
import io.tfdrift.core.plugin.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What happens to one audit event, the same in the daemon and in {@code tfdrift replay --notify}:
 * the engine detects and classifies drift, the plugins see it (and may label it), then it is
 * recorded in the drift inventory (whose outbox feeds the notifiers) or, without an inventory,
 * handed straight to delivery.
 *
 * <pre>{@code
 * Detection d = pipeline.detect(event);
 * pipeline.record(d);            // may throw StoreException: call again, it is idempotent
 * pipeline.commit(d).thenRun(message::ack);   // the daemon: group commit, acknowledged after
 * }</pre>
 */
public final class Pipeline {
  private final TfDrift engine;
  private final Plugins plugins;
  private final Optional<Inventory> inventory;
  private final Consumer<DriftEvent> delivery;
  private final Optional<CallResolutions> resolutions;

  /**
   * A pipeline.
   *
   * @param engine detects and classifies
   * @param plugins see each drift before delivery; {@link Plugins#none()} for none
   * @param inventory where drift is recorded, if an inventory is kept
   * @param delivery where drift goes without an inventory, e.g. {@code dispatcher::submit}
   * @param resolutions what closes drift from the evidence calls show, with an inventory
   */
  public Pipeline(
      TfDrift engine,
      Plugins plugins,
      Optional<Inventory> inventory,
      Consumer<DriftEvent> delivery,
      Optional<CallResolutions> resolutions) {
    this.engine = engine;
    this.plugins = plugins;
    this.inventory = inventory;
    this.delivery = delivery;
    this.resolutions = resolutions;
  }

  /**
   * Detects and records one audit event.
   *
   * @param event the event
   * @return what became of it, with the drift as delivered (with the plugins' labels)
   * @throws StoreException if the inventory could not record it; {@link #record} it again
   */
  public Detection process(AuditEvent event) throws StoreException {
    Detection d = detect(event);
    record(d);
    return d;
  }

  /**
   * Detects drift in one audit event and lets the plugins see it, without recording or delivering
   * it.
   *
   * @param event the event
   * @return what became of it, with the drift as the plugins labelled it
   */
  public Detection detect(AuditEvent event) {
    Detection d = engine.process(event);
    List<DriftEvent> drift = d.drift();
    if (drift.isEmpty() || plugins.isEmpty()) {
      return d;
    }
    List<DriftEvent> labelled = new ArrayList<>(drift.size());
    for (DriftEvent e : drift) {
      labelled.add(plugins.onDrift(e));
    }
    return new Detection(d.outcome(), labelled, d.suppressed(), d.evidence());
  }

  /**
   * Records what {@link #detect} found in the inventory, or delivers it when there is none; with an
   * inventory, then resolves the drift its evidence closes. With an inventory this is idempotent:
   * recording a detection again after a failure changes nothing twice.
   *
   * @param d the detection
   * @throws StoreException if the inventory failed
   */
  public void record(Detection d) throws StoreException {
    List<DriftEvent> drift = d.drift();
    for (int i = 0; i < drift.size(); i++) {
      if (inventory.isPresent()) {
        inventory.get().record(drift.get(i));
      } else {
        delivery.accept(drift.get(i));
      }
    }
    if (resolutions.isPresent() && !d.evidence().isEmpty()) {
      resolutions.get().settle(d.evidence(), d.outcome() == Outcome.TERRAFORM_APPLY);
    }
  }

  /**
   * Records what {@link #detect} found as {@link #record} does, but through the inventory's group
   * commit: the drift is written with other workers' in one transaction, and the returned stage
   * completes once it is committed. The store's failures are retried inside, never dropped; the
   * caller waits here only while the group commit is full or the store is failing. Without an
   * inventory the drift is delivered now and the stage is complete.
   *
   * @param d the detection
   * @return completes once committed; exceptionally when the inventory was closed first (do not
   *     acknowledge the detection's message) or the inventory's decision failed
   * @throws InterruptedException if interrupted while waiting for room
   */
  public CompletableFuture<Void> commit(Detection d) throws InterruptedException {
    List<DriftEvent> drift = d.drift();
    if (inventory.isEmpty()) {
      for (int i = 0; i < drift.size(); i++) {
        delivery.accept(drift.get(i));
      }
      return CompletableFuture.completedFuture(null);
    }
    Inventory inv = inventory.get();
    List<DriftStore.Update> sightings =
        drift.size() == 1 ? inv.sightings(drift.get(0)) : new ArrayList<>();
    for (int i = 0; drift.size() > 1 && i < drift.size(); i++) {
      sightings.addAll(inv.sightings(drift.get(i)));
    }
    List<Inventory.Resolve> resolves =
        resolutions.isPresent() && !d.evidence().isEmpty()
            ? resolutions.get().resolutions(d.evidence(), d.outcome() == Outcome.TERRAFORM_APPLY)
            : List.of();
    return inv.commit(sightings, resolves);
  }

  /**
   * The drift inventory, if one is kept.
   *
   * @return the inventory
   */
  public Optional<Inventory> inventory() {
    return inventory;
  }
}
