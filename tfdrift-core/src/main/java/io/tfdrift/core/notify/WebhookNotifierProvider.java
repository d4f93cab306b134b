package io.tfdrift.core.notify;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Secret;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.core.json.JsonTrees;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Notifier {@code webhook}: POSTs each drift to {@code url} (a secret: any {@code url_from_*} form
 * works) as the DriftEvent JSON ({@code format: json}, the default), a Discord message ({@code
 * discord}) or a Microsoft Teams Adaptive Card ({@code teams}). {@code headers} are added to every
 * request; with {@code signing_secret} each request carries {@code X-TFDrift-Signature: sha256=<hex
 * HMAC-SHA256 of the exact body>} so the receiver can verify it.
 */
@AutoService(NotifierProvider.class)
public final class WebhookNotifierProvider implements NotifierProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public WebhookNotifierProvider() {}

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public Notifier create(ComponentConfig config) {
    Secret url = config.secret("url");
    URI uri;
    try {
      uri = URI.create(url.reveal());
      if (uri.getHost() == null
          || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw config.invalid("url", "not an http(s) URL; write it as https://host/path");
    }
    String format = config.string("format", "json");
    if (!List.of("json", "discord", "teams").contains(format)) {
      throw config.invalid("format", "'" + format + "'; use json, discord or teams");
    }
    return new WebhookNotifier(
        uri,
        format,
        config.stringMap("headers"),
        config.optionalSecret("signing_secret"),
        new HttpDelivery(config.duration("timeout", Duration.ofSeconds(10))));
  }

  /** Posts drift events to one URL. */
  static final class WebhookNotifier implements Notifier {
    static final String SIGNATURE_HEADER = "X-TFDrift-Signature";

    private final URI uri;
    private final String format;
    private final Map<String, String> headers;
    private final Optional<Secret> signingSecret;
    private final HttpDelivery http;

    WebhookNotifier(
        URI uri,
        String format,
        Map<String, String> headers,
        Optional<Secret> signingSecret,
        HttpDelivery http) {
      this.uri = uri;
      this.format = format;
      this.headers = Map.copyOf(headers);
      this.signingSecret = signingSecret;
      this.http = http;
    }

    @Override
    public void send(DriftEvent event) throws DeliveryException {
      String body =
          switch (format) {
            case "discord" -> JsonTrees.toJson(discord(event));
            case "teams" -> JsonTrees.toJson(teams(event));
            default -> DriftEventJson.write(event);
          };
      Map<String, String> all = new LinkedHashMap<>(headers);
      signingSecret.ifPresent(s -> all.put(SIGNATURE_HEADER, "sha256=" + hmac(s, body)));
      http.postJson(uri, body, all);
    }

    static String hmac(Secret secret, String body) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException | InvalidKeyException e) {
        throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
      }
    }

    /**
     * Discord embed: colour by severity; limits: title 256, description 4096, 25 fields of 1024.
     */
    static Map<String, Object> discord(DriftEvent e) {
      List<Object> fields = new ArrayList<>();
      for (DriftEvent.Change c : e.changes()) {
        if (fields.size() == 20) {
          break;
        }
        fields.add(
            Map.of(
                "name",
                cut(c.attribute(), 256),
                "value",
                cut(value(c.expected()) + " → " + value(c.actual()), 1024),
                "inline",
                false));
      }
      fields.add(
          Map.of(
              "name",
              "Actor",
              "value",
              cut(orUnknown(e.actor().name()) + " (" + orUnknown(e.actor().type()) + ")", 1024),
              "inline",
              true));
      fields.add(
          Map.of(
              "name",
              "Event",
              "value",
              cut(e.event().name() + " · " + orUnknown(e.event().region()), 1024),
              "inline",
              true));
      if (!e.matchedRules().isEmpty()) {
        fields.add(
            Map.of(
                "name",
                "Rules",
                "value",
                cut(String.join(", ", e.matchedRules()), 1024),
                "inline",
                true));
      }
      DriftText.status(e)
          .ifPresent(
              s -> fields.add(Map.of("name", "Status", "value", cut(s, 1024), "inline", false)));
      Map<String, Object> embed = new LinkedHashMap<>();
      embed.put(
          "title",
          cut(
              e.severity().label().toUpperCase(java.util.Locale.ROOT)
                  + " "
                  + e.kind().label()
                  + ": "
                  + e.resource().address(),
              256));
      embed.put(
          "description",
          cut("Terraform drift on `" + e.resource().type() + "` " + e.resource().id(), 4096));
      embed.put("color", (long) colour(e.severity()));
      embed.put("fields", fields);
      embed.put("timestamp", e.event().time().toString());
      embed.put("footer", Map.of("text", "tfdrift · " + e.id()));
      return Map.of("username", "TFDrift", "embeds", List.of(embed));
    }

    /**
     * A Teams message with an Adaptive Card, as Teams incoming webhooks (Workflows) accept: {@code
     * {type: message, attachments: [{contentType: application/vnd.microsoft.card.adaptive, content:
     * <card>}]}}.
     */
    static Map<String, Object> teams(DriftEvent e) {
      List<Object> facts = new ArrayList<>();
      for (DriftEvent.Change c : e.changes()) {
        facts.add(
            Map.of(
                "title",
                c.attribute(),
                "value",
                cut(value(c.expected()) + " → " + value(c.actual()), 1000)));
      }
      facts.add(Map.of("title", "Actor", "value", orUnknown(e.actor().name())));
      facts.add(Map.of("title", "Event", "value", e.event().name() + " at " + e.event().time()));
      DriftText.status(e).ifPresent(s -> facts.add(Map.of("title", "Status", "value", s)));
      List<Object> body = new ArrayList<>();
      body.add(
          Map.of(
              "type",
              "TextBlock",
              "size",
              "Large",
              "weight",
              "Bolder",
              "wrap",
              true,
              "color",
              e.severity().atLeast(Severity.HIGH) ? "Attention" : "Warning",
              "text",
              e.severity().label().toUpperCase(java.util.Locale.ROOT)
                  + " drift: "
                  + e.resource().address()));
      body.add(
          Map.of(
              "type",
              "TextBlock",
              "wrap",
              true,
              "text",
              e.kind().label() + " · " + e.resource().type() + " " + e.resource().id()));
      body.add(Map.of("type", "FactSet", "facts", facts));
      Map<String, Object> card = new LinkedHashMap<>();
      card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
      card.put("type", "AdaptiveCard");
      card.put("version", "1.4");
      card.put("body", body);
      Map<String, Object> attachment = new LinkedHashMap<>();
      attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
      attachment.put("content", card);
      return Map.of("type", "message", "attachments", List.of(attachment));
    }

    private static int colour(Severity s) {
      return switch (s) {
        case CRITICAL -> 0x8B0000;
        case HIGH -> 0xE53935;
        case MEDIUM -> 0xFB8C00;
        case LOW -> 0x1E88E5;
        case INFO -> 0x9E9E9E;
      };
    }

    private static String value(Optional<Object> v) {
      return v.map(JsonTrees::toJson).orElse("(none)");
    }

    private static String orUnknown(String s) {
      return s.isEmpty() ? "unknown" : s;
    }

    static String cut(String s, int max) {
      return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    @Override
    public String toString() {
      return "WebhookNotifier[" + uri.getHost() + ", " + format + "]";
    }
  }
}
