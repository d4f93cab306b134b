package com.example.tfdrift.discord;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A drift as a Discord webhook message: one embed, coloured by severity, within Discord's limits
 * (title 256, description 4096, field value 1024 characters). Mentions are disabled, so that an
 * actor or resource named {@code @everyone} cannot ping the channel.
 */
final class DiscordMessage {
  private static final int TITLE = 256;
  private static final int DESCRIPTION = 4096;
  private static final int FIELD = 1024;
  private static final int VALUE = 200;

  private DiscordMessage() {}

  static String of(DriftEvent event, String username) {
    StringBuilder json = new StringBuilder(1024);
    json.append("{\"username\":").append(quote(username));
    json.append(",\"allowed_mentions\":{\"parse\":[]}");
    json.append(",\"embeds\":[{");
    json.append("\"title\":").append(quote(cut(title(event), TITLE)));
    json.append(",\"description\":").append(quote(cut(description(event), DESCRIPTION)));
    json.append(",\"color\":").append(color(event.severity()));
    json.append(",\"fields\":[");
    List<String[]> fields = fields(event);
    for (int i = 0; i < fields.size(); i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"name\":")
          .append(quote(fields.get(i)[0]))
          .append(",\"value\":")
          .append(quote(cut(fields.get(i)[1], FIELD)))
          .append(",\"inline\":true}");
    }
    json.append("]");
    json.append(",\"footer\":{\"text\":")
        .append(quote("tfdrift · drift " + event.id()))
        .append("}");
    json.append(",\"timestamp\":")
        .append(quote(DateTimeFormatter.ISO_INSTANT.format(event.detectedAt())));
    json.append("}]}");
    return json.toString();
  }

  private static String title(DriftEvent event) {
    return event.severity().label().toUpperCase(java.util.Locale.ROOT)
        + " drift: "
        + event.resource().address()
        + " ("
        + event.kind().label()
        + ")";
  }

  private static String description(DriftEvent event) {
    if (event.changes().isEmpty()) {
      return "`" + event.event().name() + "` changed this resource outside Terraform.";
    }
    StringBuilder text = new StringBuilder();
    for (DriftEvent.Change c : event.changes()) {
      text.append("`")
          .append(c.attribute())
          .append("`: ")
          .append(code(c.expected()))
          .append(" → ")
          .append(code(c.actual()))
          .append('\n');
    }
    return text.toString().strip();
  }

  private static List<String[]> fields(DriftEvent event) {
    List<String[]> fields = new ArrayList<>();
    String actor = event.actor().name().isEmpty() ? "unknown" : event.actor().name();
    fields.add(new String[] {"Actor", actor + typeOf(event.actor().type())});
    fields.add(
        new String[] {
          "Account / region", or(event.event().accountId()) + " / " + or(event.event().region())
        });
    fields.add(new String[] {"Call", event.event().source() + " " + event.event().name()});
    fields.add(new String[] {"State", or(event.resource().state())});
    if (!event.matchedRules().isEmpty()) {
      fields.add(new String[] {"Rules", String.join(", ", event.matchedRules())});
    }
    if (!event.labels().isEmpty()) {
      StringBuilder labels = new StringBuilder();
      for (Map.Entry<String, String> l : new TreeMap<>(event.labels()).entrySet()) {
        labels.append(l.getKey()).append(": ").append(l.getValue()).append('\n');
      }
      fields.add(new String[] {"Labels", labels.toString().strip()});
    }
    return fields;
  }

  private static String typeOf(String type) {
    return type.isEmpty() ? "" : " (" + type + ")";
  }

  private static String or(String value) {
    return value.isEmpty() ? "-" : value;
  }

  private static String code(Optional<Object> value) {
    if (value.isEmpty()) {
      return "(absent)";
    }
    return "`" + cut(String.valueOf(value.get()).replace('`', '\''), VALUE) + "`";
  }

  private static int color(Severity severity) {
    return switch (severity) {
      case CRITICAL -> 0xE01E5A;
      case HIGH -> 0xF2711C;
      case MEDIUM -> 0xF2C744;
      case LOW -> 0x2EB67D;
      case INFO -> 0x95A5A6;
    };
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
