package io.tfdrift.state.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Secret;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.api.spi.SecretResolverProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The aws-secret scheme against WireMock speaking Secrets Manager's JSON 1.1 protocol. */
class AwsSecretResolverTest {
  private static final String TARGET = "secretsmanager.GetSecretValue";
  private static final String WEBHOOK = "https://hooks.slack.com/services/T000/B000/XXXX";

  private WireMockServer aws;
  private MutableClock clock;

  @BeforeEach
  void start() {
    aws = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    aws.start();
    clock = MutableClock.at(Instant.parse("2026-11-23T12:00:00Z"));
  }

  @AfterEach
  void stop() {
    aws.stop();
  }

  private SecretResolver resolver(Object... more) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("region", "eu-west-1");
    values.put("endpoint", aws.baseUrl());
    values.put("access_key", "AKIATEST");
    values.put("secret_key", "test-secret");
    values.put("max_attempts", 1);
    for (int i = 0; i < more.length; i += 2) {
      values.put((String) more[i], more[i + 1]);
    }
    return AwsSecretResolverProvider.create(ConfigSection.of("secrets.aws-secret", values), clock);
  }

  private void secret(String id, String secretString) {
    aws.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .withRequestBody(equalToJson("{\"SecretId\":\"" + id + "\"}", true, true))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:"
                            + id
                            + "-AbCdEf\",\"Name\":\""
                            + id
                            + "\",\"VersionId\":\"v1\",\"SecretString\":"
                            + quote(secretString)
                            + ",\"VersionStages\":[\"AWSCURRENT\"]}")));
  }

  private void error(int status, String type, String message) {
    aws.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}")));
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void isFoundByServiceLoaderUnderItsScheme() {
    assertThat(ServiceLoader.load(SecretResolverProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo("aws-secret"));
  }

  @Test
  void resolvesAPlainSecretByName() {
    secret("prod/slack-webhook", WEBHOOK);

    Secret secret = resolver().resolve("prod/slack-webhook");

    assertThat(secret.reveal()).isEqualTo(WEBHOOK);
    assertThat(secret).hasToString("****");
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo(TARGET))
            .withHeader("Authorization", containing("/eu-west-1/secretsmanager/aws4_request")));
  }

  @Test
  void selectsOneKeyOfAJsonSecretByArn() {
    String arn = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/tfdrift-AbCdEf";
    secret(arn, "{\"slack_webhook_url\":\"" + WEBHOOK + "\",\"pagerduty_key\":\"R0UT1NG\"}");

    SecretResolver resolver = resolver();

    assertThat(resolver.resolve(arn + "#slack_webhook_url").reveal()).isEqualTo(WEBHOOK);
    assertThat(resolver.resolve(arn + "#pagerduty_key").reveal()).isEqualTo("R0UT1NG");
    aws.verify(1, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void cachesForTheTtlThenFetchesAgain() {
    secret("token", "one");
    SecretResolver resolver = resolver("ttl", "10m");
    assertThat(resolver.resolve("token").reveal()).isEqualTo("one");

    secret("token", "two");
    clock.advance(Duration.ofMinutes(9));
    assertThat(resolver.resolve("token").reveal()).isEqualTo("one");
    clock.advance(Duration.ofMinutes(2));
    assertThat(resolver.resolve("token").reveal()).isEqualTo("two");
    aws.verify(2, postRequestedFor(urlEqualTo("/")));
  }

  @Test
  void servesTheCachedValueWhenARefreshFails() {
    secret("token", "one");
    SecretResolver resolver = resolver("ttl", "1m");
    resolver.resolve("token");

    aws.resetMappings();
    error(500, "InternalServiceError", "boom");
    clock.advance(Duration.ofMinutes(5));

    assertThat(resolver.resolve("token").reveal()).isEqualTo("one");
  }

  @Test
  void aMissingSecretNamesItAndTheRegion() {
    error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    assertThatThrownBy(() -> resolver().resolve("prod/nope"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AWS secret 'prod/nope' was not found in region eu-west-1")
        .hasMessageContaining("secrets.aws-secret.region");
  }

  @Test
  void accessDeniedNamesGetSecretValueAndKmsDecrypt() {
    error(400, "AccessDeniedException", "User is not authorized to perform this operation");
    assertThatThrownBy(() -> resolver().resolve("prod/tfdrift#token"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("access denied reading AWS secret 'prod/tfdrift'")
        .hasMessageContaining("secretsmanager:GetSecretValue")
        .hasMessageContaining("kms:Decrypt");
  }

  @Test
  void aMissingJsonKeyListsTheKeysButNeverTheValues() {
    secret("prod/tfdrift", "{\"slack_webhook_url\":\"" + WEBHOOK + "\"}");
    assertThatThrownBy(() -> resolver().resolve("prod/tfdrift#slack"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("has no key 'slack' (its keys: slack_webhook_url)")
        .message()
        .doesNotContain(WEBHOOK);
  }

  @Test
  void aKeyOfANonJsonSecretIsRefusedWithoutShowingTheValue() {
    secret("plain", WEBHOOK);
    assertThatThrownBy(() -> resolver().resolve("plain#url"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a JSON object")
        .message()
        .doesNotContain(WEBHOOK);
  }

  @Test
  void aSecretFeedsAnyComponentKeyThroughTheFromAwsSecretForm() {
    secret("prod/tfdrift", "{\"url\":\"" + WEBHOOK + "\"}");
    ComponentConfig slack =
        ConfigSection.of(
            "notifications.slack",
            Map.of("webhook_url_from_aws_secret", "prod/tfdrift#url"),
            Map.of("aws-secret", resolver()));
    assertThat(slack.secret("webhook_url").reveal()).isEqualTo(WEBHOOK);
  }

  @Test
  void aFailureIsReportedAtTheKeyThatReferencedTheSecret() {
    error(400, "AccessDeniedException", "User is not authorized to perform this operation");
    ComponentConfig slack =
        ConfigSection.of(
            "notifications.slack",
            Map.of("webhook_url_from_aws_secret", "prod/tfdrift#url"),
            Map.of("aws-secret", resolver()));
    assertThatThrownBy(() -> slack.secret("webhook_url"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "notifications.slack.webhook_url_from_aws_secret: access denied reading AWS secret");
  }

  @Test
  void creatingTheResolverContactsNothing() {
    resolver();
    assertThat(aws.getAllServeEvents()).isEmpty();
  }

  @Test
  void rejectsANegativeTtl() {
    assertThatThrownBy(() -> resolver("ttl", "-1"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("secrets.aws-secret.ttl");
  }

  @Test
  void valuesNeverReachTheLogsEvenAtDebug() {
    Logger logger = (Logger) LoggerFactory.getLogger("io.tfdrift.state.aws");
    Level level = logger.getLevel();
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    logger.setLevel(Level.DEBUG);
    try {
      secret("prod/tfdrift", "{\"url\":\"" + WEBHOOK + "\"}");
      SecretResolver resolver = resolver("ttl", "1m");
      resolver.resolve("prod/tfdrift#url");
      aws.resetMappings();
      error(500, "InternalServiceError", "boom");
      clock.advance(Duration.ofMinutes(2));
      resolver.resolve("prod/tfdrift#url");
    } finally {
      logger.detachAppender(events);
      logger.setLevel(level);
    }
    assertThat(events.list).isNotEmpty();
    assertThat(events.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains(WEBHOOK) || m.contains("hooks.slack.com"));
  }
}
