package io.tfdrift.api.inventory;

import io.tfdrift.api.Severity;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts over the whole inventory, for dashboards.
 *
 * @param counts drifts by status and severity (absent pairs are zero)
 * @param days drifts opened and resolved per UTC day, oldest first, over the asked period
 * @param meanTimeToResolve the mean time from first seen to resolution of drifts resolved in the
 *     period, empty if none was
 * @since 0.1.0
 */
public record DriftSummary(
    Map<DriftStatus, Map<Severity, Long>> counts,
    List<Day> days,
    Optional<Duration> meanTimeToResolve) {

  /** A summary. */
  public DriftSummary {
    counts = Map.copyOf(counts);
    days = List.copyOf(days);
    Objects.requireNonNull(meanTimeToResolve, "meanTimeToResolve");
  }

  /**
   * The number of drifts with this status and severity.
   *
   * @param status the status
   * @param severity the severity
   * @return the count, zero if none
   */
  public long count(DriftStatus status, Severity severity) {
    return counts.getOrDefault(status, Map.of()).getOrDefault(severity, 0L);
  }

  /**
   * Drifts opened and resolved on one UTC day.
   *
   * @param date the day
   * @param opened drifts first seen that day
   * @param resolved drifts resolved that day
   * @since 0.1.0
   */
  public record Day(LocalDate date, long opened, long resolved) {

    /** A day. */
    public Day {
      Objects.requireNonNull(date, "date");
    }
  }
}
