package io.tfdrift.core.inventory;

import io.tfdrift.api.ManagedResource;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The managed resources Terraform's own calls changed lately, so that the next state refresh can
 * tell an apply (drift fixed or replaced by new code: {@code applied}) from a state that merely
 * moved on. Kept in memory, the most recent {@code capacity} resources: after a restart, or on a
 * replica that did not receive the calls, such drift stays open until another rule closes it.
 * Thread-safe.
 */
public final class TerraformTouches {
  /** The default number of resources remembered. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final Map<String, Touch> touches;

  /** A memory of {@link #DEFAULT_CAPACITY} resources. */
  public TerraformTouches() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * A memory of the {@code capacity} most recently changed resources.
   *
   * @param capacity how many resources to remember, at least 1
   */
  public TerraformTouches(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.touches =
        new LinkedHashMap<>(16, 0.75f, false) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Touch> eldest) {
            return size() > capacity;
          }
        };
  }

  /**
   * One change by Terraform.
   *
   * @param at when the call was made
   * @param by who made it (the apply's identity)
   */
  public record Touch(Instant at, String by) {
    /** A touch. */
    public Touch {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(by, "by");
    }
  }

  /**
   * Remembers that Terraform changed a resource; the latest change of a resource is kept.
   *
   * @param resource the resource as state held it
   * @param at when
   * @param by who
   */
  public synchronized void touched(ManagedResource resource, Instant at, String by) {
    String key = key(resource.state(), resource.address());
    Touch before = touches.remove(key);
    touches.put(key, before != null && before.at().isAfter(at) ? before : new Touch(at, by));
  }

  /**
   * Terraform's latest change of a resource, if it came after {@code after}.
   *
   * @param state the state holding the resource
   * @param address its address
   * @param after the time it must be later than, e.g. a drift's last sighting
   * @return the change, empty if none is remembered after that time
   */
  public synchronized Optional<Touch> after(String state, String address, Instant after) {
    Touch t = touches.get(key(state, address));
    return t != null && t.at().isAfter(after) ? Optional.of(t) : Optional.empty();
  }

  private static String key(String state, String address) {
    return state + '\n' + address;
  }
}
