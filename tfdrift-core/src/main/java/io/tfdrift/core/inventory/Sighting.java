package io.tfdrift.core.inventory;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.DriftKey;
import java.util.Objects;

/**
 * One detection of one drift: the classified {@link DriftEvent}, the key it belongs to, the drifted
 * attribute ({@code ""} unless modified) and the event as JSON (what is stored and delivered).
 *
 * @param key the drift
 * @param drift the classified detection
 * @param attribute the attribute of {@code modified} drift, else empty
 * @param json the detection as DriftEvent JSON
 */
public record Sighting(DriftKey key, DriftEvent drift, String attribute, String json) {

  /** A sighting. */
  public Sighting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(drift, "drift");
    Objects.requireNonNull(attribute, "attribute");
    Objects.requireNonNull(json, "json");
  }
}
