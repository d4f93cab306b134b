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
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.DriftLifecycles;
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

  private Notifier bot() {
    return slack(Map.of("token", TOKEN, "channel", "#drift", "api_url", url("/api")));
  }

  private void answer(String method, String body) {
    slack.stubFor(
        post(urlEqualTo("/api/" + method))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(body)));
  }

  private List<JsonNode> bodies(String method) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (var r : slack.findAll(postRequestedFor(urlEqualTo("/api/" + method)))) {
      out.add(JSON.readTree(r.getBodyAsString()));
    }
    return out;
  }

  // chat.postMessage answers {"ok":true,"channel":"C123ABC456","ts":"1503435956.000247",
  // "message":{...}}; chat.update answers {"ok":true,"channel":...,"ts":...,"text":...}; a failed
  // call is HTTP 200 {"ok":false,"error":"channel_not_found"} (Slack's method reference).
  private static final String POSTED =
      "{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1503435956.000247\","
          + "\"message\":{\"type\":\"message\",\"subtype\":\"bot_message\","
          + "\"text\":\"HIGH Terraform drift\",\"bot_id\":\"B0123\",\"ts\":\"1503435956.000247\"}}";
  private static final String UPDATED =
      "{\"ok\":true,\"channel\":\"C0123456789\",\"ts\":\"1503435956.000247\","
          + "\"text\":\"Resolved\"}";
  private static final String THREAD = "C0123456789/1503435956.000247";

  @Test
  void keepsOneThreadPerDriftAndShowsTheResolutionOnTheFirstMessage() throws Exception {
    answer("chat.postMessage", POSTED);
    answer("chat.update", UPDATED);
    try (Notifier n = bot()) {
      assertThat(n.deliver(DriftLifecycles.opened(), Optional.empty())).contains(THREAD);
      assertThat(
              n.deliver(
                  DriftLifecycles.resolved(Resolution.Reason.REVERTED, "alice", "set back"),
                  Optional.of(THREAD)))
          .isEmpty();
    }
    List<JsonNode> posts = bodies("chat.postMessage");
    assertThat(posts).hasSize(2);
    assertThat(posts.get(0).get("channel").asText()).isEqualTo("#drift");
    assertThat(posts.get(0).has("thread_ts")).isFalse();
    JsonNode reply = posts.get(1);
    assertThat(reply.get("channel").asText()).isEqualTo("C0123456789");
    assertThat(reply.get("thread_ts").asText()).isEqualTo("1503435956.000247");
    assertThat(reply.get("text").asText())
        .isEqualTo("Resolved (reverted by alice): aws_instance.web");
    assertThat(reply.at("/blocks/1/elements/0/text").asText())
        .isEqualTo("resolved: reverted by alice at 2026-11-23T09:40:00Z (set back)");
    JsonNode update = bodies("chat.update").get(0);
    assertThat(update.get("channel").asText()).isEqualTo("C0123456789");
    assertThat(update.get("ts").asText()).isEqualTo("1503435956.000247");
    assertThat(update.at("/blocks/0/text/text").asText())
        .isEqualTo(":white_check_mark: Resolved (reverted by alice): aws_instance.web");
    slack.verify(
        postRequestedFor(urlEqualTo("/api/chat.update"))
            .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
  }

  @Test
  void anEscalationIsTheWholeMessageInTheThread() throws Exception {
    answer("chat.postMessage", POSTED);
    answer("chat.update", UPDATED);
    DriftEvent critical =
        DriftEvents.instanceTypeChanged().withClassification(Severity.CRITICAL, List.of());
    try (Notifier n = bot()) {
      assertThat(n.deliver(DriftLifecycles.escalated(critical), Optional.of(THREAD))).isEmpty();
    }
    JsonNode reply = bodies("chat.postMessage").get(0);
    assertThat(reply.get("thread_ts").asText()).isEqualTo("1503435956.000247");
    assertThat(reply.at("/blocks/0/text/text").asText())
        .isEqualTo(":red_circle: Escalated to CRITICAL: aws_instance.web");
    assertThat(reply.toString()).contains("t3.large");
    assertThat(bodies("chat.update").get(0).at("/blocks/0/text/text").asText())
        .isEqualTo(":red_circle: Escalated to CRITICAL: aws_instance.web");
  }

  @Test
  void aFirstMessageThatCannotBeEditedStillGetsTheReply() throws Exception {
    answer("chat.postMessage", POSTED);
    answer("chat.update", "{\"ok\":false,\"error\":\"message_not_found\"}");
    try (Notifier n = bot()) {
      n.deliver(DriftLifecycles.renotified(), Optional.of(THREAD));
    }
    JsonNode reply = bodies("chat.postMessage").get(0);
    assertThat(reply.get("thread_ts").asText()).isEqualTo("1503435956.000247");
    assertThat(reply.get("text").asText()).isEqualTo("Still drifted (HIGH): aws_instance.web");
  }

  @Test
  void anUpdateRefusedForASettingIsPermanentAndPostsNoReply() throws Exception {
    answer("chat.postMessage", POSTED);
    answer("chat.update", "{\"ok\":false,\"error\":\"invalid_auth\"}");
    assertThatThrownBy(
            () ->
                bot()
                    .deliver(
                        DriftLifecycles.resolved(Resolution.Reason.APPLIED, "terraform", ""),
                        Optional.of(THREAD)))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .startsWith("notifications.slack.token: chat.update failed with invalid_auth")
                  .doesNotContain(TOKEN);
            });
    assertThat(bodies("chat.postMessage")).isEmpty();
  }

  @Test
  void aDriftWithoutAKeptThreadStartsOne() throws Exception {
    answer("chat.postMessage", POSTED);
    try (Notifier n = bot()) {
      assertThat(n.deliver(DriftLifecycles.renotified(), Optional.empty())).contains(THREAD);
      assertThat(n.deliver(DriftLifecycles.renotified(), Optional.of("garbage"))).contains(THREAD);
    }
    for (JsonNode post : bodies("chat.postMessage")) {
      assertThat(post.has("thread_ts")).isFalse();
      assertThat(post.at("/blocks/0/text/text").asText())
          .isEqualTo(":large_orange_circle: Still drifted (HIGH): aws_instance.web");
    }
    slack.verify(0, postRequestedFor(urlEqualTo("/api/chat.update")));
  }

  @Test
  void aDriftThatOpensAgainAfterItsResolutionStartsANewThread() throws Exception {
    answer("chat.postMessage", POSTED.replace("1503435956.000247", "1503500000.000100"));
    try (Notifier n = bot()) {
      assertThat(n.deliver(DriftLifecycles.opened(), Optional.of(THREAD)))
          .contains("C0123456789/1503500000.000100");
    }
    assertThat(bodies("chat.postMessage").get(0).has("thread_ts")).isFalse();
    slack.verify(0, postRequestedFor(urlEqualTo("/api/chat.update")));
  }

  @Test
  void withoutAnInventoryABotPostsEachDetectionAndKeepsNothing() throws Exception {
    answer("chat.postMessage", POSTED);
    try (Notifier n = bot()) {
      assertThat(n.deliver(DriftEvents.instanceTypeChanged(), Optional.empty())).isEmpty();
    }
    try (InputStream golden = getClass().getResourceAsStream("/slack-message.golden.json")) {
      JsonNode expected = JSON.readTree(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
      ((com.fasterxml.jackson.databind.node.ObjectNode) expected).put("channel", "#drift");
      assertThat(bodies("chat.postMessage").get(0)).isEqualTo(expected);
    }
  }

  @Test
  void namesTheSettingBehindAPermanentErrorAndRetriesTheRest() {
    Map<String, String> cases =
        Map.of(
            "channel_not_found",
            "notifications.slack.channel: chat.postMessage failed with channel_not_found: no"
                + " channel '#drift' is visible to the bot; use the channel's ID (C0123456789)"
                + " and invite the bot to it",
            "invalid_auth",
            "notifications.slack.token: chat.postMessage failed with invalid_auth: Slack does not"
                + " accept the token; use the bot token (xoxb-…) of an app installed in the"
                + " workspace",
            "not_in_channel",
            "notifications.slack.channel: chat.postMessage failed with not_in_channel: the bot is"
                + " not a member of '#drift'; /invite it, or give the app chat:write.public");
    cases.forEach(
        (error, message) -> {
          answer("chat.postMessage", "{\"ok\":false,\"error\":\"" + error + "\"}");
          assertThatThrownBy(() -> bot().deliver(DriftLifecycles.opened(), Optional.empty()))
              .isInstanceOfSatisfying(
                  DeliveryException.class,
                  e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).isEqualTo(message);
                  });
        });
    answer("chat.postMessage", "{\"ok\":false,\"error\":\"ratelimited\"}");
    assertThatThrownBy(() -> bot().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    answer("chat.postMessage", "{\"ok\":false,\"error\":\"invalid_blocks\"}");
    assertThatThrownBy(() -> bot().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).contains("invalid_blocks");
            });
  }

  @Test
  void waitsAsLongAsSlacksRetryAfterSaysWhenRateLimited() {
    // Web API rate limits: HTTP 429 with Retry-After in seconds.
    slack.stubFor(
        post(urlEqualTo("/api/chat.postMessage"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "17")
                    .withBody("{\"ok\":false,\"error\":\"ratelimited\"}")));
    assertThatThrownBy(() -> bot().deliver(DriftLifecycles.opened(), Optional.empty()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.retryAfter()).contains(java.time.Duration.ofSeconds(17)));
  }

  @Test
  void aWebhookCannotThreadSoAResolutionIsANewMessageWithTheReason() throws Exception {
    try (Notifier n = slack(validConfig())) {
      assertThat(
              n.deliver(
                  DriftLifecycles.resolved(Resolution.Reason.ACCEPTED, "state refresh", ""),
                  Optional.empty()))
          .isEmpty();
    }
    JsonNode body = lastBody("/services/T000/B000/XXXX");
    assertThat(body.at("/blocks/0/text/text").asText())
        .isEqualTo(":white_check_mark: Resolved (accepted by state refresh): aws_instance.web");
    assertThat(body.get("text").asText())
        .startsWith("Resolved (accepted by state refresh): aws_instance.web — resolved: accepted");
    assertThat(body.toString())
        .contains("*Status*\\nresolved: accepted by state refresh at 2026-11-23T09:40:00Z");
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
