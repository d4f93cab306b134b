package io.tfdrift.runtime;

import io.tfdrift.core.json.JsonTrees;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The inventory API's answers as text for people: a table of drifts, one drift in full. */
final class DriftText {
  private DriftText() {}

  private static final List<String> COLUMNS =
      List.of("SEVERITY", "STATUS", "KIND", "RESOURCE", "ATTRIBUTE", "ACTOR", "SEEN", "LAST SEEN");

  /** A page of {@code GET /api/v1/drifts} as a table with a footer saying what is left. */
  static String table(Map<String, Object> page, String server) {
    List<Object> items = list(page.get("items"));
    long total = number(page.get("total"));
    long offset = number(page.get("offset"));
    if (items.isEmpty()) {
      return total == 0
          ? "no drift matches at " + server + "\n"
          : "no drift on this page: " + total + " match, --offset " + offset + " is past them\n";
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(new ArrayList<>(COLUMNS));
    rows.get(0).add("KEY");
    for (Object item : items) {
      Map<String, Object> d = map(item);
      rows.add(
          List.of(
              text(d, "severity").toUpperCase(java.util.Locale.ROOT),
              text(d, "status"),
              text(d, "kind"),
              resource(d),
              text(d, "attribute"),
              text(d, "actor"),
              text(d, "occurrences"),
              text(d, "last_seen"),
              text(d, "key")));
    }
    StringBuilder out = new StringBuilder();
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    long last = offset + items.size();
    out.append(offset + 1).append('-').append(last).append(" of ").append(total);
    out.append(total == 1 ? " drift" : " drifts");
    if (last < total) {
      out.append("; the next page: --offset ").append(last);
    }
    return out.append('\n').toString();
  }

  private static String resource(Map<String, Object> d) {
    String address = text(d, "address");
    return address.isEmpty() ? text(d, "resource_type") + " " + text(d, "resource_id") : address;
  }

  /** How a drift is named in a sentence: its address (and attribute), and its key. */
  static String name(Map<String, Object> d) {
    String attribute = text(d, "attribute");
    return resource(d) + (attribute.isEmpty() ? "" : " " + attribute) + " [" + text(d, "key") + "]";
  }

  /** {@code GET /api/v1/drifts/{key}} in full: facts, the change, the occurrences. */
  static String detail(Map<String, Object> d) {
    StringBuilder out = new StringBuilder();
    out.append(text(d, "severity").toUpperCase(java.util.Locale.ROOT))
        .append("  ")
        .append(text(d, "status"))
        .append("  ")
        .append(text(d, "kind"))
        .append("  ")
        .append(resource(d));
    if (!text(d, "state").isEmpty()) {
      out.append("  (state ").append(text(d, "state")).append(')');
    }
    out.append('\n');
    fact(out, "key", text(d, "key"));
    fact(out, "resource", text(d, "resource_type") + " " + text(d, "resource_id"));
    fact(out, "provider", text(d, "provider"));
    fact(out, "first seen", text(d, "first_seen"));
    fact(out, "last seen", text(d, "last_seen"));
    fact(out, "occurrences", text(d, "occurrences"));
    fact(out, "latest actor", text(d, "actor"));
    Map<String, Object> ack = JsonTrees.object(d, "acknowledgement");
    if (!ack.isEmpty()) {
      fact(out, "acknowledged", by(ack) + note(ack));
    }
    Map<String, Object> resolution = JsonTrees.object(d, "resolution");
    if (!resolution.isEmpty()) {
      fact(
          out,
          "resolved",
          text(resolution, "reason")
              + ", "
              + by(resolution)
              + note(resolution)
              + " (open for "
              + duration(text(d, "first_seen"), text(resolution, "at"))
              + ")");
    }
    out.append("\nchange (state -> cloud):\n");
    List<Object> changes = list(JsonTrees.at(d, "drift", "changes"));
    if (changes.isEmpty()) {
      out.append("  ")
          .append(
              switch (text(d, "kind")) {
                case "deleted" -> "the resource was deleted";
                case "unmanaged" -> "a resource no state holds";
                default ->
                    "the call changed the resource in a way its audit record does not itemise";
              })
          .append('\n');
    }
    for (Object c : changes) {
      Map<String, Object> change = map(c);
      out.append("  ").append(text(change, "attribute")).append(":\n");
      for (String line : JsonLineDiff.diff(change.get("expected"), change.get("actual"))) {
        out.append("    ").append(line).append('\n');
      }
    }
    List<Object> occurrences = list(d.get("occurrence_list"));
    out.append("\noccurrences (latest first, ")
        .append(occurrences.size())
        .append(" of ")
        .append(text(d, "occurrences"))
        .append("):\n");
    for (Object o : occurrences) {
      Map<String, Object> occurrence = map(o);
      Map<String, Object> event = JsonTrees.object(occurrence, "drift", "event");
      out.append("  ")
          .append(text(occurrence, "time"))
          .append("  ")
          .append(text(occurrence, "actor"))
          .append("  ")
          .append(text(event, "name"));
      if (!text(event, "source_ip").isEmpty()) {
        out.append("  from ").append(text(event, "source_ip"));
      }
      if (!text(event, "user_agent").isEmpty()) {
        out.append("  ").append(text(event, "user_agent"));
      }
      out.append("  event ").append(text(occurrence, "event_id")).append('\n');
    }
    return out.toString();
  }

  private static String by(Map<String, Object> m) {
    return "by " + text(m, "by") + " at " + text(m, "at");
  }

  private static String note(Map<String, Object> m) {
    String note = text(m, "note");
    return note.isEmpty() ? "" : ": " + note;
  }

  private static void fact(StringBuilder out, String name, String value) {
    if (!value.isBlank()) {
      out.append("  ").append(name).append(':').append(" ".repeat(14 - name.length()));
      out.append(value).append('\n');
    }
  }

  /** The time between two RFC 3339 instants, e.g. {@code 2h 5m}; empty if either is not one. */
  static String duration(String from, String to) {
    try {
      Duration d = Duration.between(Instant.parse(from), Instant.parse(to));
      if (d.toDays() > 0) {
        return d.toDays() + "d " + d.toHoursPart() + "h";
      }
      if (d.toHours() > 0) {
        return d.toHours() + "h " + d.toMinutesPart() + "m";
      }
      return d.toMinutes() > 0
          ? d.toMinutes() + "m " + d.toSecondsPart() + "s"
          : d.toSeconds() + "s";
    } catch (DateTimeParseException e) {
      return "";
    }
  }

  private static String text(Map<String, Object> m, String key) {
    return JsonTrees.text(m, key);
  }

  private static long number(Object v) {
    return v instanceof Number n ? n.longValue() : 0;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object v) {
    return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object v) {
    return v instanceof List<?> l ? (List<Object>) l : List.of();
  }
}
