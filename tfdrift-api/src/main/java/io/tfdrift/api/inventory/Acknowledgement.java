package io.tfdrift.api.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * A person muted an open drift until it changes again.
 *
 * @param at when
 * @param by who
 * @param note why, empty if not given
 * @since 0.1.0
 */
public record Acknowledgement(Instant at, String by, String note) {

  /** An acknowledgement. */
  public Acknowledgement {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(note, "note");
  }
}
