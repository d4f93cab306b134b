package com.example.tfdrift.discord;

import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Notifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Posts drift to a Discord webhook. Tells tfdrift's dispatcher which failures are worth retrying:
 * rate limits (429, with Discord's {@code Retry-After}) and server errors are; a deleted webhook or
 * a rejected payload is not. The webhook URL carries its token, so it never appears in {@code
 * toString()} or in error messages.
 */
final class DiscordNotifier implements Notifier {
  private static final Pattern RETRY_AFTER = Pattern.compile("\"retry_after\"\\s*:\\s*([0-9.]+)");

  private final URI webhook;
  private final String username;
  private final Duration timeout;
  private final HttpClient http;

  DiscordNotifier(URI webhook, String username, Duration timeout) {
    this.webhook = webhook;
    this.username = username;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public void send(DriftEvent event) throws DeliveryException {
    HttpRequest request =
        HttpRequest.newBuilder(webhook)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "tfdrift-discord-notifier")
            .POST(HttpRequest.BodyPublishers.ofString(DiscordMessage.of(event, username)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw DeliveryException.retryable("cannot reach Discord: " + e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeliveryException.retryable("interrupted while posting to Discord", e);
    }
    check(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
  }

  private static void check(int status, String body, Optional<String> retryAfter)
      throws DeliveryException {
    if (status >= 200 && status < 300) {
      return;
    }
    if (status == 429) {
      throw DeliveryException.retryAfter(
          "Discord rate-limited the webhook (429)", retryAfter(retryAfter, body));
    }
    if (status >= 500) {
      throw DeliveryException.retryable("Discord answered " + status + ": " + brief(body), null);
    }
    if (status == 404) {
      throw DeliveryException.permanent(
          "Discord says the webhook does not exist (404): it was deleted or the URL is wrong;"
              + " create a webhook and set notifications.discord.webhook_url",
          null);
    }
    if (status == 401 || status == 403) {
      throw DeliveryException.permanent(
          "Discord rejected the webhook token (" + status + "); set a current webhook_url", null);
    }
    throw DeliveryException.permanent(
        "Discord rejected the message (" + status + "): " + brief(body), null);
  }

  /** Discord sends seconds, in the header and as {@code retry_after} in the body. */
  private static Duration retryAfter(Optional<String> header, String body) {
    String seconds = header.orElse(null);
    if (seconds == null) {
      Matcher m = RETRY_AFTER.matcher(body == null ? "" : body);
      seconds = m.find() ? m.group(1) : "1";
    }
    try {
      return Duration.ofMillis(Math.max(1, (long) Math.ceil(Double.parseDouble(seconds) * 1000)));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private static String brief(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  @Override
  public String toString() {
    return "DiscordNotifier[webhook " + webhook.getHost() + "/****]";
  }
}
