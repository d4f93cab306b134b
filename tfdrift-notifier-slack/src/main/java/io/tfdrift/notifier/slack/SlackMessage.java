package io.tfdrift.notifier.slack;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.notify.DriftText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A drift event as a Slack Block Kit message: a header with the severity and address, the facts,
 * one section per changed attribute (expected → actual), who did it, the rules, and a context line;
 * plus a plain {@code text} fallback for notifications. Within Slack's limits: header 150
 * characters, section text 3,000, field 2,000, at most 10 fields and 50 blocks. Everything that
 * comes from a cloud call is escaped for mrkdwn.
 *
 * <p>With a drift inventory the header says where the drift stands ("Escalated to CRITICAL", "Still
 * drifted", "Resolved (reverted by alice)") and a status field gives first seen and occurrences;
 * {@link #reply} is the short message posted in a drift's thread.
 */
final class SlackMessage {
  static final int HEADER_MAX = 150;
  static final int TEXT_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int MAX_CHANGE_BLOCKS = 40;

  private SlackMessage() {}

  static Map<String, Object> of(DriftEvent e, String channel) {
    Map<String, Object> message = new LinkedHashMap<>();
    if (!channel.isEmpty()) {
      message.put("channel", channel);
    }
    message.put("text", cut(fallback(e), TEXT_MAX));
    message.put("blocks", blocks(e));
    return message;
  }

  /**
   * A message in a drift's thread: the whole message when the drift escalated (it is news), one
   * line for a reminder or a resolution.
   */
  static Map<String, Object> reply(DriftEvent e, String channel, String threadTs) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("channel", channel);
    message.put("thread_ts", threadTs);
    Transition t = e.lifecycle().map(DriftEvent.Lifecycle::transition).orElse(Transition.OPENED);
    if (t == Transition.RESOLVED || t == Transition.RENOTIFIED) {
      String line = headline(e);
      message.put("text", cut(line, TEXT_MAX));
      message.put(
          "blocks",
          List.of(
              text("*" + escape(line) + "*"),
              Map.of(
                  "type",
                  "context",
                  "elements",
                  List.of(
                      Map.of(
                          "type",
                          "mrkdwn",
                          "text",
                          cut(escape(DriftText.status(e).orElse("")), TEXT_MAX))))));
      return message;
    }
    message.put("text", cut(fallback(e), TEXT_MAX));
    message.put("blocks", blocks(e));
    return message;
  }

  /** The drift's first message rewritten to show where the drift stands now. */
  static Map<String, Object> update(DriftEvent e, String channel, String ts) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("channel", channel);
    message.put("ts", ts);
    message.put("text", cut(fallback(e), TEXT_MAX));
    message.put("blocks", blocks(e));
    return message;
  }

  /**
   * The header's words: "HIGH drift", "Escalated to CRITICAL", "Still drifted (HIGH)", "Resolved
   * (reverted by alice)", followed by the address.
   */
  static String headline(DriftEvent e) {
    String severity = e.severity().label().toUpperCase(Locale.ROOT);
    String status =
        e.lifecycle()
            .map(
                l ->
                    switch (l.transition()) {
                      case OPENED -> severity + " drift";
                      case ESCALATED -> "Escalated to " + severity;
                      case RENOTIFIED -> "Still drifted (" + severity + ")";
                      case RESOLVED ->
                          "Resolved ("
                              + l.resolution()
                                  .map(
                                      r ->
                                          r.reason().label()
                                              + (r.by().isEmpty() ? "" : " by " + r.by()))
                                  .orElse("")
                              + ")";
                    })
            .orElse(severity + " drift");
    return status + ": " + e.resource().address();
  }

  private static String icon(DriftEvent e) {
    boolean resolved = e.lifecycle().map(l -> l.transition() == Transition.RESOLVED).orElse(false);
    return resolved ? ":white_check_mark:" : icon(e.severity());
  }

  static String fallback(DriftEvent e) {
    if (e.lifecycle().isPresent() && e.lifecycle().get().transition() != Transition.OPENED) {
      return headline(e) + " — " + DriftText.status(e).orElse("");
    }
    return e.severity().label().toUpperCase(Locale.ROOT)
        + " Terraform drift ("
        + e.kind().label()
        + ") on "
        + e.resource().address()
        + " by "
        + orUnknown(e.actor().name())
        + " via "
        + e.event().name();
  }

  private static List<Object> blocks(DriftEvent e) {
    List<Object> blocks = new ArrayList<>();
    blocks.add(
        Map.of(
            "type",
            "header",
            "text",
            Map.of(
                "type",
                "plain_text",
                "emoji",
                true,
                "text",
                cut(icon(e) + " " + headline(e), HEADER_MAX))));
    List<Object> facts = new ArrayList<>();
    facts.add(field("*Resource*\n`" + escape(e.resource().address()) + "`"));
    facts.add(field("*Kind*\n" + e.kind().label()));
    DriftText.status(e).ifPresent(status -> facts.add(field("*Status*\n" + escape(status))));
    facts.add(field("*Type*\n" + escape(e.resource().type())));
    facts.add(field("*ID*\n" + escape(orUnknown(e.resource().id()))));
    if (!e.resource().state().isEmpty()) {
      facts.add(field("*State*\n" + escape(e.resource().state())));
    }
    facts.add(
        field(
            "*Account*\n"
                + escape(orUnknown(e.event().accountId()))
                + (e.event().region().isEmpty() ? "" : " · " + escape(e.event().region()))));
    blocks.add(Map.of("type", "section", "fields", facts));
    int shown = 0;
    for (DriftEvent.Change c : e.changes()) {
      if (shown == MAX_CHANGE_BLOCKS) {
        blocks.add(text("_… and " + (e.changes().size() - shown) + " more changed attributes_"));
        break;
      }
      blocks.add(
          text(
              "*"
                  + escape(c.attribute())
                  + "*\n"
                  + code(value(c.expected()))
                  + "  →  "
                  + code(value(c.actual()))));
      shown++;
    }
    blocks.add(
        text(
            "*By* "
                + escape(orUnknown(e.actor().name()))
                + (e.actor().type().isEmpty() ? "" : " (" + escape(e.actor().type()) + ")")
                + "  ·  *via* `"
                + escape(e.event().name())
                + "` on "
                + escape(e.event().source())
                + (e.event().sourceIp().isEmpty() ? "" : " from " + escape(e.event().sourceIp()))));
    if (!e.matchedRules().isEmpty()) {
      blocks.add(text("*Rules* " + escape(String.join(", ", e.matchedRules()))));
    }
    blocks.add(
        Map.of(
            "type",
            "context",
            "elements",
            List.of(
                Map.of(
                    "type",
                    "mrkdwn",
                    "text",
                    cut(
                        "event "
                            + escape(e.event().id())
                            + " · "
                            + e.event().time()
                            + " · drift "
                            + e.id(),
                        TEXT_MAX)))));
    return blocks;
  }

  private static Map<String, Object> text(String mrkdwn) {
    return Map.of(
        "type", "section", "text", Map.of("type", "mrkdwn", "text", cut(mrkdwn, TEXT_MAX)));
  }

  private static Map<String, Object> field(String mrkdwn) {
    return Map.of("type", "mrkdwn", "text", cut(mrkdwn, FIELD_MAX));
  }

  private static String value(Optional<Object> v) {
    return v.map(JsonTrees::toJson).orElse("(none)");
  }

  /** A value in a code span; long values are cut so that the section stays within its limit. */
  private static String code(String value) {
    String cut = cut(value, 1400);
    return "`" + escape(cut.replace('`', '\'')) + "`";
  }

  /** Slack mrkdwn escaping: the three characters Slack reserves. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "unknown" : s;
  }

  private static String icon(Severity s) {
    return switch (s) {
      case CRITICAL -> ":red_circle:";
      case HIGH -> ":large_orange_circle:";
      case MEDIUM -> ":large_yellow_circle:";
      case LOW -> ":large_blue_circle:";
      case INFO -> ":white_circle:";
    };
  }
}
