package io.tfdrift.core.inventory;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.inventory.DriftKey;
import java.util.ArrayList;
import java.util.List;

/**
 * What drifted, for each kind: {@code modified} drift is one drift per attribute (state, address,
 * attribute); {@code out_of_band} and {@code deleted} drift are keyed by (state, address); {@code
 * unmanaged} drift by (provider, type, id), since no state holds it.
 */
public final class DriftKeys {
  private DriftKeys() {}

  /**
   * The drifts one detection shows: one per changed attribute for {@code modified} drift, one
   * otherwise.
   *
   * @param drift the detection
   * @return the keys, never empty
   */
  public static List<DriftKey> of(DriftEvent drift) {
    DriftEvent.Resource r = drift.resource();
    String kind = drift.kind().label();
    return switch (drift.kind()) {
      case MODIFIED -> {
        if (drift.changes().isEmpty()) {
          yield List.of(DriftKey.of(kind, r.state(), r.address(), ""));
        }
        List<DriftKey> keys = new ArrayList<>(drift.changes().size());
        for (DriftEvent.Change c : drift.changes()) {
          keys.add(attribute(r.state(), r.address(), c.attribute()));
        }
        yield keys;
      }
      case OUT_OF_BAND, DELETED -> List.of(DriftKey.of(kind, r.state(), r.address()));
      case UNMANAGED -> List.of(DriftKey.of(kind, drift.provider(), r.type(), r.id()));
    };
  }

  /**
   * The key of {@code modified} drift of one attribute.
   *
   * @param state the state name
   * @param address the resource address
   * @param attribute the attribute
   * @return the key
   */
  public static DriftKey attribute(String state, String address, String attribute) {
    return DriftKey.of(DriftKind.MODIFIED.label(), state, address, attribute);
  }
}
