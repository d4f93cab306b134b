package io.tfdrift.notifier.github;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.notify.DriftText;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** The Markdown of a drift issue: a title that names the resource, a body a reviewer can act on. */
final class IssueText {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern PROJECT = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");

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

  /**
   * Where to look further: the drift's page in TFDrift's dashboard (when {@code dashboard_url} is
   * set and the drift has a key), the audit event in the cloud's console.
   */
  static String links(DriftEvent d, String dashboardUrl) {
    StringBuilder b = new StringBuilder();
    if (!dashboardUrl.isEmpty() && d.lifecycle().isPresent()) {
      b.append("- [This drift in TFDrift](")
          .append(dashboardUrl)
          .append("#/drift/")
          .append(encode(d.lifecycle().get().key().value()))
          .append(")\n");
    }
    String id = d.event().id();
    String region = d.event().region();
    if ("aws".equals(d.provider()) && REGION.matcher(region).matches() && !id.isEmpty()) {
      b.append("- [The CloudTrail event](https://")
          .append(region)
          .append(".console.aws.amazon.com/cloudtrailv2/home?region=")
          .append(region)
          .append("#/events/")
          .append(encode(id))
          .append(")\n");
    }
    String project = d.event().accountId();
    if ("gcp".equals(d.provider()) && PROJECT.matcher(project).matches() && !id.isEmpty()) {
      b.append("- [The audit log entry](https://console.cloud.google.com/logs/query;query=")
          .append(encode("insertId=\"" + id + "\""))
          .append("?project=")
          .append(project)
          .append(")\n");
    }
    return b.isEmpty() ? "" : "\n### Links\n\n" + b;
  }

  /** A comment on the drift's issue for a transition of its lifecycle. */
  static String comment(DriftEvent d) {
    DriftEvent.Lifecycle l = d.lifecycle().orElseThrow();
    String status = DriftText.status(d).orElse("");
    return switch (l.transition()) {
      case OPENED -> "**Drift opened again**, so this issue is open again.\n\n" + event(d);
      case ESCALATED ->
          "**Severity rose to "
              + d.severity().label().toUpperCase(java.util.Locale.ROOT)
              + "**: "
              + status
              + ".\n\n"
              + event(d);
      case RENOTIFIED -> "**Still drifted**: " + status + ".";
      case RESOLVED ->
          "**Resolved**: "
              + l.resolution().map(DriftText::resolution).orElse("")
              + ". Closing this issue.";
    };
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
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
