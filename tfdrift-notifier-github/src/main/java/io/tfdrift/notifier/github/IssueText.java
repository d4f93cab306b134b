package io.tfdrift.notifier.github;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.core.decode.JsonTrees;
import java.util.Optional;

/** The Markdown of a drift issue: a title that names the resource, a body a reviewer can act on. */
final class IssueText {
  private IssueText() {}

  static String title(DriftKey key, DriftEvent d) {
    String what =
        switch (d.kind()) {
          case MODIFIED -> {
            String attribute = key.value().substring(key.value().lastIndexOf('|') + 1);
            yield attribute.isEmpty() ? "modified" : attribute + " changed";
          }
          case OUT_OF_BAND -> "changed outside Terraform";
          case DELETED -> "deleted outside Terraform";
          case UNMANAGED -> "created outside Terraform";
        };
    String state = d.resource().state().isEmpty() ? "" : " (" + d.resource().state() + ")";
    return cut("Drift: " + d.resource().address() + " " + what + state, 250);
  }

  static String body(DriftEvent d) {
    StringBuilder b = new StringBuilder();
    b.append("**")
        .append(d.severity().label().toUpperCase(java.util.Locale.ROOT))
        .append("** `")
        .append(d.kind().label())
        .append("` drift on `")
        .append(d.resource().address())
        .append("`\n\n");
    b.append("| | |\n|---|---|\n");
    row(b, "Resource type", d.resource().type());
    row(b, "Cloud id", d.resource().id());
    row(b, "State", d.resource().state());
    row(b, "Provider", d.provider());
    if (!d.matchedRules().isEmpty()) {
      row(b, "Rules", String.join(", ", d.matchedRules()));
    }
    if (!d.changes().isEmpty()) {
      b.append("\n### Changes (state → cloud)\n");
      for (DriftEvent.Change c : d.changes()) {
        b.append("\n`").append(c.attribute()).append("`\n\n```json\n");
        b.append(json(c.expected())).append("\n```\n→\n```json\n");
        b.append(json(c.actual())).append("\n```\n");
      }
    }
    b.append('\n').append(event(d));
    return b.toString();
  }

  static String event(DriftEvent d) {
    StringBuilder b = new StringBuilder("### Who and when\n\n| | |\n|---|---|\n");
    row(b, "Actor", d.actor().name().isEmpty() ? d.actor().arn() : d.actor().name());
    row(b, "Actor ARN", d.actor().arn());
    row(b, "Call", d.event().source() + " " + d.event().name());
    row(b, "Time", d.event().time().toString());
    row(b, "Region", d.event().region());
    row(b, "Source IP", d.event().sourceIp());
    row(b, "User agent", d.event().userAgent());
    row(b, "Event id", d.event().id());
    return b.toString();
  }

  private static void row(StringBuilder b, String name, String value) {
    if (!value.isEmpty()) {
      b.append("| ")
          .append(name)
          .append(" | `")
          .append(value.replace("`", "'").replace("|", "\\|"))
          .append("` |\n");
    }
  }

  private static String json(Optional<Object> value) {
    return value.map(JsonTrees::toJson).orElse("(absent)").replace("```", "'''");
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
