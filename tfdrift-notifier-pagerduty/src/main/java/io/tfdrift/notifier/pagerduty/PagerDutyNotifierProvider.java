package io.tfdrift.notifier.pagerduty;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Secret;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.notify.HttpDelivery;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Notifier {@code pagerduty}: PagerDuty Events API v2 ({@code events_url}, default {@value
 * #EVENTS_URL}). {@code routing_key} is a secret (any {@code routing_key_from_*} form works);
 * {@code severity_mapping} maps drift severities to PagerDuty's (default critical → critical, high
 * → error, medium → warning, low and info → info); {@code custom_details} carry the whole
 * DriftEvent.
 *
 * <p>With a drift inventory each drift is one alert: the {@code dedup_key} is the drift key (see
 * {@link PagerDutyNotifier#dedupKey(DriftKey)}); opened, escalated and renotified drift {@code
 * trigger} it (a trigger with a known key updates the open alert, an escalation carries the new
 * severity), a resolved drift sends {@code resolve} with the same key, so the incident closes
 * itself. Without an inventory every detection triggers, keyed by the resource address and the
 * changed attributes, so repeats of the same drift group into one incident.
 */
@AutoService(NotifierProvider.class)
public final class PagerDutyNotifierProvider implements NotifierProvider {
  static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
  static final int MAX_DEDUP_KEY = 255;
  private static final List<String> PD_SEVERITIES = List.of("critical", "error", "warning", "info");

  /** Creates the provider; ServiceLoader calls this. */
  public PagerDutyNotifierProvider() {}

  @Override
  public String type() {
    return "pagerduty";
  }

  @Override
  public Notifier create(ComponentConfig config) {
    Secret routingKey = config.secret("routing_key");
    URI events;
    try {
      events = URI.create(config.string("events_url", EVENTS_URL));
      if (events.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw config.invalid(
          "events_url", "not an http(s) URL; write it as https://events.pagerduty.com/v2/enqueue");
    }
    Map<Severity, String> mapping = new EnumMap<>(Severity.class);
    mapping.put(Severity.CRITICAL, "critical");
    mapping.put(Severity.HIGH, "error");
    mapping.put(Severity.MEDIUM, "warning");
    mapping.put(Severity.LOW, "info");
    mapping.put(Severity.INFO, "info");
    for (Map.Entry<String, String> m : config.stringMap("severity_mapping").entrySet()) {
      Severity from;
      try {
        from = Severity.parse(m.getKey());
      } catch (IllegalArgumentException e) {
        throw config.invalid("severity_mapping." + m.getKey(), e.getMessage());
      }
      String to = m.getValue().toLowerCase(Locale.ROOT);
      if (!PD_SEVERITIES.contains(to)) {
        throw config.invalid(
            "severity_mapping." + m.getKey(),
            "'" + m.getValue() + "'; PagerDuty severities are critical, error, warning, info");
      }
      mapping.put(from, to);
    }
    return new PagerDutyNotifier(
        events,
        routingKey,
        mapping,
        config.string("source", "tfdrift"),
        new HttpDelivery(config.duration("timeout", Duration.ofSeconds(10))));
  }

  /** Triggers one alert per drift, and resolves it when the inventory says the drift is gone. */
  static final class PagerDutyNotifier implements Notifier {
    private final URI events;
    private final Secret routingKey;
    private final Map<Severity, String> severities;
    private final String source;
    private final HttpDelivery http;

    PagerDutyNotifier(
        URI events,
        Secret routingKey,
        Map<Severity, String> severities,
        String source,
        HttpDelivery http) {
      this.events = events;
      this.routingKey = routingKey;
      this.severities = Map.copyOf(severities);
      this.source = source;
      this.http = http;
    }

    @Override
    public void send(DriftEvent event) throws DeliveryException {
      deliver(event, Optional.empty());
    }

    /**
     * Triggers or resolves the drift's alert. The thread is the {@code dedup_key} PagerDuty
     * confirmed for the drift's first event, so a drift keeps its alert even if the way keys are
     * made changes between versions.
     */
    @Override
    public Optional<String> deliver(DriftEvent event, Optional<String> thread)
        throws DeliveryException {
      if (event.lifecycle().isEmpty()) {
        http.postJson(events, JsonTrees.toJson(payload(event, dedupKey(event))), Map.of());
        return Optional.empty();
      }
      DriftEvent.Lifecycle lifecycle = event.lifecycle().get();
      String dedupKey = thread.orElseGet(() -> dedupKey(lifecycle.key()));
      Map<String, Object> body =
          lifecycle.transition() == Transition.RESOLVED
              ? resolve(dedupKey)
              : payload(event, dedupKey);
      String answer = http.postJson(events, JsonTrees.toJson(body), Map.of());
      return Optional.of(confirmedKey(answer, dedupKey));
    }

    /**
     * Events API v2: "resolve" needs only the routing key, the action and the alert's dedup_key.
     */
    private Map<String, Object> resolve(String dedupKey) {
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("routing_key", routingKey.reveal());
      event.put("event_action", "resolve");
      event.put("dedup_key", dedupKey);
      return event;
    }

    /** The {@code dedup_key} of PagerDuty's 202 answer; ours if the answer does not say. */
    private static String confirmedKey(String answer, String sent) {
      try {
        if (JsonTrees.parseObject(answer).get("dedup_key") instanceof String key
            && !key.isBlank()) {
          return key;
        }
      } catch (IllegalArgumentException notJson) {
        // A 2xx without a JSON body (a proxy): the key we sent is the alert's key.
      }
      return sent;
    }

    Map<String, Object> payload(DriftEvent e, String dedupKey) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("summary", cut(prefix(e) + summary(e), 1024));
      body.put("source", source);
      body.put("severity", severities.get(e.severity()));
      body.put("timestamp", e.event().time().toString());
      body.put("component", e.resource().type());
      body.put("group", e.resource().state().isEmpty() ? e.provider() : e.resource().state());
      body.put("class", e.kind().label());
      body.put("custom_details", JsonTrees.parseObject(DriftEventJson.write(e)));
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("routing_key", routingKey.reveal());
      event.put("event_action", "trigger");
      event.put("dedup_key", dedupKey);
      event.put("payload", body);
      event.put("client", "TFDrift");
      return event;
    }

    /**
     * The resource address and the changed attributes: the same drift repeats into one incident.
     */
    static String dedupKey(DriftEvent e) {
      String attributes =
          e.changes().stream()
              .map(DriftEvent.Change::attribute)
              .sorted()
              .collect(Collectors.joining(","));
      return cut(
          "tfdrift:"
              + e.resource().address()
              + (attributes.isEmpty() ? ":" + e.kind().label() : ":" + attributes),
          255);
    }

    /**
     * A drift key as a {@code dedup_key}: the key itself when it fits PagerDuty's 255 characters;
     * otherwise its first 190 characters, {@code #} and the SHA-256 of the whole key in hex (64),
     * which stays stable and readable.
     */
    static String dedupKey(DriftKey key) {
      String value = key.value();
      if (value.length() <= MAX_DEDUP_KEY) {
        return value;
      }
      return value.substring(0, MAX_DEDUP_KEY - 65) + "#" + sha256(value);
    }

    private static String sha256(String value) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no SHA-256", e);
      }
    }

    /** Escalations and reminders say so first: the summary is what a pager shows. */
    private static String prefix(DriftEvent e) {
      if (e.lifecycle().isEmpty()) {
        return "";
      }
      DriftEvent.Lifecycle l = e.lifecycle().get();
      return switch (l.transition()) {
        case ESCALATED -> "Escalated to " + e.severity().label().toUpperCase(Locale.ROOT) + ": ";
        case RENOTIFIED ->
            "Still drifted since " + l.firstSeen() + " (" + l.occurrences() + " times): ";
        case OPENED, RESOLVED -> "";
      };
    }

    private static String summary(DriftEvent e) {
      String what =
          e.changes().isEmpty()
              ? e.kind().label().replace('_', ' ')
              : "changed "
                  + e.changes().stream()
                      .map(DriftEvent.Change::attribute)
                      .collect(Collectors.joining(", "));
      String who = e.actor().name().isEmpty() ? "" : " by " + e.actor().name();
      return "Terraform drift on "
          + e.resource().address()
          + ": "
          + what
          + who
          + " ("
          + e.event().name()
          + ")";
    }

    private static String cut(String s, int max) {
      return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    @Override
    public String toString() {
      return "PagerDutyNotifier[" + events.getHost() + "]";
    }
  }
}
