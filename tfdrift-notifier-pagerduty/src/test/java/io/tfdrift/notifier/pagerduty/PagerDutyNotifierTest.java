package io.tfdrift.notifier.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.NotifierContractTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PagerDuty notifier against WireMock as the Events API v2. */
class PagerDutyNotifierTest extends NotifierContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROUTING_KEY = "R0UT1NGK3Y0000000000000000000000";
  private WireMockServer pagerduty;

  @BeforeEach
  void start() {
    pagerduty = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    pagerduty.start();
    pagerduty.stubFor(
        post(urlEqualTo("/v2/enqueue"))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withBody(
                        "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"x\"}")));
  }

  @AfterEach
  void stop() {
    pagerduty.stop();
  }

  @Override
  protected NotifierProvider provider() {
    return new PagerDutyNotifierProvider();
  }

  @Override
  protected Map<String, Object> validConfig() {
    return Map.of(
        "routing_key",
        ROUTING_KEY,
        "events_url",
        "http://127.0.0.1:" + pagerduty.port() + "/v2/enqueue");
  }

  @Override
  protected String secretInConfig() {
    return ROUTING_KEY;
  }

  @Override
  protected void assertDelivered(DriftEvent event) {
    pagerduty.verify(1, postRequestedFor(urlEqualTo("/v2/enqueue")));
  }

  private Notifier pagerduty(Map<String, Object> config) {
    return provider().create(ConfigSection.of("notifications.pagerduty", config));
  }

  private JsonNode sent() throws Exception {
    var requests = pagerduty.findAll(postRequestedFor(urlEqualTo("/v2/enqueue")));
    return JSON.readTree(requests.get(requests.size() - 1).getBodyAsString());
  }

  @Test
  void sendsTheGoldenEventsApiV2Payload() throws Exception {
    try (Notifier n = pagerduty(validConfig())) {
      n.send(DriftEvents.instanceTypeChanged());
    }
    try (InputStream golden = getClass().getResourceAsStream("/pagerduty-event.golden.json")) {
      assertThat(sent())
          .isEqualTo(JSON.readTree(new String(golden.readAllBytes(), StandardCharsets.UTF_8)));
    }
    assertThat(sent().at("/payload/custom_details"))
        .isEqualTo(JSON.readTree(DriftEventJson.write(DriftEvents.instanceTypeChanged())));
  }

  @Test
  void groupsRepeatsOfTheSameDriftIntoOneIncident() {
    DriftEvent a = DriftEvents.instanceTypeChanged();
    DriftEvent b =
        new DriftEvent(
            "another-id",
            a.kind(),
            a.severity(),
            a.provider(),
            a.resource(),
            a.changes(),
            a.actor(),
            a.event(),
            a.matchedRules(),
            a.detectedAt(),
            a.labels(),
            Optional.empty());
    assertThat(PagerDutyNotifierProvider.PagerDutyNotifier.dedupKey(a))
        .isEqualTo(PagerDutyNotifierProvider.PagerDutyNotifier.dedupKey(b))
        .isEqualTo("tfdrift:aws_instance.web:instance_type");
  }

  @Test
  void mapsSeveritiesAndAcceptsOverrides() throws Exception {
    Map<String, Object> config = new java.util.HashMap<>(validConfig());
    config.put("severity_mapping", Map.of("high", "critical"));
    try (Notifier n = pagerduty(config)) {
      n.send(DriftEvents.instanceTypeChanged());
      assertThat(sent().at("/payload/severity").asText()).isEqualTo("critical");
      n.send(DriftEvents.instanceTypeChanged().withClassification(Severity.MEDIUM, List.of()));
      assertThat(sent().at("/payload/severity").asText()).isEqualTo("warning");
    }
    config.put("severity_mapping", Map.of("high", "sev1"));
    assertThatThrownBy(() -> pagerduty(config))
        .hasMessage(
            "notifications.pagerduty.severity_mapping.high: 'sev1'; PagerDuty severities are critical, error, warning, info");
  }

  @Test
  void treats400AsPermanentAnd429AsRetryable() {
    pagerduty.stubFor(
        post(urlEqualTo("/bad"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "{\"status\":\"invalid event\",\"errors\":[\"routing_key is invalid\"]}")));
    pagerduty.stubFor(post(urlEqualTo("/busy")).willReturn(aResponse().withStatus(429)));
    String base = "http://127.0.0.1:" + pagerduty.port();
    assertThatThrownBy(
            () ->
                pagerduty(Map.of("routing_key", ROUTING_KEY, "events_url", base + "/bad"))
                    .send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("routing_key is invalid")
                  .doesNotContain(ROUTING_KEY);
            });
    assertThatThrownBy(
            () ->
                pagerduty(Map.of("routing_key", ROUTING_KEY, "events_url", base + "/busy"))
                    .send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }
}
