package io.tfdrift.runtime;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.core.decode.JsonTrees;
import java.util.Optional;

/** The human-readable form of a drift event, for terminals and {@code --format text}. */
final class TextReport {
  private static final int MAX_VALUE = 160;

  private TextReport() {}

  static String format(DriftEvent e) {
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
    if (!e.resource().id().isEmpty() && !e.resource().address().endsWith(e.resource().id())) {
      out.append("    id: ").append(e.resource().id()).append('\n');
    }
    for (DriftEvent.Change c : e.changes()) {
      out.append("    ")
          .append(c.attribute())
          .append(": ")
          .append(value(c.expected()))
          .append(" -> ")
          .append(value(c.actual()))
          .append('\n');
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

  private static String value(Optional<Object> v) {
    if (v.isEmpty()) {
      return "(none)";
    }
    String text = JsonTrees.toJson(v.get());
    return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE - 1) + "…";
  }
}
