package io.tfdrift.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.core.config.ConfigSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentConfigTest {

  private static ConfigSection slack(Map<String, ?> values) {
    return ConfigSection.of("notifications.slack", values);
  }

  @Test
  void readsTypedValues() {
    var config =
        slack(
            Map.of(
                "channel",
                "#drift",
                "max_retries",
                5,
                "enabled",
                "true",
                "timeout",
                "1m30s",
                "severities",
                List.of("high", "critical"),
                "headers",
                Map.of("X-Team", "platform")));
    assertThat(config.string("channel")).isEqualTo("#drift");
    assertThat(config.integer("max_retries", 3)).isEqualTo(5);
    assertThat(config.bool("enabled", false)).isTrue();
    assertThat(config.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.strings("severities")).containsExactly("high", "critical");
    assertThat(config.stringMap("headers")).containsEntry("X-Team", "platform");
    assertThat(config.string("missing", "fallback")).isEqualTo("fallback");
  }

  @Test
  void acceptsEveryDurationForm() {
    var config = slack(Map.of("a", "500ms", "b", "10s", "c", "5m", "d", "2h", "e", "1d", "f", 30));
    assertThat(config.duration("a", null)).isEqualTo(Duration.ofMillis(500));
    assertThat(config.duration("b", null)).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.duration("c", null)).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.duration("d", null)).isEqualTo(Duration.ofHours(2));
    assertThat(config.duration("e", null)).isEqualTo(Duration.ofDays(1));
    assertThat(config.duration("f", null)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void namesTheFullKeyPathOfABadValue() {
    var config = slack(Map.of("timeout", "ten seconds", "max_retries", "many", "enabled", "yes"));
    assertThatThrownBy(() -> config.duration("timeout", Duration.ZERO))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("notifications.slack.timeout: 'ten seconds' is not a duration")
        .hasMessageContaining("10s");
    assertThatThrownBy(() -> config.integer("max_retries", 3))
        .hasMessage("notifications.slack.max_retries: 'many' is not a whole number");
    assertThatThrownBy(() -> config.bool("enabled", true))
        .hasMessageContaining("notifications.slack.enabled")
        .hasMessageContaining("use true or false");
  }

  @Test
  void reportsAMissingRequiredKey() {
    assertThatThrownBy(() -> slack(Map.of()).string("channel"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("notifications.slack.channel: missing; this key is required");
  }

  @Test
  void readsASecretFromEachForm(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("url");
    Files.writeString(file, "https://hooks.example/T0/B0/xyz\n");
    String someEnvVar =
        System.getenv().keySet().stream()
            .filter(k -> !System.getenv(k).isEmpty())
            .findFirst()
            .orElseThrow();
    assertThat(slack(Map.of("webhook_url", "plain")).secret("webhook_url").reveal())
        .isEqualTo("plain");
    assertThat(
            slack(Map.of("webhook_url_from_file", file.toString())).secret("webhook_url").reveal())
        .isEqualTo("https://hooks.example/T0/B0/xyz");
    assertThat(slack(Map.of("webhook_url_from_env", someEnvVar)).secret("webhook_url").reveal())
        .isEqualTo(System.getenv(someEnvVar));
  }

  @Test
  void resolvesSecretsThroughARegisteredScheme() {
    SecretResolver vault = reference -> Secret.of("resolved:" + reference);
    var config =
        ConfigSection.of(
            "notifications.pagerduty",
            Map.of(
                "routing_key_from_aws_secret", "arn:aws:secretsmanager:us-east-1:1:secret:pd#key"),
            Map.of("aws-secret", vault));
    assertThat(config.secret("routing_key").reveal())
        .isEqualTo("resolved:arn:aws:secretsmanager:us-east-1:1:secret:pd#key");
    assertThat(config.unknownKeys()).isEmpty();
  }

  @Test
  void rejectsTwoFormsOfOneSecret() {
    var config = slack(Map.of("webhook_url", "a", "webhook_url_from_env", "B"));
    assertThatThrownBy(() -> config.secret("webhook_url"))
        .hasMessageContaining("notifications.slack.webhook_url: set only one of");
  }

  @Test
  void rejectsAnUnknownSecretScheme() {
    var config = slack(Map.of("webhook_url_from_vault", "secret/slack"));
    assertThatThrownBy(() -> config.secret("webhook_url"))
        .hasMessageContaining("notifications.slack.webhook_url_from_vault: unknown secret source")
        .hasMessageContaining("webhook_url_from_env");
  }

  @Test
  void reportsAMissingSecretWithEveryForm() {
    assertThatThrownBy(() -> slack(Map.of()).secret("webhook_url"))
        .hasMessageContaining("webhook_url_from_env")
        .hasMessageContaining("webhook_url_from_file");
  }

  @Test
  void neverShowsASecretValue() {
    Secret secret = slack(Map.of("token", "xoxb-very-secret")).secret("token");
    assertThat(secret.toString()).isEqualTo("****");
    assertThat(String.valueOf(List.of(secret))).doesNotContain("xoxb");
  }

  @Test
  void namesTheEnvironmentVariableThatIsNotSet() {
    var config = slack(Map.of("token_from_env", "TFDRIFT_TEST_SURELY_UNSET_VARIABLE"));
    assertThatThrownBy(() -> config.secret("token"))
        .hasMessageContaining("notifications.slack.token_from_env")
        .hasMessageContaining("TFDRIFT_TEST_SURELY_UNSET_VARIABLE is not set");
  }

  @Test
  void suggestsTheKeyAMisspeltKeyMeant() {
    var config = slack(Map.of("chanel", "#drift", "webhook_url", "x"));
    config.string("channel", "#default");
    config.secret("webhook_url");
    assertThat(config.unknownKeys())
        .containsExactly("notifications.slack.chanel: unknown key; did you mean 'channel'?");
  }

  @Test
  void reportsUnreadKeysInNestedSectionsAndLists() {
    var root =
        ConfigSection.of(
            "",
            Map.of(
                "server", Map.of("listen", ":8080", "lisen", ":9090"),
                "drift_rules", List.of(Map.of("name", "iam", "severty", "high"))));
    root.child("server").string("listen");
    for (ComponentConfig rule : root.children("drift_rules")) {
      rule.string("name");
      rule.string("severity", "medium");
    }
    assertThat(root.unknownKeys())
        .containsExactlyInAnyOrder(
            "server.lisen: unknown key; did you mean 'listen'?",
            "drift_rules[0].severty: unknown key; did you mean 'severity'?");
  }

  @Test
  void reportsAWholeSectionNobodyRead() {
    var root = ConfigSection.of("", Map.of("telemetry", Map.of("enabled", true)));
    assertThat(root.unknownKeys()).singleElement().asString().startsWith("telemetry: unknown key");
  }

  @Test
  void rejectsAScalarWhereASectionIsExpected() {
    var root = ConfigSection.of("", Map.of("server", ":8080"));
    assertThatThrownBy(() -> root.child("server"))
        .hasMessage("server: expected a section (a map of keys), found a value");
  }

  @Test
  void skippedSectionsAreNotReportedAsUnknown() {
    var root = ConfigSection.of("", Map.of("falco", Map.of("enabled", true), "typo", 1));
    root.skip("falco");
    assertThat(root.unknownKeys()).singleElement().asString().startsWith("typo: unknown key");
  }
}
