package io.tfdrift.core.detect;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A rule's maintenance window: changes made inside it are expected, so the rule either downgrades
 * them to {@code low} or suppresses them.
 *
 * @param from start of the allowed hours (inclusive)
 * @param to end of the allowed hours (exclusive); before {@code from} for windows across midnight
 * @param zone the time zone the hours are in
 * @param weekdaysOnly whether the window only opens on Mondays to Fridays (a window across midnight
 *     that opens on Friday night runs into Saturday)
 * @param suppress {@code true} to suppress drift inside the window, {@code false} to downgrade it
 */
public record Schedule(
    LocalTime from, LocalTime to, ZoneId zone, boolean weekdaysOnly, boolean suppress) {

  /** Validates that no part is {@code null}. */
  public Schedule {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
  }

  /**
   * Whether a change at this time is inside the window.
   *
   * @param when the time of the change
   * @return {@code true} inside the window
   */
  public boolean contains(Instant when) {
    ZonedDateTime local = when.atZone(zone);
    LocalTime t = local.toLocalTime();
    boolean acrossMidnight = !from.isBefore(to);
    boolean inHours =
        acrossMidnight ? !t.isBefore(from) || t.isBefore(to) : !t.isBefore(from) && t.isBefore(to);
    if (!inHours || !weekdaysOnly) {
      return inHours;
    }
    // The small hours of a window across midnight belong to the day the window opened.
    DayOfWeek opened =
        acrossMidnight && t.isBefore(to) ? local.getDayOfWeek().minus(1) : local.getDayOfWeek();
    return opened != DayOfWeek.SATURDAY && opened != DayOfWeek.SUNDAY;
  }
}
