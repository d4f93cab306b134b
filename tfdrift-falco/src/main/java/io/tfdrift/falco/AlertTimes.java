package io.tfdrift.falco;

import io.tfdrift.core.decode.Instants;
import io.tfdrift.core.guard.LogThrottle;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.slf4j.LoggerFactory;

/**
 * The time of the record an alert carries: its own ({@code ct.time}, {@code gcp.time}) when it can
 * be read, else the alert's {@code time} with a warning. A record whose time is unreadable still
 * reports its drift: the change happened, and Falco saw it at the alert's time.
 */
final class AlertTimes {
  private static final LogThrottle UNREADABLE =
      new LogThrottle(LoggerFactory.getLogger(AlertTimes.class));

  private AlertTimes() {}

  static boolean readable(String time) {
    try {
      Instants.parseRecordTime(time);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static String recordTime(String field, String recordTime, Instant alertTime) {
    if (recordTime.isEmpty()) {
      return alertTime.toString();
    }
    try {
      Instants.parseRecordTime(recordTime);
      return recordTime;
    } catch (DateTimeParseException e) {
      UNREADABLE.log(
          "Falco alert field {} '{}' cannot be read as a time; using the alert's time {}",
          field,
          recordTime,
          alertTime);
      return alertTime.toString();
    }
  }
}
