package io.tfdrift.notifier.pagerduty;

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
import io.tfdrift.core.notify.HttpDelivery;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Notifier {@code pagerduty}: PagerDuty Events API v2 ({@code events_url}, default {@value
 * #EVENTS_URL}). {@code routing_key} is a secret (any {@code routing_key_from_*} form works);
 * {@code severity_mapping} maps drift severities to PagerDuty's (default critical → critical, high
 * → error, medium → warning, low and info → info); the {@code dedup_key} is the resource address
 * and the changed attributes, so repeats of the same drift group into one incident; {@code
 * custom_details} carry the whole DriftEvent.
 */
@AutoService(NotifierProvider.class)
public final class PagerDutyNotifierProvider implements NotifierProvider {
  static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";
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

  /** Triggers one alert per drift event. */
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
      http.postJson(events, JsonTrees.toJson(payload(event)), Map.of());
    }

    Map<String, Object> payload(DriftEvent e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("summary", cut(summary(e), 1024));
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
      event.put("dedup_key", dedupKey(e));
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
