package com.example.tfdrift.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.TestConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscordNotifierTest {
  private final FakeDiscord discord;

  DiscordNotifierTest() throws Exception {
    discord = new FakeDiscord();
  }

  @AfterEach
  void stop() {
    discord.close();
  }

  private Notifier notifier() {
    return new DiscordNotifierProvider()
        .create(
            TestConfigs.of(
                "notifications.discord",
                Map.of("webhook_url", discord.webhookUrl(), "timeout", "2s")));
  }

  @Test
  void postsOneEmbedColouredBySeverityWithTheChangesAndLabels() throws Exception {
    notifier().send(DriftEvents.instanceTypeChanged());

    FakeDiscord.Request request = discord.requests().get(0);
    assertThat(request.headers().get("Content-type")).containsExactly("application/json");
    assertThat(request.body())
        .startsWith("{\"username\":\"TFDrift\",\"allowed_mentions\":{\"parse\":[]},\"embeds\":[{")
        .contains("\"title\":\"HIGH drift: aws_instance.web (modified)\"")
        .contains("\"description\":\"`instance_type`: `t3.micro` → `t3.large`\"")
        .contains("\"color\":" + 0xF2711C)
        .contains("{\"name\":\"Actor\",\"value\":\"alice (IAMUser)\",\"inline\":true}")
        .contains("{\"name\":\"Account / region\",\"value\":\"123456789012 / us-east-1\"")
        .contains("{\"name\":\"Call\",\"value\":\"ec2.amazonaws.com ModifyInstanceAttribute\"")
        .contains("{\"name\":\"Labels\",\"value\":\"environment: production\"")
        .contains("\"footer\":{\"text\":\"tfdrift · drift 9f2c4e7a1b3d5f60\"}")
        .contains("\"timestamp\":\"2026-11-23T09:30:00.250Z\"");
  }

  @Test
  void keepsWithinDiscordsLimitsAndEscapesJson() throws Exception {
    DriftEvent d = DriftEvents.instanceTypeChanged();
    String policy = "{\"Statement\":\"" + "x".repeat(5000) + "\"}";
    DriftEvent huge =
        new DriftEvent(
            d.id(),
            d.kind(),
            d.severity(),
            d.provider(),
            d.resource(),
            List.of(new DriftEvent.Change("policy", Optional.empty(), Optional.of(policy))),
            d.actor(),
            d.event(),
            d.matchedRules(),
            d.detectedAt(),
            Map.of("note", "line1\nline2 \"quoted\" @everyone"),
            Optional.empty());
    notifier().send(huge);
    String body = discord.requests().get(0).body();
    assertThat(body).contains("`policy`: (absent) → `{\\\"Statement\\\":\\\"xxx").contains("…`");
    assertThat(body).contains("note: line1\\nline2 \\\"quoted\\\" @everyone");
    assertThat(body.length()).isLessThan(2000);
  }

  @Test
  void aRateLimitIsRetryableAfterDiscordsDelay() {
    discord.answer(
        429,
        Map.of("Retry-After", "2", "Content-Type", "application/json"),
        "{\"message\":\"You are being rate limited.\",\"retry_after\":1.5,\"global\":false}");
    assertThatThrownBy(() -> notifier().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
            });
    discord.answer(429, Map.of(), "{\"retry_after\":0.25}");
    assertThatThrownBy(() -> notifier().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(250)));
  }

  @Test
  void serverErrorsAreRetryableAndADeletedWebhookIsNot() {
    discord.answer(502, Map.of(), "Bad Gateway");
    assertThatThrownBy(() -> notifier().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessage("Discord answered 502: Bad Gateway");

    discord.answer(404, Map.of(), "{\"message\": \"Unknown Webhook\", \"code\": 10015}");
    assertThatThrownBy(() -> notifier().send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("the webhook does not exist (404)")
        .hasMessageContaining("set notifications.discord.webhook_url");

    discord.answer(400, Map.of(), "{\"embeds\": [\"0\"]}");
    assertThatThrownBy(() -> notifier().send(DriftEvents.instanceTypeChanged()))
        .hasMessage("Discord rejected the message (400): {\"embeds\": [\"0\"]}");
  }

  @Test
  void anUnreachableDiscordIsRetryableAndTheTokenNeverShows() {
    String url = discord.webhookUrl();
    discord.close();
    Notifier notifier =
        new DiscordNotifierProvider()
            .create(TestConfigs.of("notifications.discord", Map.of("webhook_url", url)));
    assertThatThrownBy(() -> notifier.send(DriftEvents.instanceTypeChanged()))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageStartingWith("cannot reach Discord: ")
        .hasMessageNotContaining("s3cr3t");
    assertThat(notifier.toString()).isEqualTo("DiscordNotifier[webhook 127.0.0.1/****]");
  }

  @Test
  void rejectsAWebhookUrlThatIsNotHttpWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                new DiscordNotifierProvider()
                    .create(
                        TestConfigs.of(
                            "notifications.discord",
                            Map.of("webhook_url", "discord.com/api/webhooks/1/s3cr3t"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("notifications.discord.webhook_url: must be an https:// URL")
        .hasMessageNotContaining("s3cr3t");
  }
}
