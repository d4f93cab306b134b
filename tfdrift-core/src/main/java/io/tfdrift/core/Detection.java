package io.tfdrift.core;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.core.detect.Evidence;
import java.util.List;
import java.util.Objects;

/**
 * The result of processing one audit event.
 *
 * @param outcome what became of it
 * @param drift the classified drift, empty unless the outcome is {@link Outcome#DRIFT}
 * @param suppressed why findings were suppressed, one line each
 * @param evidence what the call showed in sync with state, for the drift inventory to close drift;
 *     empty unless the engine {@link TfDrift.Builder#reportEvidence reports it}
 */
public record Detection(
    Outcome outcome, List<DriftEvent> drift, List<String> suppressed, List<Evidence> evidence) {

  /** Validates the parts and copies the lists. */
  public Detection {
    Objects.requireNonNull(outcome, "outcome");
    drift = List.copyOf(drift);
    suppressed = List.copyOf(suppressed);
    evidence = List.copyOf(evidence);
  }

  /**
   * A result without evidence.
   *
   * @param outcome what became of the event
   * @param drift the classified drift
   * @param suppressed why findings were suppressed
   */
  public Detection(Outcome outcome, List<DriftEvent> drift, List<String> suppressed) {
    this(outcome, drift, suppressed, List.of());
  }

  /**
   * This result with evidence, or itself when there is none.
   *
   * @param found the evidence, {@code null} or empty for none
   * @return the result
   */
  Detection withEvidence(List<Evidence> found) {
    return found == null || found.isEmpty()
        ? this
        : new Detection(outcome, drift, suppressed, found);
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
