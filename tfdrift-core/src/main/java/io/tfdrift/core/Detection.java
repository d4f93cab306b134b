package io.tfdrift.core;

import io.tfdrift.api.DriftEvent;
import java.util.List;
import java.util.Objects;

/**
 * The result of processing one audit event.
 *
 * @param outcome what became of it
 * @param drift the classified drift, empty unless the outcome is {@link Outcome#DRIFT}
 * @param suppressed why findings were suppressed, one line each
 */
public record Detection(Outcome outcome, List<DriftEvent> drift, List<String> suppressed) {

  /** Validates the parts and copies the lists. */
  public Detection {
    Objects.requireNonNull(outcome, "outcome");
    drift = List.copyOf(drift);
    suppressed = List.copyOf(suppressed);
  }

  private static final Detection[] EMPTY = new Detection[Outcome.values().length];

  static {
    for (Outcome o : Outcome.values()) {
      EMPTY[o.ordinal()] = new Detection(o, List.of(), List.of());
    }
  }

  /** The result without drift; shared, so that the common outcomes allocate nothing. */
  static Detection of(Outcome outcome) {
    return EMPTY[outcome.ordinal()];
  }
}
