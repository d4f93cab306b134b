package io.tfdrift.core.notify;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.core.detect.Values;
import io.tfdrift.core.json.JsonTrees;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The human-readable form of a drift event, for terminals, {@code --format text} and chat. */
public final class DriftText {
  private static final int MAX_VALUE = 160;

  private DriftText() {}

  /**
   * The event as a few indented lines: severity, kind and address; where the drift stands when an
   * inventory is kept ({@link #status}); each change; who, how, when; the matched rules.
   *
   * @param e the drift
   * @return the text, ending in a newline
   */
  public static String format(DriftEvent e) {
    StringBuilder out = new StringBuilder(256);
    out.append(e.severity().label().toUpperCase(java.util.Locale.ROOT))
        .append("  ")
        .append(e.kind().label())
        .append("  ")
        .append(e.resource().address());
    if (!e.resource().state().isEmpty()) {
      out.append("  (state ").append(e.resource().state()).append(')');
    }
    out.append('\n');
    status(e).ifPresent(s -> out.append("    ").append(s).append('\n'));
    if (!e.resource().id().isEmpty() && !e.resource().address().endsWith(e.resource().id())) {
      out.append("    id: ").append(e.resource().id()).append('\n');
    }
    for (DriftEvent.Change c : e.changes()) {
      change(out, "    " + c.attribute(), c.expected().orElse(null), c.actual().orElse(null));
    }
    out.append("    by ").append(e.actor().name().isEmpty() ? "(unknown)" : e.actor().name());
    if (!e.actor().type().isEmpty()) {
      out.append(" (").append(e.actor().type()).append(')');
    }
    out.append(" via ").append(e.event().name()).append(" at ").append(e.event().time());
    if (!e.event().region().isEmpty()) {
      out.append(", ").append(e.event().region());
    }
    out.append('\n');
    if (!e.matchedRules().isEmpty()) {
      out.append("    rules: ").append(String.join(", ", e.matchedRules())).append('\n');
    }
    return out.toString();
  }

  /**
   * Where the drift stands, in one line, when an inventory is kept: {@code opened}, {@code
   * escalated to HIGH (open since …, 2 occurrences)}, {@code still open since … (3 occurrences)},
   * {@code resolved: reverted by alice at … (set back by hand)}.
   *
   * @param e the drift
   * @return the line, empty without a lifecycle
   */
  public static Optional<String> status(DriftEvent e) {
    if (e.lifecycle().isEmpty()) {
      return Optional.empty();
    }
    DriftEvent.Lifecycle l = e.lifecycle().get();
    String seen = " since " + l.firstSeen() + " (" + occurrences(l.occurrences()) + ")";
    return Optional.of(
        switch (l.transition()) {
          case OPENED -> "opened";
          case ESCALATED ->
              "escalated to "
                  + e.severity().label().toUpperCase(java.util.Locale.ROOT)
                  + ", open"
                  + seen;
          case RENOTIFIED -> "still open" + seen;
          case RESOLVED -> "resolved: " + l.resolution().map(DriftText::resolution).orElse("");
        });
  }

  /**
   * How a drift was resolved, e.g. {@code reverted by alice at 2026-11-23T09:40:00Z (set back)}.
   *
   * @param r the resolution
   * @return the text
   */
  public static String resolution(Resolution r) {
    return r.reason().label()
        + (r.by().isEmpty() ? "" : " by " + r.by())
        + " at "
        + r.at()
        + (r.note().isEmpty() ? "" : " (" + r.note() + ")");
  }

  private static String occurrences(long n) {
    return n == 1 ? "1 occurrence" : n + " occurrences";
  }

  /**
   * One changed attribute: scalars as {@code old -> new}; lists as the elements added ({@code +})
   * and removed ({@code -}); maps as the keys added, removed or changed, one level deep.
   */
  private static void change(StringBuilder out, String label, Object expected, Object actual) {
    if (expected instanceof List<?> before && actual instanceof List<?> after) {
      out.append(label).append(":\n");
      for (Object item : after) {
        if (!contains(before, item)) {
          out.append(label.replaceAll("\\S.*", "")).append("  + ").append(value(item)).append('\n');
        }
      }
      for (Object item : before) {
        if (!contains(after, item)) {
          out.append(label.replaceAll("\\S.*", "")).append("  - ").append(value(item)).append('\n');
        }
      }
      return;
    }
    if (expected instanceof Map<?, ?> before
        && actual instanceof Map<?, ?> after
        && !label.contains(".")) {
      Set<Object> keys = new TreeSet<>(Comparator.comparing(String::valueOf));
      keys.addAll(before.keySet());
      keys.addAll(after.keySet());
      for (Object key : keys) {
        Object was = before.get(key);
        Object is = after.get(key);
        if (!Values.equivalent(was, is)) {
          change(out, label + "." + key, was, is);
        }
      }
      return;
    }
    out.append(label)
        .append(": ")
        .append(value(expected))
        .append(" -> ")
        .append(value(actual))
        .append('\n');
  }

  /** A rule block reads better without its dozen empty lists. */
  private static Map<Object, Object> withoutEmptyValues(Map<?, ?> map) {
    Map<Object, Object> out = new java.util.LinkedHashMap<>();
    map.forEach(
        (k, v) -> {
          if (!Values.isEmpty(v)) {
            out.put(k, v);
          }
        });
    return out;
  }

  private static boolean contains(List<?> list, Object item) {
    for (Object candidate : list) {
      if (Values.equivalent(candidate, item)) {
        return true;
      }
    }
    return false;
  }

  private static String value(Object v) {
    if (v == null) {
      return "(none)";
    }
    String text = JsonTrees.toJson(v instanceof Map<?, ?> m ? withoutEmptyValues(m) : v);
    return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 1) + "…";
  }
}
