package io.tfdrift.core.state;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link StateStore#refresh} of a configured state did; feeds {@code
 * tfdrift_state_last_sync_timestamp} and the {@code /ready} detail.
 *
 * @param state the configured state's name
 * @param outcome whether new documents were loaded, nothing changed, or the refresh failed
 * @param resources managed instances now served for this state (after a failure: those of the last
 *     good load, still served)
 * @param message a one-line summary; after a failure, the error naming the location and the fix
 * @param attemptedAt when this refresh ran
 * @param lastSuccess when this state was last loaded or confirmed unchanged; empty if never
 */
public record RefreshResult(
    String state,
    Outcome outcome,
    int resources,
    String message,
    Instant attemptedAt,
    Optional<Instant> lastSuccess) {

  /** What a refresh did. */
  public enum Outcome {
    /** New or changed documents were parsed and are now indexed. */
    LOADED,
    /** The backend reported no change; the index still serves the last load. */
    UNCHANGED,
    /** The fetch or parse failed; the last good load (if any) is still served. */
    FAILED
  }

  /** Validates that no part is {@code null}. */
  public RefreshResult {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(attemptedAt, "attemptedAt");
    Objects.requireNonNull(lastSuccess, "lastSuccess");
  }

  /**
   * Whether the state is being served from a successful load, even if this refresh failed.
   *
   * @return {@code true} once the state has loaded at least once
   */
  public boolean serving() {
    return lastSuccess.isPresent();
  }
}
