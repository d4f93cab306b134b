package io.tfdrift.notifier.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.NotifierContractTest;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Slack notifier against WireMock as Slack: incoming webhook and chat.postMessage. */
class SlackNotifierTest extends NotifierContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "xoxb-1234-5678-never-log-me";
  private WireMockServer slack;

  @BeforeEach
  void startSlack() {
    slack = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    slack.start();
    slack.stubFor(
        post(urlEqualTo("/services/T000/B000/XXXX"))
            .willReturn(aResponse().withStatus(200).withBody("ok")));
    slack.stubFor(
        post(urlEqualTo("/api/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1.2\"}")));
  }

  @AfterEach
  void stopSlack() {
    slack.stop();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + slack.port() + path;
  }

  @Override
  protected NotifierProvider provider() {
    return new SlackNotifierProvider();
  }

  @Override
  protected Map<String, Object> validConfig() {
    return Map.of("webhook_url", url("/services/T000/B000/XXXX"));
  }

  @Override
  protected String secretInConfig() {
    return "/services/T000/B000/XXXX";
  }

  @Override
  protected void assertDelivered(DriftEvent event) {
    slack.verify(1, postRequestedFor(urlEqualTo("/services/T000/B000/XXXX")));
  }

  private Notifier slack(Map<String, Object> config) {
    return provider().create(ConfigSection.of("notifications.slack", config));
  }

  private JsonNode lastBody(String path) throws Exception {
    var requests = slack.findAll(postRequestedFor(urlEqualTo(path)));
    return JSON.readTree(requests.get(requests.size() - 1).getBodyAsString());
  }

  @Test
  void postsTheGoldenBlockKitMessage() throws Exception {
    try (Notifier n = slack(validConfig())) {
      n.send(DriftEvents.instanceTypeChanged());
    }
    try (InputStream golden = getClass().getResourceAsStream("/slack-message.golden.json")) {
      JsonNode expected = JSON.readTree(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(lastBody("/services/T000/B000/XXXX")).isEqualTo(expected);
    }
  }

  @Test
  void postsWithABotTokenToAChannel() throws Exception {
    try (Notifier n =
        slack(
            Map.of("token", TOKEN, "channel", "#drift", "api_url", url("/api/chat.postMessage")))) {
      n.send(DriftEvents.instanceTypeChanged());
    }
    slack.verify(
        postRequestedFor(urlEqualTo("/api/chat.postMessage"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    assertThat(lastBody("/api/chat.postMessage").get("channel").asText()).isEqualTo("#drift");
  }

  @Test
  void treatsApiErrorsInA200AsPermanentOrRetryable() {
    slack.stubFor(
        post(urlEqualTo("/api/bad"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"ok\":false,\"error\":\"channel_not_found\"}")));
    slack.stubFor(
        post(urlEqualTo("/api/busy"))
            .willReturn(
                aResponse().withStatus(200).withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
    assertThatThrownBy(
            () ->
                slack(Map.of("token", TOKEN, "channel", "#x", "api_url", url("/api/bad")))
                    .send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("channel_not_found").doesNotContain(TOKEN);
            });
    assertThatThrownBy(
            () ->
                slack(Map.of("token", TOKEN, "channel", "#x", "api_url", url("/api/busy")))
                    .send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void retriesAWebhookThatIsRateLimited() {
    slack.stubFor(
        post(urlEqualTo("/services/limited"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));
    assertThatThrownBy(
            () ->
                slack(Map.of("webhook_url", url("/services/limited")))
                    .send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(30)));
  }

  @Test
  void needsExactlyOneWayToPost() {
    assertThatThrownBy(() -> slack(Map.of()))
        .hasMessageContaining(
            "notifications.slack.webhook_url: set either webhook_url (incoming webhook) or token and channel");
    assertThatThrownBy(() -> slack(Map.of("token", TOKEN)))
        .hasMessageContaining("notifications.slack.channel: missing");
  }

  @Test
  void escapesWhatCloudCallsControlAndStaysWithinSlacksLimits() throws Exception {
    DriftEvent base = DriftEvents.instanceTypeChanged();
    List<DriftEvent.Change> changes = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      changes.add(
          new DriftEvent.Change(
              "tag_<" + i + ">", Optional.of("x".repeat(5000)), Optional.of("<!channel> & y")));
    }
    DriftEvent noisy =
        new DriftEvent(
            base.id(),
            base.kind(),
            base.severity(),
            base.provider(),
            new DriftEvent.Resource(
                "aws_instance." + "w".repeat(300), "aws_instance", "w", "i-1", "", "prod"),
            changes,
            base.actor(),
            base.event(),
            base.matchedRules(),
            base.detectedAt(),
            base.labels(),
            Optional.empty());
    try (Notifier n = slack(validConfig())) {
      n.send(noisy);
    }
    JsonNode body = lastBody("/services/T000/B000/XXXX");
    assertThat(body.get("blocks").size()).isLessThanOrEqualTo(50);
    assertThat(body.at("/blocks/0/text/text").asText().length()).isLessThanOrEqualTo(150);
    for (JsonNode block : body.get("blocks")) {
      if (block.has("text") && block.get("text").has("text")) {
        assertThat(block.at("/text/text").asText().length()).isLessThanOrEqualTo(3000);
      }
    }
    String all = body.toString();
    assertThat(all).doesNotContain("<!channel>").contains("&lt;!channel&gt; &amp; y");
  }
}
