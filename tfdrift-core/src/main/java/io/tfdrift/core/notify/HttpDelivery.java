package io.tfdrift.core.notify;

import io.tfdrift.api.DeliveryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * One HTTP POST of a JSON body, with the status mapping every HTTP notifier shares: 2xx is
 * delivered; 408, 429 and 5xx are retryable (honouring {@code Retry-After} in seconds or as an HTTP
 * date); other 4xx are permanent; I/O errors and timeouts are retryable. Messages name the peer by
 * host only: URLs of webhooks are secrets.
 */
public final class HttpDelivery {
  private final HttpClient client;
  private final Duration timeout;

  /**
   * A client with the given per-request timeout.
   *
   * @param timeout connect and request timeout
   */
  public HttpDelivery(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Posts a JSON body.
   *
   * @param uri where to
   * @param body the JSON
   * @param headers extra headers
   * @return the response body, for peers that answer 200 with an error inside (Slack)
   * @throws DeliveryException retryable or permanent
   */
  public String postJson(URI uri, String body, Map<String, String> headers)
      throws DeliveryException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "tfdrift")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.http.HttpTimeoutException e) {
      throw DeliveryException.retryable(
          "no answer from " + uri.getHost() + " within " + timeout.toMillis() + " ms", null);
    } catch (IOException e) {
      throw DeliveryException.retryable(
          "cannot reach " + uri.getHost() + ": " + e.getClass().getSimpleName(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.retryable("interrupted while posting to " + uri.getHost(), e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    String what = "HTTP " + status + " from " + uri.getHost() + snippet(response.body());
    if (status == 408 || status == 429 || status >= 500) {
      Duration wait = retryAfter(response.headers().firstValue("Retry-After").orElse(""));
      throw wait == null
          ? DeliveryException.retryable(what, null)
          : DeliveryException.retryAfter(what, wait);
    }
    throw DeliveryException.permanent(what, null);
  }

  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String one = body.strip().replace('\n', ' ');
    return ": " + (one.length() > 200 ? one.substring(0, 200) + "…" : one);
  }

  /** {@code Retry-After} as seconds or an HTTP date; {@code null} if absent or unreadable. */
  static Duration retryAfter(String value) {
    if (value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip())));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
