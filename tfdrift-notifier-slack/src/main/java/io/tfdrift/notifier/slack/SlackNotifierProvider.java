package io.tfdrift.notifier.slack;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Secret;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.notify.HttpDelivery;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Notifier {@code slack}. Either an incoming webhook ({@code webhook_url}, a secret: {@code
 * webhook_url_from_env} and the other forms work) or a bot token ({@code token} and {@code
 * channel}) posting with {@code chat.postMessage} ({@code api_url} overrides the endpoint, for
 * tests and proxies).
 */
@AutoService(NotifierProvider.class)
public final class SlackNotifierProvider implements NotifierProvider {
  static final String CHAT_POST_MESSAGE = "https://slack.com/api/chat.postMessage";

  /** Errors of {@code chat.postMessage} that retrying cannot fix. */
  private static final Set<String> PERMANENT =
      Set.of(
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "channel_not_found",
          "not_in_channel",
          "is_archived",
          "missing_scope",
          "invalid_blocks",
          "invalid_arguments",
          "msg_too_long",
          "no_text",
          "restricted_action");

  /** Creates the provider; ServiceLoader calls this. */
  public SlackNotifierProvider() {}

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public Notifier create(ComponentConfig config) {
    Optional<Secret> webhook = config.optionalSecret("webhook_url");
    Optional<Secret> token = config.optionalSecret("token");
    String channel = config.string("channel", "");
    String apiUrl = config.string("api_url", CHAT_POST_MESSAGE);
    HttpDelivery http = new HttpDelivery(config.duration("timeout", Duration.ofSeconds(10)));
    if (webhook.isPresent() == token.isPresent()) {
      throw config.invalid(
          "webhook_url",
          "set either webhook_url (incoming webhook) or token and channel (chat.postMessage)");
    }
    if (webhook.isPresent()) {
      return new SlackNotifier(
          uri(config, "webhook_url", webhook.get().reveal()), Optional.empty(), channel, http);
    }
    if (channel.isEmpty()) {
      throw config.invalid(
          "channel", "missing; chat.postMessage needs a channel, e.g. #drift or C0123456789");
    }
    return new SlackNotifier(uri(config, "api_url", apiUrl), token, channel, http);
  }

  private static URI uri(ComponentConfig config, String key, String value) {
    try {
      URI uri = URI.create(value);
      if (uri.getHost() != null
          && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // Reported below without echoing the value: webhook URLs are secrets.
    }
    throw config.invalid(key, "not an http(s) URL; write it as https://host/path");
  }

  /** Posts Block Kit messages. */
  static final class SlackNotifier implements Notifier {
    private final URI uri;
    private final Optional<Secret> token;
    private final String channel;
    private final HttpDelivery http;

    SlackNotifier(URI uri, Optional<Secret> token, String channel, HttpDelivery http) {
      this.uri = uri;
      this.token = token;
      this.channel = channel;
      this.http = http;
    }

    @Override
    public void send(DriftEvent event) throws DeliveryException {
      String body = JsonTrees.toJson(SlackMessage.of(event, channel));
      Map<String, String> headers =
          token.map(t -> Map.of("Authorization", "Bearer " + t.reveal())).orElse(Map.of());
      String response = http.postJson(uri, body, headers);
      if (token.isPresent()) {
        checkApiAnswer(response);
      }
    }

    /** chat.postMessage answers 200 with {@code {"ok": false, "error": "..."}} on failure. */
    private static void checkApiAnswer(String response) throws DeliveryException {
      Map<String, Object> answer;
      try {
        answer = JsonTrees.parseObject(response);
      } catch (IllegalArgumentException e) {
        throw DeliveryException.retryable(
            "chat.postMessage answered with something other than JSON", null);
      }
      if (Boolean.TRUE.equals(answer.get("ok"))) {
        return;
      }
      String error = String.valueOf(answer.getOrDefault("error", "unknown_error"));
      String message = "chat.postMessage failed: " + error;
      if (PERMANENT.contains(error)) {
        throw DeliveryException.permanent(
            message + "; check the token's scopes (chat:write) and that the bot is in the channel",
            null);
      }
      throw DeliveryException.retryable(message, null);
    }

    @Override
    public String toString() {
      return "SlackNotifier["
          + (token.isPresent() ? "chat.postMessage " + channel : "incoming webhook")
          + "]";
    }
  }
}
