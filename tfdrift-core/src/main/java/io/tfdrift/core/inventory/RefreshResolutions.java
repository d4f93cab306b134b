package io.tfdrift.core.inventory;

import io.tfdrift.api.DriftKind;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.DriftPage;
import io.tfdrift.api.inventory.DriftQuery;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.core.detect.Values;
import io.tfdrift.core.state.StateIndex;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Closes drift from what a newly loaded state holds, looking only at the open (and acknowledged)
 * drifts of that state, a page at a time:
 *
 * <ul>
 *   <li><b>accepted</b>: the state now holds the drifted value of a {@code modified} drift;
 *   <li><b>applied</b>: Terraform's own calls changed the resource after the drift ({@link
 *       TerraformTouches}) and the state no longer holds the drifted value, or a {@code deleted}
 *       resource is back under its address with a new id;
 *   <li><b>removed</b>: the drifted resource left the state;
 *   <li><b>imported</b>: a resource that is open {@code unmanaged} drift is now in the state.
 * </ul>
 *
 * Resolutions are by {@code "state refresh"}, or by the identity that applied, at the refresh's
 * time.
 */
public final class RefreshResolutions {
  /** Who resolves what a refresh shows. */
  public static final String BY_REFRESH = "state refresh";

  private static final int PAGE = 500;
  private static final Set<DriftStatus> UNRESOLVED =
      Set.of(DriftStatus.OPEN, DriftStatus.ACKNOWLEDGED);
  private static final Set<DriftKind> MANAGED =
      Set.of(DriftKind.MODIFIED, DriftKind.OUT_OF_BAND, DriftKind.DELETED);

  private final Inventory inventory;
  private final TerraformTouches touches;
  private final Clock clock;

  /**
   * Resolutions from state refreshes.
   *
   * @param inventory the inventory to resolve in
   * @param touches what Terraform's calls changed
   * @param clock the time of each resolution
   */
  public RefreshResolutions(Inventory inventory, TerraformTouches touches, Clock clock) {
    this.inventory = Objects.requireNonNull(inventory, "inventory");
    this.touches = Objects.requireNonNull(touches, "touches");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Resolves what a newly loaded configured state shows.
   *
   * @param configured the configured state's name; its workspaces are {@code <name>/<workspace>}
   * @param before the index before the refresh (for workspaces that left)
   * @param after the index after it
   * @return how many drifts were resolved
   * @throws StoreException if the store failed; reconciling again is safe
   */
  public int reconcile(String configured, StateIndex before, StateIndex after)
      throws StoreException {
    Set<String> names = new TreeSet<>();
    addNames(names, configured, before);
    addNames(names, configured, after);
    Map<String, ManagedResource> byAddress = new HashMap<>();
    for (ManagedResource r : after.resources()) {
      if (names.contains(r.state())) {
        byAddress.put(key(r.state(), r.address()), r);
      }
    }
    int resolved = 0;
    for (String state : names) {
      DriftQuery.Builder open =
          DriftQuery.builder().statuses(UNRESOLVED).kinds(MANAGED).state(state);
      resolved += pages(open, drift -> managed(drift, byAddress.get(key(state, drift.address()))));
    }
    DriftQuery.Builder unmanaged =
        DriftQuery.builder().statuses(UNRESOLVED).kinds(Set.of(DriftKind.UNMANAGED));
    resolved += pages(unmanaged, drift -> imported(drift, after, names));
    return resolved;
  }

  private static void addNames(Set<String> names, String configured, StateIndex index) {
    for (String name : index.states()) {
      if (name.equals(configured) || name.startsWith(configured + "/")) {
        names.add(name);
      }
    }
  }

  /** One drift's resolution from the refreshed state, if the state shows one. */
  private interface Rule {
    Optional<Resolution> decide(DriftRecord drift);
  }

  /**
   * Pages through the drifts matching a query and resolves what {@code rule} decides. A resolved
   * drift leaves the query's result, so the next page starts that much earlier.
   */
  private int pages(DriftQuery.Builder query, Rule rule) throws StoreException {
    int resolved = 0;
    long offset = 0;
    while (true) {
      DriftPage page =
          inventory
              .store()
              .query(query.sort(DriftQuery.Sort.ADDRESS, false).page(PAGE, offset).build());
      int left = 0;
      for (DriftRecord drift : page.items()) {
        Optional<Resolution> resolution = rule.decide(drift);
        if (resolution.isPresent()
            && inventory.resolve(drift.key(), same(drift), resolution.get())) {
          resolved++;
        } else {
          left++;
        }
      }
      if (page.items().size() < PAGE) {
        return resolved;
      }
      offset += left;
    }
  }

  /** Still the drift that was judged: no sighting since. */
  private static java.util.function.Predicate<DriftRecord> same(DriftRecord judged) {
    return now -> now.occurrences() == judged.occurrences() && now.status() == judged.status();
  }

  private Optional<Resolution> managed(DriftRecord drift, ManagedResource now) {
    if (now == null) {
      return resolution(Resolution.Reason.REMOVED, BY_REFRESH);
    }
    Optional<TerraformTouches.Touch> applied =
        touches.after(drift.state(), drift.address(), drift.lastSeen());
    return switch (drift.kind()) {
      case MODIFIED -> modified(drift, now, applied);
      case OUT_OF_BAND -> applied.flatMap(t -> resolution(Resolution.Reason.APPLIED, t.by()));
      case DELETED ->
          now.id().equals(drift.resourceId())
              ? Optional.empty()
              : resolution(
                  Resolution.Reason.APPLIED,
                  applied.map(TerraformTouches.Touch::by).orElse(BY_REFRESH));
      case UNMANAGED -> Optional.empty();
    };
  }

  private Optional<Resolution> modified(
      DriftRecord drift, ManagedResource now, Optional<TerraformTouches.Touch> applied) {
    Optional<Object> drifted = CallResolutions.drifted(drift);
    Object held = now.attributes().get(drift.attribute());
    if (drifted.isPresent() && Values.equivalent(held, drifted.get())) {
      return resolution(Resolution.Reason.ACCEPTED, BY_REFRESH);
    }
    return applied.flatMap(t -> resolution(Resolution.Reason.APPLIED, t.by()));
  }

  private Optional<Resolution> imported(DriftRecord drift, StateIndex after, Set<String> names) {
    ManagedResource now = after.lookup(drift.resourceType(), drift.resourceId());
    return now != null && names.contains(now.state())
        ? resolution(Resolution.Reason.IMPORTED, BY_REFRESH)
        : Optional.empty();
  }

  private Optional<Resolution> resolution(Resolution.Reason reason, String by) {
    return Optional.of(new Resolution(reason, clock.instant(), by, ""));
  }

  private static String key(String state, String address) {
    return state + '\n' + address;
  }
}
