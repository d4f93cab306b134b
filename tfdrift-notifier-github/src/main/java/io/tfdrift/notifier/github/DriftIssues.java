package io.tfdrift.notifier.github;

import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.DriftKey;
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

/**
 * The repository's drift issues, one per drift key. Each body carries a marker ({@code <!--
 * tfdrift:drift=<hash of the key>} {@code -->}), so that after a restart the issues are found again
 * by listing the repository's {@code tfdrift} issues once, never by search (whose index lags).
 */
final class DriftIssues {
  static final String LABEL = "tfdrift";
  private static final Pattern MARKER = Pattern.compile("<!-- tfdrift:drift=([0-9a-f]{32}) -->");

  private final GitHubApi api;
  private final List<String> extraLabels;
  private Map<String, Issue> index;

  record Issue(long number, boolean open) {}

  DriftIssues(GitHubApi api, List<String> extraLabels) {
    this.api = api;
    this.extraLabels = List.copyOf(extraLabels);
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
      index.put(marker, new Issue(number, true));
      comment(
          number, "Drift seen again, so this issue is open again.\n\n" + IssueText.event(drift));
      return;
    }
    comment(number, "Seen again.\n\n" + IssueText.event(drift));
  }

  /** Closes the drift's issue with the reason; nothing if there is none or it is closed. */
  synchronized void resolved(DriftKey key, String reason) throws DeliveryException {
    String marker = marker(key);
    Optional<Issue> issue = find(marker);
    if (issue.isEmpty() || !issue.get().open()) {
      return;
    }
    long number = issue.get().number();
    comment(number, "Resolved: " + reason);
    api.patch(
        api.repositoryPath("/issues/" + number),
        Map.of("state", "closed", "state_reason", "completed"));
    index.put(marker, new Issue(number, false));
  }

  private void create(String marker, DriftKey key, DriftEvent drift) throws DeliveryException {
    List<String> labels = new ArrayList<>();
    labels.add(LABEL);
    labels.add("severity:" + drift.severity().label());
    labels.add("kind:" + drift.kind().label());
    labels.addAll(extraLabels);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("title", IssueText.title(key, drift));
    body.put("body", IssueText.body(drift) + "\n\n" + "<!-- tfdrift:drift=" + marker + " -->\n");
    body.put("labels", labels);
    GitHubApi.Reply reply;
    try {
      reply = api.post(api.repositoryPath("/issues"), body);
    } catch (DeliveryException e) {
      // The issue may exist although the answer was lost: list again before the retry.
      index = null;
      throw e;
    }
    index.put(marker, new Issue(number(reply.body()), true));
  }

  private void comment(long number, String text) throws DeliveryException {
    api.post(api.repositoryPath("/issues/" + number + "/comments"), Map.of("body", text));
  }

  private Optional<Issue> find(String marker) throws DeliveryException {
    if (index == null) {
      index = load();
    }
    return Optional.ofNullable(index.get(marker));
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
              found.put(m.group(1), new Issue(number(issue), "open".equals(issue.get("state"))));
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
