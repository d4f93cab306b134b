package io.tfdrift.core.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.DriftLifecycles;
import io.tfdrift.testkit.NotifierContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook notifier against a real HTTP peer (WireMock on loopback). */
class WebhookNotifierTest extends NotifierContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SIGNING_SECRET = "whsec-7f3a9c-do-not-log";

  /** Fails the first two attempts of every distinct drift event, then accepts it. */
  static final class FlakyPeer implements ResponseDefinitionTransformerV2 {
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
      String id;
      try {
        id = JSON.readTree(serveEvent.getRequest().getBodyAsString()).get("id").asText();
      } catch (java.io.IOException e) {
        return new ResponseDefinition(400, "not a drift event: " + e.getMessage());
      }
      int n = attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      return n <= 2 ? new ResponseDefinition(503, "busy") : new ResponseDefinition(202, "");
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "flaky";
    }
  }

  private final FlakyPeer flaky = new FlakyPeer();
  private WireMockServer peer;
  @TempDir Path dir;

  @BeforeEach
  void startPeer() {
    peer = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(flaky));
    peer.start();
    peer.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
  }

  @AfterEach
  void stopPeer() {
    peer.stop();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + peer.port() + path;
  }

  @Override
  protected NotifierProvider provider() {
    return new WebhookNotifierProvider();
  }

  @Override
  protected Map<String, Object> validConfig() {
    return Map.of(
        "url",
        url("/hook"),
        "signing_secret",
        SIGNING_SECRET,
        "headers",
        Map.of("X-Team", "platform"));
  }

  @Override
  protected String secretInConfig() {
    return SIGNING_SECRET;
  }

  @Override
  protected void assertDelivered(DriftEvent event) {
    List<LoggedRequest> requests = peer.findAll(postRequestedFor(urlEqualTo("/hook")));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getBodyAsString()).isEqualTo(DriftEventJson.write(event));
  }

  private Notifier webhook(Map<String, Object> config) {
    return provider().create(ConfigSection.of("notifications.webhook", config));
  }

  @Test
  void signsTheExactBodyWithHmacSha256() throws Exception {
    DriftEvent event = DriftEvents.instanceTypeChanged();
    try (Notifier n = webhook(validConfig())) {
      n.send(event);
    }
    String body = DriftEventJson.write(event);
    String expected =
        "sha256="
            + WebhookNotifierProvider.WebhookNotifier.hmac(
                io.tfdrift.api.Secret.of(SIGNING_SECRET), body);
    peer.verify(
        postRequestedFor(urlEqualTo("/hook"))
            .withHeader("X-TFDrift-Signature", equalTo(expected))
            .withHeader("X-Team", equalTo("platform"))
            .withHeader("Content-Type", matching("application/json.*")));
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            SIGNING_SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    assertThat(expected)
        .isEqualTo(
            "sha256="
                + java.util.HexFormat.of()
                    .formatHex(
                        mac.doFinal(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  @Test
  void postsADiscordEmbedColouredBySeverity() throws Exception {
    peer.stubFor(post(urlEqualTo("/discord")).willReturn(aResponse().withStatus(204)));
    try (Notifier n = webhook(Map.of("url", url("/discord"), "format", "discord"))) {
      n.send(DriftEvents.instanceTypeChanged());
    }
    JsonNode body =
        JSON.readTree(
            peer.findAll(postRequestedFor(urlEqualTo("/discord"))).get(0).getBodyAsString());
    assertThat(body.get("username").asText()).isEqualTo("TFDrift");
    JsonNode embed = body.at("/embeds/0");
    assertThat(embed.get("title").asText()).isEqualTo("HIGH modified: aws_instance.web");
    assertThat(embed.get("color").asInt()).isEqualTo(0xE53935);
    assertThat(embed.at("/fields/0/name").asText()).isEqualTo("instance_type");
    assertThat(embed.at("/fields/0/value").asText()).isEqualTo("\"t3.micro\" → \"t3.large\"");
  }

  @Test
  void postsATeamsAdaptiveCard() throws Exception {
    peer.stubFor(post(urlEqualTo("/teams")).willReturn(aResponse().withStatus(202)));
    try (Notifier n = webhook(Map.of("url", url("/teams"), "format", "teams"))) {
      n.send(DriftEvents.instanceTypeChanged());
    }
    JsonNode body =
        JSON.readTree(
            peer.findAll(postRequestedFor(urlEqualTo("/teams"))).get(0).getBodyAsString());
    assertThat(body.get("type").asText()).isEqualTo("message");
    assertThat(body.at("/attachments/0/contentType").asText())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(body.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");
    assertThat(body.at("/attachments/0/content/body/0/text").asText())
        .isEqualTo("HIGH drift: aws_instance.web");
  }

  @Test
  void discordAndTeamsMessagesSayHowADriftWasResolved() throws Exception {
    peer.stubFor(post(urlEqualTo("/discord")).willReturn(aResponse().withStatus(204)));
    peer.stubFor(post(urlEqualTo("/teams")).willReturn(aResponse().withStatus(202)));
    DriftEvent resolved = DriftLifecycles.resolved(Resolution.Reason.REVERTED, "alice", "");
    for (String format : List.of("discord", "teams")) {
      try (Notifier n = webhook(Map.of("url", url("/" + format), "format", format))) {
        n.send(resolved);
      }
    }
    String status = "resolved: reverted by alice at 2026-11-23T09:40:00Z";
    JsonNode discord =
        JSON.readTree(
            peer.findAll(postRequestedFor(urlEqualTo("/discord"))).get(0).getBodyAsString());
    JsonNode fields = discord.at("/embeds/0/fields");
    assertThat(fields.get(fields.size() - 1).get("name").asText()).isEqualTo("Status");
    assertThat(fields.get(fields.size() - 1).get("value").asText()).isEqualTo(status);
    JsonNode teams =
        JSON.readTree(
            peer.findAll(postRequestedFor(urlEqualTo("/teams"))).get(0).getBodyAsString());
    JsonNode facts = teams.at("/attachments/0/content/body/2/facts");
    assertThat(facts.get(facts.size() - 1).get("value").asText()).isEqualTo(status);
  }

  @Test
  void theJsonFormatCarriesTheLifecycle() throws Exception {
    peer.stubFor(post(urlEqualTo("/json")).willReturn(aResponse().withStatus(200)));
    try (Notifier n = webhook(Map.of("url", url("/json")))) {
      n.send(DriftLifecycles.resolved(Resolution.Reason.APPLIED, "terraform", ""));
    }
    JsonNode body =
        JSON.readTree(peer.findAll(postRequestedFor(urlEqualTo("/json"))).get(0).getBodyAsString());
    assertThat(body.at("/lifecycle/key").asText())
        .isEqualTo("modified|prod|aws_instance.web|instance_type");
    assertThat(body.at("/lifecycle/status").asText()).isEqualTo("resolved");
    assertThat(body.at("/lifecycle/resolution/reason").asText()).isEqualTo("applied");
  }

  @Test
  void classifiesStatusesAsRetryableOrPermanent() {
    peer.stubFor(
        post(urlEqualTo("/busy"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
    peer.stubFor(post(urlEqualTo("/down")).willReturn(aResponse().withStatus(502)));
    peer.stubFor(
        post(urlEqualTo("/bad"))
            .willReturn(aResponse().withStatus(400).withBody("invalid_payload")));
    assertThatThrownBy(
            () -> webhook(Map.of("url", url("/busy"))).send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
            });
    assertThatThrownBy(
            () -> webhook(Map.of("url", url("/down"))).send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    assertThatThrownBy(
            () -> webhook(Map.of("url", url("/bad"))).send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).isEqualTo("HTTP 400 from 127.0.0.1: invalid_payload");
            });
  }

  @Test
  void timesOutASlowPeer() {
    peer.stubFor(
        post(urlEqualTo("/slow")).willReturn(aResponse().withStatus(200).withFixedDelay(2000)));
    assertThatThrownBy(
            () ->
                webhook(Map.of("url", url("/slow"), "timeout", "200ms"))
                    .send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage()).contains("within 200 ms");
            });
  }

  @Test
  void rejectsABadUrlWithoutShowingIt() {
    assertThatThrownBy(() -> webhook(Map.of("url", "hooks.example.com/T0/secret-path")))
        .hasMessage("notifications.webhook.url: not an http(s) URL; write it as https://host/path")
        .hasMessageNotContaining("secret-path");
  }

  /**
   * The done-criterion: a burst of 1,000 drift events against a webhook that fails the
   * first two attempts of each delivery ends with every event delivered exactly once.
   */
  @Test
  void deliversABurstOfAThousandExactlyOnceThroughFailures() throws Exception {
    peer.stubFor(post(urlEqualTo("/flaky")).willReturn(aResponse().withTransformers("flaky")));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Path deadLetters = dir.resolve("dead.jsonl");
    DeliveryPolicy policy =
        new DeliveryPolicy(
            "webhook",
            Duration.ofSeconds(5),
            3,
            Duration.ofMillis(2),
            Duration.ofMillis(20),
            0,
            Duration.ofSeconds(1),
            Severity.INFO,
            List.of(),
            Duration.ofMinutes(10),
            java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
    Dispatcher dispatcher =
        Dispatcher.builder()
            .route(policy, webhook(Map.of("url", url("/flaky"))))
            .workers(8)
            .deadLetterPath(deadLetters)
            .meterRegistry(meters)
            .build();
    for (int i = 0; i < 1000; i++) {
      dispatcher.submit(DriftEvents.instanceTypeChanged(String.format("%016x", i)));
    }
    assertThat(dispatcher.close(Duration.ofSeconds(60))).isTrue();

    Set<String> accepted = new HashSet<>();
    for (var e : flaky.attempts.entrySet()) {
      assertThat(e.getValue().get()).as("attempts for %s", e.getKey()).isEqualTo(3);
      accepted.add(e.getKey());
    }
    assertThat(accepted).hasSize(1000);
    assertThat(
            meters
                .counter("tfdrift.notifications", "notifier", "webhook", "outcome", "sent")
                .count())
        .isEqualTo(1000);
    assertThat(
            meters
                .counter("tfdrift.notifications", "notifier", "webhook", "outcome", "retried")
                .count())
        .isEqualTo(2000);
    assertThat(Files.exists(deadLetters) ? Files.readAllLines(deadLetters) : List.of()).isEmpty();
  }
}
