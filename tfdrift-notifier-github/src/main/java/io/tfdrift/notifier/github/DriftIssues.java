package io.tfdrift.notifier.github;

import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.Transition;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository's drift issues, one per drift key. Each body carries a marker ({@code <!--
 * tfdrift:drift=<hash of the key>} {@code -->}) and the id of the detection that opened it, so that
 * an issue is found again when the host has no issue number for the drift (after a restart without
 * an inventory, or a create whose answer was lost) by listing the repository's {@code tfdrift}
 * issues once. Not by the search API: its index lags behind a create by seconds to minutes (a lost
 * answer's issue would not be found, and a duplicate opened) and it allows 30 requests a minute.
 */
final class DriftIssues {
  private static final Logger log = LoggerFactory.getLogger(DriftIssues.class);
  static final String LABEL = "tfdrift";
  private static final Pattern MARKER = Pattern.compile("<!-- tfdrift:drift=([0-9a-f]{32}) -->");
  private static final Pattern OPENED_BY =
      Pattern.compile("<!-- tfdrift:event=([0-9A-Za-z_.:-]{1,128}) -->");
  private static final String SEVERITY_LABEL = "severity:";

  private final GitHubApi api;
  private final List<String> extraLabels;
  private final String dashboardUrl;
  private Map<String, Issue> index;

  /**
   * An issue as GitHub shows it; {@code openedBy} is the DriftEvent id that created it, {@code
   * labels} its label names.
   */
  record Issue(long number, boolean open, String openedBy, List<String> labels) {
    Issue {
      labels = List.copyOf(labels);
    }

    static Issue of(Map<?, ?> issue) throws DeliveryException {
      List<String> names = new ArrayList<>();
      if (issue.get("labels") instanceof List<?> current) {
        for (Object label : current) {
          if (label instanceof Map<?, ?> l && l.get("name") instanceof String name) {
            names.add(name);
          }
        }
      }
      return new Issue(
          DriftIssues.number(issue),
          "open".equals(issue.get("state")),
          DriftIssues.openedBy(issue),
          names);
    }

    Issue with(boolean nowOpen, List<String> nowLabels) {
      return new Issue(number, nowOpen, openedBy, nowLabels);
    }
  }

  DriftIssues(GitHubApi api, List<String> extraLabels, String dashboardUrl) {
    this.api = api;
    this.extraLabels = List.copyOf(extraLabels);
    this.dashboardUrl = dashboardUrl;
  }

  /**
   * Brings the drift's issue to its lifecycle: opened creates it (or reopens it), escalated and
   * renotified comment (escalated also relabels the severity), resolved comments and closes it.
   *
   * @param key the drift
   * @param drift the event, with its lifecycle
   * @param known the issue number the host kept for this drift, if any
   * @return the drift's issue number, empty if it has none (resolved before any issue was opened)
   * @throws DeliveryException if GitHub refused or failed
   */
  synchronized Optional<Long> deliver(DriftKey key, DriftEvent drift, Optional<Long> known)
      throws DeliveryException {
    Transition transition = drift.lifecycle().orElseThrow().transition();
    String marker = marker(key);
    Optional<Issue> issue = known.isPresent() ? state(marker, known.get()) : find(marker);
    if (issue.isEmpty()) {
      if (transition == Transition.RESOLVED) {
        return Optional.empty();
      }
      return Optional.of(create(marker, key, drift));
    }
    long number = issue.get().number();
    List<String> labels = issue.get().labels();
    switch (transition) {
      case OPENED -> {
        if (issue.get().open() && drift.id().equals(issue.get().openedBy())) {
          break; // our own create, whose answer was lost: nothing to add
        }
        if (!issue.get().open()) {
          api.patch(issuePath(number), Map.of("state", "open", "state_reason", "reopened"));
        }
        comment(number, IssueText.comment(drift));
      }
      case ESCALATED -> {
        // The idempotent change first: a retry after a failed comment repeats nothing.
        labels = relabel(issue.get(), drift);
        comment(number, IssueText.comment(drift));
      }
      case RENOTIFIED -> comment(number, IssueText.comment(drift));
      case RESOLVED -> {
        if (!issue.get().open()) {
          break;
        }
        // The reason before the close: a retry after a failed close may repeat the comment, but a
        // closed issue never lacks its reason.
        comment(number, IssueText.comment(drift));
        api.patch(issuePath(number), Map.of("state", "closed", "state_reason", "completed"));
      }
    }
    remember(marker, issue.get().with(transition != Transition.RESOLVED, labels));
    return Optional.of(number);
  }

  /** The kept issue as GitHub has it now; empty if it was deleted or transferred away. */
  private Optional<Issue> state(String marker, long number) throws DeliveryException {
    Optional<GitHubApi.Reply> reply = api.getIfExists(issuePath(number));
    if (reply.isEmpty()) {
      log.info("github: issue #{} of a drift is gone; looking for the drift's issue again", number);
      Issue indexed = index().get(marker);
      return indexed != null && indexed.number() != number
          ? Optional.of(indexed)
          : Optional.empty();
    }
    if (reply.get().body() instanceof Map<?, ?> issue) {
      return Optional.of(Issue.of(issue));
    }
    throw DeliveryException.retryable("GitHub answered issue #" + number + " without JSON", null);
  }

  /** Replaces the issue's {@code severity:} label, keeping every label people added. */
  private List<String> relabel(Issue issue, DriftEvent drift) throws DeliveryException {
    List<String> labels = new ArrayList<>();
    for (String name : issue.labels()) {
      if (!name.startsWith(SEVERITY_LABEL)) {
        labels.add(name);
      }
    }
    labels.add(SEVERITY_LABEL + drift.severity().label());
    api.patch(issuePath(issue.number()), Map.of("labels", labels));
    return labels;
  }

  private String issuePath(long number) {
    return api.repositoryPath("/issues/" + number);
  }

  /** Opens the drift's issue, or reopens it, or comments that the drift was seen again. */
  synchronized void seen(DriftKey key, DriftEvent drift) throws DeliveryException {
    String marker = marker(key);
    Optional<Issue> issue = find(marker);
    if (issue.isEmpty()) {
      create(marker, key, drift);
      return;
    }
    long number = issue.get().number();
    if (!issue.get().open()) {
      api.patch(api.repositoryPath("/issues/" + number), Map.of("state", "open"));
      index.put(marker, issue.get().with(true, issue.get().labels()));
      comment(
          number, "Drift seen again, so this issue is open again.\n\n" + IssueText.event(drift));
      return;
    }
    comment(number, "Seen again.\n\n" + IssueText.event(drift));
  }

  private long create(String marker, DriftKey key, DriftEvent drift) throws DeliveryException {
    List<String> labels = new ArrayList<>();
    labels.add(LABEL);
    labels.add("severity:" + drift.severity().label());
    labels.add("kind:" + drift.kind().label());
    labels.addAll(extraLabels);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", IssueText.title(key, drift));
    String openedBy =
        OPENED_BY.matcher("<!-- tfdrift:event=" + drift.id() + " -->").matches()
            ? "<!-- tfdrift:event=" + drift.id() + " -->\n"
            : "";
    body.put(
        "body",
        IssueText.body(drift)
            + IssueText.links(drift, dashboardUrl)
            + "\n\n<!-- tfdrift:drift="
            + marker
            + " -->\n"
            + openedBy);
    body.put("labels", labels);
    GitHubApi.Reply reply;
    try {
      reply = api.post(api.repositoryPath("/issues"), body);
    } catch (DeliveryException e) {
      // The issue may exist although the answer was lost: list again before the retry.
      index = null;
      throw e;
    }
    long number = number(reply.body());
    remember(marker, new Issue(number, true, drift.id(), labels));
    return number;
  }

  private void comment(long number, String text) throws DeliveryException {
    api.post(api.repositoryPath("/issues/" + number + "/comments"), Map.of("body", text));
  }

  private Optional<Issue> find(String marker) throws DeliveryException {
    return Optional.ofNullable(index().get(marker));
  }

  /**
   * Keeps a listing loaded earlier true; never lists just to remember (a kept thread needs none).
   */
  private void remember(String marker, Issue issue) {
    if (index != null) {
      index.put(marker, issue);
    }
  }

  private Map<String, Issue> index() throws DeliveryException {
    if (index == null) {
      index = load();
    }
    return index;
  }

  private static String openedBy(Object issue) {
    if (issue instanceof Map<?, ?> m && m.get("body") instanceof String text) {
      Matcher by = OPENED_BY.matcher(text);
      if (by.find()) {
        return by.group(1);
      }
    }
    return "";
  }

  private Map<String, Issue> load() throws DeliveryException {
    Map<String, Issue> found = new HashMap<>();
    String page = api.repositoryPath("/issues?labels=" + LABEL + "&state=all&per_page=100");
    while (page != null) {
      GitHubApi.Reply reply = api.get(page);
      if (reply.body() instanceof List<?> issues) {
        for (Object item : issues) {
          if (item instanceof Map<?, ?> issue && !issue.containsKey("pull_request")) {
            Object text = issue.get("body");
            Matcher m = MARKER.matcher(text instanceof String s ? s : "");
            if (m.find()) {
              found.put(m.group(1), Issue.of(issue));
            }
          }
        }
      }
      page = reply.next().orElse(null);
    }
    return found;
  }

  private static long number(Object issue) throws DeliveryException {
    if (issue instanceof Map<?, ?> m && m.get("number") instanceof Number n) {
      return n.longValue();
    }
    throw DeliveryException.permanent("GitHub answered an issue without a number", null);
  }

  /** 128 bits of SHA-256 of the key: a marker that names no resource in the issue's HTML. */
  static String marker(DriftKey key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.value().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
