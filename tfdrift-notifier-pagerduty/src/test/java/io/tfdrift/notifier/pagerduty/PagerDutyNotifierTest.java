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
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.DriftLifecycles;
import io.tfdrift.testkit.NotifierContractTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PagerDuty notifier against WireMock as the Events API v2 ({@code POST /v2/enqueue}). Shapes
 * relied on, from PagerDuty's "Send an Alert Event" reference: the request is {@code {routing_key,
 * event_action: trigger|acknowledge|resolve, dedup_key, payload: {summary, source, severity:
 * critical|error|warning|info, timestamp, component, group, class, custom_details}}}; {@code
 * dedup_key} has at most 255 characters; a {@code resolve} needs only {@code routing_key}, {@code
 * event_action} and {@code dedup_key}; success is {@code 202 {"status":"success","message":"Event
 * processed","dedup_key":"samplekeyhere"}}; a bad event is {@code 400 {"status":"invalid
 * event","message":"Event object is invalid","errors":[...]}}; throttling is a bare 429.
 */
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

  private static String accepted(String dedupKey) throws Exception {
    return "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":"
        + JSON.writeValueAsString(dedupKey)
        + "}";
  }

  @Test
  void aDriftKeepsOneAlertFromTriggerThroughEscalationToResolve() throws Exception {
    String key = DriftLifecycles.KEY.value();
    pagerduty.stubFor(
        post(urlEqualTo("/v2/enqueue"))
            .willReturn(aResponse().withStatus(202).withBody(accepted(key))));
    try (Notifier n = pagerduty(validConfig())) {
      Optional<String> thread = n.deliver(DriftLifecycles.opened(), Optional.empty());
      assertThat(thread).contains(key);
      assertThat(sent().get("event_action").asText()).isEqualTo("trigger");
      assertThat(sent().get("dedup_key").asText()).isEqualTo(key);
      assertThat(sent().at("/payload/severity").asText()).isEqualTo("error");
      assertThat(sent().at("/payload/custom_details/lifecycle/transition").asText())
          .isEqualTo("opened");

      DriftEvent critical =
          DriftEvents.instanceTypeChanged().withClassification(Severity.CRITICAL, List.of());
      assertThat(n.deliver(DriftLifecycles.escalated(critical), thread)).contains(key);
      assertThat(sent().get("event_action").asText()).isEqualTo("trigger");
      assertThat(sent().get("dedup_key").asText()).isEqualTo(key);
      assertThat(sent().at("/payload/severity").asText()).isEqualTo("critical");
      assertThat(sent().at("/payload/summary").asText())
          .startsWith("Escalated to CRITICAL: Terraform drift on aws_instance.web");

      n.deliver(DriftLifecycles.renotified(), thread);
      assertThat(sent().at("/payload/summary").asText())
          .startsWith("Still drifted since 2026-11-23T09:30:00Z (3 times): ");

      n.deliver(DriftLifecycles.resolved(Resolution.Reason.REVERTED, "alice", ""), thread);
      assertThat(sent())
          .isEqualTo(
              JSON.readTree(
                  "{\"routing_key\":\""
                      + ROUTING_KEY
                      + "\",\"event_action\":\"resolve\",\"dedup_key\":"
                      + JSON.writeValueAsString(key)
                      + "}"));
    }
    pagerduty.verify(4, postRequestedFor(urlEqualTo("/v2/enqueue")));
  }

  @Test
  void resolvesTheAlertUnderTheKeyPagerDutyConfirmedFirst() throws Exception {
    // An alert opened under another key (an earlier version's) is still the one resolved.
    String earlier = "tfdrift:aws_instance.web:instance_type";
    pagerduty.stubFor(
        post(urlEqualTo("/v2/enqueue"))
            .willReturn(aResponse().withStatus(202).withBody(accepted(earlier))));
    try (Notifier n = pagerduty(validConfig())) {
      assertThat(
              n.deliver(
                  DriftLifecycles.resolved(Resolution.Reason.APPLIED, "terraform", ""),
                  Optional.of(earlier)))
          .contains(earlier);
    }
    assertThat(sent().get("dedup_key").asText()).isEqualTo(earlier);
    assertThat(sent().get("event_action").asText()).isEqualTo("resolve");
  }

  @Test
  void aKeyLongerThanPagerDutyAllowsIsCutAndHashedStably() {
    String address = "module.network.module.subnets.aws_subnet.private[\"" + "x".repeat(300);
    DriftKey a = DriftKey.of("modified", "prod", address + "a\"]", "tags");
    DriftKey b = DriftKey.of("modified", "prod", address + "b\"]", "tags");
    String keyA = PagerDutyNotifierProvider.PagerDutyNotifier.dedupKey(a);
    assertThat(keyA)
        .hasSize(255)
        .startsWith("modified|prod|module.network")
        .isEqualTo(PagerDutyNotifierProvider.PagerDutyNotifier.dedupKey(a))
        .isNotEqualTo(PagerDutyNotifierProvider.PagerDutyNotifier.dedupKey(b))
        .matches(".{190}#[0-9a-f]{64}");
    assertThat(PagerDutyNotifierProvider.PagerDutyNotifier.dedupKey(DriftLifecycles.KEY))
        .isEqualTo("modified|prod|aws_instance.web|instance_type");
  }

  @Test
  void withoutAnInventoryEveryDetectionTriggersAndNothingIsKept() throws Exception {
    try (Notifier n = pagerduty(validConfig())) {
      assertThat(n.deliver(DriftEvents.instanceTypeChanged(), Optional.empty())).isEmpty();
    }
    assertThat(sent().get("event_action").asText()).isEqualTo("trigger");
    assertThat(sent().get("dedup_key").asText())
        .isEqualTo("tfdrift:aws_instance.web:instance_type");
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
