package io.tfdrift.notifier.github;

import io.tfdrift.api.DeliveryException;
import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The GitHub REST calls the notifier makes, with GitHub's rate limits turned into retries as its
 * "best practices" say: a {@code retry-after} (secondary limits), an exhausted limit ({@code
 * x-ratelimit-remaining: 0}, wait until {@code x-ratelimit-reset}), otherwise a 429 or a 403 saying
 * "secondary rate limit" waits a minute — each a {@link DeliveryException#retryAfter}; 5xx and I/O
 * errors are retryable; other 4xx are permanent, with the fix in the message.
 */
final class GitHubApi {
  static final String API_VERSION = "2022-11-28";

  private final URI base;
  private final String repository;
  private final Credentials credentials;
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;

  GitHubApi(URI base, String repository, Credentials credentials, Duration timeout, Clock clock) {
    this.base = base;
    this.repository = repository;
    this.credentials = credentials;
    this.timeout = timeout;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** A response: its status and parsed JSON body (an object, a list, or null when empty). */
  record Reply(int status, Object body, Optional<String> next) {}

  Reply get(String path) throws DeliveryException {
    return call("GET", path, null, false);
  }

  /** A GET that answers empty for 404 and 410 (an issue deleted or transferred away). */
  Optional<Reply> getIfExists(String path) throws DeliveryException {
    return Optional.ofNullable(call("GET", path, null, true));
  }

  Reply post(String path, Map<String, Object> body) throws DeliveryException {
    return call("POST", path, body, false);
  }

  Reply patch(String path, Map<String, Object> body) throws DeliveryException {
    return call("PATCH", path, body, false);
  }

  String repositoryPath(String rest) {
    return "/repos/" + repository + rest;
  }

  /** One call; with {@code absentOk}, null for 404 and 410 instead of a failure. */
  private Reply call(String method, String path, Map<String, Object> body, boolean absentOk)
      throws DeliveryException {
    URI uri = path.startsWith("http") ? URI.create(path) : URI.create(base + path);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", API_VERSION)
            .header("User-Agent", "tfdrift")
            .header("Authorization", credentials.header());
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JsonTrees.toJson(body)));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw DeliveryException.retryable(
          "GitHub " + method + " " + uri.getPath() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.retryable("interrupted calling GitHub", e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      String text = response.body();
      Object parsed = text == null || text.isBlank() ? null : JsonTrees.parseEmbedded(text);
      return new Reply(status, parsed, next(response.headers().firstValue("link").orElse("")));
    }
    if (absentOk && (status == 404 || status == 410)) {
      return null;
    }
    throw failure(method, uri, response);
  }

  private DeliveryException failure(String method, URI uri, HttpResponse<String> response) {
    int status = response.statusCode();
    String what = "GitHub " + method + " " + uri.getPath() + " answered " + status;
    String message = message(response.body());
    Optional<String> retryAfter = response.headers().firstValue("retry-after");
    if (retryAfter.isPresent() && (status == 403 || status == 429)) {
      Duration wait = Duration.ofSeconds(parseLong(retryAfter.get(), 60));
      return DeliveryException.retryAfter(what + " (secondary rate limit): " + message, wait);
    }
    if ((status == 403 || status == 429)
        && "0".equals(response.headers().firstValue("x-ratelimit-remaining").orElse(""))) {
      long reset = parseLong(response.headers().firstValue("x-ratelimit-reset").orElse(""), 0);
      Duration wait =
          Duration.between(clock.instant(), Instant.ofEpochSecond(reset)).plusSeconds(1);
      return DeliveryException.retryAfter(
          what + " (rate limit exhausted until " + Instant.ofEpochSecond(reset) + ")",
          wait.isNegative() ? Duration.ofSeconds(1) : wait);
    }
    if (status == 429 || (status == 403 && message.contains("secondary rate limit"))) {
      // GitHub: without retry-after or an exhausted limit, wait at least one minute.
      return DeliveryException.retryAfter(
          what + " (secondary rate limit): " + message, Duration.ofMinutes(1));
    }
    if (status == 401) {
      credentials.forget();
      return DeliveryException.retryable(
          what
              + ": the credentials were refused; check notifications.github.token (or the"
              + " GitHub App's app_id, installation_id and private_key): "
              + message,
          null);
    }
    if (status >= 500) {
      return DeliveryException.retryable(what + ": " + message, null);
    }
    String fix =
        switch (status) {
          case 403 -> "; the token needs 'Issues: write' on " + repository;
          case 404 ->
              "; check notifications.github.repository ("
                  + repository
                  + ") and that the token can see it";
          case 410 -> "; issues are disabled on " + repository;
          default -> "";
        };
    return DeliveryException.permanent(what + ": " + message + fix, null);
  }

  private static String message(String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    try {
      Object parsed = JsonTrees.parseEmbedded(body);
      if (parsed instanceof Map<?, ?> m && m.get("message") instanceof String s) {
        return s;
      }
    } catch (RuntimeException notJson) {
      // fall through to a snippet
    }
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }

  /** The {@code rel="next"} URL of a {@code Link} header. */
  static Optional<String> next(String link) {
    for (String part : link.split(",")) {
      String[] bits = part.split(";");
      if (bits.length > 1 && bits[1].strip().equals("rel=\"next\"")) {
        String url = bits[0].strip();
        return Optional.of(url.substring(1, url.length() - 1));
      }
    }
    return Optional.empty();
  }

  private static long parseLong(String value, long otherwise) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }
}
