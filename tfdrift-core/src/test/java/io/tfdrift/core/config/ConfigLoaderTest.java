package io.tfdrift.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static ComponentConfig load(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, "tfdrift.yaml", env)
        .root(io.tfdrift.core.secrets.BuiltInSecrets.RESOLVERS);
  }

  @Test
  void expandsPlaceholdersWithDefaults() {
    var root =
        load(
            """
            falco:
              auth_token: ${FALCO_TOKEN}
              listen: "${FALCO_LISTEN:-:9000}"
            notifications:
              webhook:
                url: https://${HOOK_HOST}/drift?cost=$$5
            """,
            Map.of("FALCO_TOKEN", "tok-123", "HOOK_HOST", "hooks.example.com"));
    assertThat(root.child("falco").string("auth_token")).isEqualTo("tok-123");
    assertThat(root.child("falco").string("listen")).isEqualTo(":9000");
    assertThat(root.child("notifications").child("webhook").string("url"))
        .isEqualTo("https://hooks.example.com/drift?cost=$5");
  }

  @Test
  void namesEveryUnsetPlaceholderWithItsKeyPath() {
    assertThatThrownBy(
            () ->
                load(
                    """
                    falco:
                      auth_token: ${FALCO_TOKEN}
                    drift_rules:
                      - name: ${RULE_NAME}
                    """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "falco.auth_token: environment variable FALCO_TOKEN is not set; export it or write ${FALCO_TOKEN:-default}",
                        "drift_rules[0].name: environment variable RULE_NAME is not set; export it or write ${RULE_NAME:-default}"));
  }

  @Test
  void overridesScalarKeysFromTheEnvironment() {
    var root =
        load(
            """
            state_refresh_interval: 5m
            falco:
              enabled: false
            """,
            Map.of(
                "TFDRIFT_STATE_REFRESH_INTERVAL", "30s",
                "TFDRIFT_FALCO_ENABLED", "true",
                "TFDRIFT_FALCO_AUTH_TOKEN", "from-env",
                "TFDRIFT_PROVIDERS_AWS_STATE_LOCAL_PATH", "/states/prod.tfstate",
                "TFDRIFT_TERRAFORM_PRINCIPALS", "arn:aws:iam::*:role/tf,ci-bot"));
    assertThat(root.duration("state_refresh_interval", null)).isEqualTo(Duration.ofSeconds(30));
    assertThat(root.child("falco").bool("enabled", false)).isTrue();
    assertThat(root.child("falco").string("auth_token")).isEqualTo("from-env");
    assertThat(root.child("providers").child("aws").child("state").string("local_path"))
        .isEqualTo("/states/prod.tfstate");
    assertThat(root.strings("terraform_principals"))
        .containsExactly("arn:aws:iam::*:role/tf", "ci-bot");
  }

  @Test
  void overridesKeysThatOnlyTheFileKnows() {
    var root =
        load(
            """
            notifications:
              webhook:
                url: https://a.example
                custom_header_name: X-A
            """,
            Map.of("TFDRIFT_NOTIFICATIONS_WEBHOOK_CUSTOM_HEADER_NAME", "X-B"));
    assertThat(root.child("notifications").child("webhook").string("custom_header_name"))
        .isEqualTo("X-B");
  }

  @Test
  void reportsOverridesThatNameNoKeyButKeepsReservedOnes() {
    var loaded =
        ConfigLoader.parse(
            "logging:\n  level: info\n",
            "tfdrift.yaml",
            Map.of("TFDRIFT_LOGING_LEVEL", "debug", "TFDRIFT_LOG_LEVEL", "debug", "HOME", "/root"));
    assertThat(loaded.ignoredOverrides()).containsExactly("TFDRIFT_LOGING_LEVEL");
  }

  @Test
  void pointsAtTheLineOfBadYaml() {
    assertThatThrownBy(() -> load("providers:\n  aws:\n    state: [unclosed\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tfdrift.yaml: not valid YAML at line");
  }

  @Test
  void badYamlIsReportedWithoutQuotingTheLineThatMayHoldASecret() {
    assertThatThrownBy(() -> load("falco:\n  auth_token: \"s3cr3t-token\n  listen: [\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("tfdrift.yaml: not valid YAML at line 2")
        .hasMessageNotContaining("s3cr3t-token");
  }

  @Test
  void aDollarBraceWithoutAVariableNameIsReportedWithoutRepeatingTheValue() {
    assertThatThrownBy(() -> load("falco:\n  auth_token: \"s3cr3t${tok3n\"\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("falco.auth_token: '${' at character 7 is never closed")
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> load("falco:\n  auth_token: \"${ s3cr3t }\"\n", Map.of()))
        .hasMessageContaining("is not followed by a variable name")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void aValueInTheWrongKeyIsQuotedOnlyWhenShort() {
    assertThatThrownBy(
            () ->
                load("state_refresh_interval: soon\n", Map.of())
                    .duration("state_refresh_interval", null))
        .hasMessageContaining("'soon' is not a duration");
    assertThatThrownBy(
            () ->
                load(
                        "state_refresh_interval: ${HOOK}\n",
                        Map.of("HOOK", "https://hooks.slack.com/services/T0/B0/s3cr3t"))
                    .duration("state_refresh_interval", null))
        .hasMessageContaining("a value of 45 characters (not shown: it may be a secret)")
        .hasMessageNotContaining("s3cr3t");
  }

  @Test
  void rejectsAListAtTheTopLevel() {
    assertThatThrownBy(() -> load("- a\n- b\n", Map.of()))
        .hasMessageContaining("the top level must be a map of keys");
  }

  @Test
  void namesAMissingFile(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of()))
        .hasMessageContaining("nope.yaml does not exist; check --config");
  }

  @Test
  void loadsAnEmptyFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("empty.yaml"), "");
    assertThat(ConfigLoader.load(file, Map.of()).tree()).isEmpty();
  }

  @Test
  void readsStatesRulesAndPrincipals() {
    var root =
        load(
            """
            state_refresh_interval: 10m
            terraform_principals: ["arn:aws:iam::*:role/terraform-*"]
            providers:
              aws:
                environment: production
                states:
                  - name: network
                    local_path: net.tfstate
                  - local_path: apps.tfstate
                    refresh_interval: 1m
                    environment: staging
              gcp:
                enabled: false
                state:
                  local_path: gcp.tfstate
            drift_rules:
              - name: iam
                resource_types: ["aws_iam_*"]
                severity: critical
                schedule: {allowed_hours: "22:00-02:00", timezone: Europe/Berlin, in_window: suppress}
            """,
            Map.of());
    EngineSettings settings = EngineSettings.read(root);
    assertThat(settings.states())
        .extracting(
            s -> s.name() + " " + s.backend() + " " + s.environment() + " " + s.refreshInterval())
        .containsExactly("network local production PT10M", "aws-2 local staging PT1M");
    assertThat(settings.terraformPrincipals()).containsExactly("arn:aws:iam::*:role/terraform-*");
    assertThat(settings.rules().rules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo("iam");
              assertThat(r.schedule()).get().satisfies(s -> assertThat(s.suppress()).isTrue());
            });
  }

  @Test
  void usesTheBuiltInRulesWithoutDriftRules() {
    EngineSettings settings = EngineSettings.read(load("{}", Map.of()));
    assertThat(settings.rules().rules())
        .extracting(r -> r.name())
        .contains(
            "iam",
            "network-access",
            "encryption-keys",
            "storage-access",
            "audit-trail",
            "compute-and-data");
  }

  @Test
  void collectsEveryRuleAndStateProblem() {
    var root =
        load(
            """
            providers:
              aws:
                state: {local_path: a.tfstate}
                states: [{local_path: b.tfstate}]
              azure: {}
            drift_rules:
              - severity: high
              - name: window
                schedule: {allowed_hours: "9-5", timezone: Mars/Olympus}
            """,
            Map.of());
    assertThatThrownBy(() -> EngineSettings.read(root))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .contains(
                        "providers.aws.states: set either state or states, not both",
                        "providers.azure: unknown provider; use aws or gcp",
                        "drift_rules[0].name: missing; this key is required",
                        "drift_rules[1].schedule.allowed_hours: '9-5' is not a time range; write it as 09:00-18:00"));
  }

  @Test
  void rejectsTwoStatesWithOneName() {
    var root =
        load(
            """
            providers:
              aws: {state: {name: prod, local_path: a.tfstate}}
              gcp: {state: {name: prod, local_path: b.tfstate}}
            """,
            Map.of());
    assertThatThrownBy(() -> EngineSettings.read(root))
        .hasMessageContaining("providers.gcp.state.name: another state is also named 'prod'");
  }

  @Test
  void keepsListsOfPrincipalsAsLists() {
    var root = load("terraform_principals: [a, b]\n", Map.of());
    assertThat(root.strings("terraform_principals")).isEqualTo(List.of("a", "b"));
  }
}
