package io.tfdrift.core.decode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;

/**
 * Parses the instants audit records carry ({@code 2023-07-10T12:00:23Z}, {@code
 * 2021-10-19T02:57:47.339377Z}, Falco's {@code 2023-07-06T22:43:54.476694000Z}) as {@link
 * Instant#parse} does, several times faster: {@code Instant.parse} goes through the general {@code
 * DateTimeFormatter} machinery (field maps, resolvers), which was a third of the time of decoding a
 * Falco alert. Anything but the plain UTC shape with in-range fields (offsets, lower-case letters,
 * {@code 24:00}, leap seconds, invalid dates) is handed to {@code Instant.parse}, so results and
 * errors are exactly its own.
 *
 * <pre>{@code
 * Instant t = Instants.parse("2023-07-10T12:00:23Z");
 * }</pre>
 */
public final class Instants {
  private static final int DATE_TIME = 19; // yyyy-MM-ddTHH:mm:ss

  private Instants() {}

  /**
   * Parses an ISO-8601 instant.
   *
   * @param text the text
   * @return the instant, equal to {@code Instant.parse(text)}
   * @throws DateTimeParseException as {@link Instant#parse} does
   */
  public static Instant parse(String text) {
    Instant fast = plainUtc(text);
    return fast != null ? fast : Instant.parse(text);
  }

  /**
   * Parses the time of an audit record as clouds write it and as SIEMs, Athena and BigQuery export
   * it: an ISO-8601 instant, or {@code yyyy-MM-dd HH:mm:ss[.f{1,9}]} without a zone (a space or
   * {@code T} between date and time), which those exports mean as UTC.
   *
   * <pre>{@code
   * Instants.parseRecordTime("2024-01-25 13:28:18.961519813"); // 2024-01-25T13:28:18.961519813Z
   * }</pre>
   *
   * @param text the text
   * @return the instant
   * @throws DateTimeParseException if it is neither
   */
  public static Instant parseRecordTime(String text) {
    Instant fast = plainUtc(text);
    if (fast != null) {
      return fast;
    }
    int n = text.length();
    if (n >= DATE_TIME
        && n <= DATE_TIME + 10
        && (text.charAt(10) == ' ' || text.charAt(10) == 'T')
        && Character.isDigit(text.charAt(n - 1))) {
      Instant exported = plainUtc(text.substring(0, 10) + 'T' + text.substring(11) + 'Z');
      if (exported != null) {
        return exported;
      }
    }
    String squeezed = n > 11 ? text.substring(0, 11) + text.substring(11).replace(" ", "") : text;
    if (!squeezed.equals(text)) {
      // Copied from a page that wrapped it: "2020-08-08T00: 11: 44.895529672Z".
      return parseRecordTime(squeezed);
    }
    return Instant.parse(text);
  }

  /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} with fields in range, else null. */
  private static Instant plainUtc(String t) {
    int n = t.length();
    if (n < DATE_TIME + 1
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
      return null;
    }
    if (minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    if (day > Month.of(month).length(Year.isLeap(year))) {
      return null;
    }
    int nanos = 0;
    if (n > DATE_TIME + 1) {
      int fraction = n - 1 - (DATE_TIME + 1);
      if (t.charAt(DATE_TIME) != '.' || fraction < 1 || fraction > 9) {
        return null;
      }
      nanos = digits(t, DATE_TIME + 1, fraction);
      if (nanos < 0) {
        return null;
      }
      for (int i = fraction; i < 9; i++) {
        nanos *= 10;
      }
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
  }

  /** The value of {@code count} ASCII digits at {@code from}, or -1. */
  private static int digits(String t, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
