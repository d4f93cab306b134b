package io.tfdrift.core.assembly;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.StoreException;
import io.tfdrift.core.Detection;
import io.tfdrift.core.Outcome;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.inventory.CallResolutions;
import io.tfdrift.core.inventory.Inventory;
import io.tfdrift.core.plugin.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
   * The drift inventory, if one is kept.
   *
   * @return the inventory
   */
  public Optional<Inventory> inventory() {
    return inventory;
  }
}
