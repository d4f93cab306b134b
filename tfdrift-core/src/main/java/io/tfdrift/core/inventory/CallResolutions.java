package io.tfdrift.core.inventory;

import io.tfdrift.api.Actor;
import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.core.detect.Detector;
import io.tfdrift.core.detect.Evidence;
import io.tfdrift.core.detect.Values;
import io.tfdrift.core.json.DriftEventJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Closes drift from what later calls show ({@link Evidence}):
 *
 * <ul>
 *   <li><b>reverted</b>: an out-of-band call sets a drifted attribute back to what state holds;
 *   <li><b>applied</b>: Terraform's own call does so; and every resource Terraform's calls change
 *       is remembered ({@link TerraformTouches}) for the next state refresh ({@link
 *       RefreshResolutions});
 *   <li><b>deleted</b>: a call deletes a resource that is open {@code unmanaged} drift.
 * </ul>
 *
 * A call older than the drift's latest sighting resolves nothing. A partial change (a revoked rule,
 * a removed tag) resolves the drift only if, applied to the drifted value, it gives state's value.
 * Each candidate is looked up first (a read) and resolved in one transaction that checks again.
 */
public final class CallResolutions {
  private final Inventory inventory;
  private final TerraformTouches touches;

  /**
   * Resolutions from calls.
   *
   * @param inventory the inventory to resolve in
   * @param touches where Terraform's changes are remembered
   */
  public CallResolutions(Inventory inventory, TerraformTouches touches) {
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.touches = Objects.requireNonNull(touches, "touches");
  }

  /**
   * Resolves what one call's evidence closes, now: each candidate is looked up first (a read) and
   * resolved in a transaction of its own that checks again.
   *
   * @param evidence what the call showed
   * @param terraform whether Terraform made the call
   * @throws StoreException if the store failed; settling again is safe
   */
  public void settle(List<Evidence> evidence, boolean terraform) throws StoreException {
    for (Inventory.Resolve r : resolutions(evidence, terraform)) {
      Optional<DriftRecord> stored = inventory.store().find(r.key());
      if (stored.isPresent()
          && stored.get().status() != DriftStatus.RESOLVED
          && r.still().test(stored.get())) {
        inventory.resolve(r);
      }
    }
  }

  /**
   * What one call's evidence may resolve, to be {@link Inventory#commit committed} after the call's
   * sightings (each is checked again in the transaction that writes it); remembers what Terraform's
   * calls touched.
   *
   * @param evidence what the call showed
   * @param terraform whether Terraform made the call
   * @return the resolutions to try, possibly none
   */
  public List<Inventory.Resolve> resolutions(List<Evidence> evidence, boolean terraform) {
    List<Inventory.Resolve> resolves = new ArrayList<>(0);
    for (int i = 0; i < evidence.size(); i++) {
      Evidence e = evidence.get(i);
      if (e instanceof Evidence.InSync in) {
        resolves.add(inSync(in, terraform));
      } else if (e instanceof Evidence.Touched t) {
        touches.touched(t.resource(), t.event().time(), actor(t.event().actor()));
      } else if (e instanceof Evidence.Deleted d) {
        resolves.add(deleted(d));
      }
    }
    return resolves;
  }

  private Inventory.Resolve inSync(Evidence.InSync in, boolean terraform) {
    DriftKey key =
        DriftKeys.attribute(in.resource().state(), in.resource().address(), in.attribute());
    Predicate<DriftRecord> reverts =
        drift ->
            !in.event().time().isBefore(drift.lastSeen())
                && (in.change() instanceof AttributeChange.SetValue
                    || restoresState(drift, in.change(), in.resource().attributes()));
    return resolve(
        key,
        reverts,
        terraform ? Resolution.Reason.APPLIED : Resolution.Reason.REVERTED,
        in.event());
  }

  /**
   * Whether a partial change, applied to the drifted value, gives state's value: revoking the rule
   * that was added out of band does; revoking another one does not.
   */
  private static boolean restoresState(
      DriftRecord drift, AttributeChange change, java.util.Map<String, Object> state) {
    Optional<Object> actual = drifted(drift);
    return actual.isPresent()
        && Values.equivalent(Detector.after(change, actual.get()), state.get(drift.attribute()));
  }

  /** The drifted value of a {@code modified} drift, empty if unknown or masked as sensitive. */
  static Optional<Object> drifted(DriftRecord drift) {
    List<DriftEvent.Change> changes = DriftEventJson.read(drift.event()).changes();
    for (DriftEvent.Change c : changes) {
      if (c.attribute().equals(drift.attribute())) {
        return c.actual().filter(v -> !DriftEvent.Change.SENSITIVE.equals(v));
      }
    }
    return Optional.empty();
  }

  private Inventory.Resolve deleted(Evidence.Deleted d) {
    DriftKey key = DriftKey.of(DriftKind.UNMANAGED.label(), d.event().provider(), d.type(), d.id());
    return resolve(
        key,
        drift -> !d.event().time().isBefore(drift.lastSeen()),
        Resolution.Reason.DELETED,
        d.event());
  }

  private static Inventory.Resolve resolve(
      DriftKey key, Predicate<DriftRecord> still, Resolution.Reason reason, AuditEvent by) {
    return new Inventory.Resolve(
        key, still, new Resolution(reason, by.time(), actor(by.actor()), ""));
  }

  static String actor(Actor actor) {
    return actor.name().isEmpty() ? actor.arn() : actor.name();
  }
}
