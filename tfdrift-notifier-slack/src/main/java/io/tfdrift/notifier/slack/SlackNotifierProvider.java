package io.tfdrift.notifier.slack;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Secret;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.notify.HttpDelivery;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notifier {@code slack}. Either an incoming webhook ({@code webhook_url}, a secret: {@code
 * webhook_url_from_env} and the other forms work) or a bot token ({@code token}, a secret, and
 * {@code channel}) posting with the Web API ({@code api_url}, default {@value #API_URL}, overrides
 * it for tests and proxies).
 *
 * <p>With a drift inventory a bot token keeps one thread per drift: the drift's first message is
 * posted with {@code chat.postMessage}, and its ts (with the channel's ID) is the thread the host
 * keeps; an escalation, a reminder or the resolution is a reply in that thread, and the first
 * message is rewritten with {@code chat.update} to show where the drift stands ("Resolved (reverted
 * by alice)"). Incoming webhooks cannot thread: each notification is a new message whose header
 * says opened, escalated, still drifted or resolved with the reason.
 */
@AutoService(NotifierProvider.class)
public final class SlackNotifierProvider implements NotifierProvider {
  static final String API_URL = "https://slack.com/api";

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
    String apiUrl = config.string("api_url", API_URL).replaceAll("/+$", "");
    HttpDelivery http = new HttpDelivery(config.duration("timeout", Duration.ofSeconds(10)));
    if (webhook.isPresent() == token.isPresent()) {
      throw config.invalid(
          "webhook_url",
          "set either webhook_url (incoming webhook) or token and channel (chat.postMessage)");
    }
    if (webhook.isPresent()) {
      return new WebhookNotifier(uri(config, "webhook_url", webhook.get().reveal()), channel, http);
    }
    if (channel.isEmpty()) {
      throw config.invalid(
          "channel", "missing; chat.postMessage needs a channel, e.g. #drift or C0123456789");
    }
    // Before threads, api_url named chat.postMessage itself; such a value still works.
    URI base = uri(config, "api_url", apiUrl.replaceAll("/chat\\.postMessage$", ""));
    return new ChatNotifier(new SlackApi(base, token.get(), channel, config.path(), http), channel);
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

  /** Posts Block Kit messages to an incoming webhook: one message per notification. */
  static final class WebhookNotifier implements Notifier {
    private final URI uri;
    private final String channel;
    private final HttpDelivery http;

    WebhookNotifier(URI uri, String channel, HttpDelivery http) {
      this.uri = uri;
      this.channel = channel;
      this.http = http;
    }

    @Override
    public void send(DriftEvent event) throws DeliveryException {
      http.postJson(uri, JsonTrees.toJson(SlackMessage.of(event, channel)), Map.of());
    }

    @Override
    public String toString() {
      return "SlackNotifier[incoming webhook]";
    }
  }

  /** Posts with a bot token; with a drift inventory, one thread per drift. */
  static final class ChatNotifier implements Notifier {
    private static final Logger log = LoggerFactory.getLogger(ChatNotifier.class);
    private final SlackApi api;
    private final String channel;

    ChatNotifier(SlackApi api, String channel) {
      this.api = api;
      this.channel = channel;
    }

    @Override
    public void send(DriftEvent event) throws DeliveryException {
      deliver(event, Optional.empty());
    }

    @Override
    public Optional<String> deliver(DriftEvent event, Optional<String> thread)
        throws DeliveryException {
      if (event.lifecycle().isEmpty()) {
        api.require("chat.postMessage", SlackMessage.of(event, channel));
        return Optional.empty();
      }
      Optional<DriftThread> parent = thread.flatMap(DriftThread::parse);
      if (thread.isPresent() && parent.isEmpty()) {
        log.warn("slack: ignoring a kept thread that is not <channel>/<ts>; posting anew");
      }
      if (event.lifecycle().get().transition() == Transition.OPENED || parent.isEmpty()) {
        return Optional.of(post(event));
      }
      // chat.update first: it is idempotent, so a retry after a failed reply repeats nothing.
      Map<String, Object> updated =
          api.call(
              "chat.update", SlackMessage.update(event, parent.get().channel(), parent.get().ts()));
      if (!SlackApi.ok(updated)) {
        String error = SlackApi.error(updated);
        if (!SlackApi.UNCHANGEABLE.contains(error)) {
          throw api.failure("chat.update", error);
        }
        log.info("slack: the drift's first message cannot show its new status ({})", error);
      }
      api.require(
          "chat.postMessage", SlackMessage.reply(event, parent.get().channel(), parent.get().ts()));
      return Optional.empty();
    }

    /** A new message; its channel's ID and ts are the drift's thread. */
    private String post(DriftEvent event) throws DeliveryException {
      Map<String, Object> answer = api.require("chat.postMessage", SlackMessage.of(event, channel));
      if (answer.get("channel") instanceof String id && answer.get("ts") instanceof String ts) {
        return id + "/" + ts;
      }
      throw DeliveryException.permanent(
          "chat.postMessage answered ok without the message's channel and ts", null);
    }

    @Override
    public String toString() {
      return "SlackNotifier[chat.postMessage " + channel + "]";
    }
  }

  /**
   * A drift's thread as the host keeps it: {@code <channel ID>/<ts>} (chat.update needs the ID, not
   * the {@code #name} of the configured channel).
   */
  record DriftThread(String channel, String ts) {
    static Optional<DriftThread> parse(String kept) {
      int slash = kept.indexOf('/');
      if (slash <= 0 || slash == kept.length() - 1) {
        return Optional.empty();
      }
      return Optional.of(new DriftThread(kept.substring(0, slash), kept.substring(slash + 1)));
    }
  }
}
