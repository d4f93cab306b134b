package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped deployment files stay consistent with what the daemon serves. */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy");
  private static final ObjectMapper YAML = new YAMLMapper();

  private static final Pattern METRIC = Pattern.compile("tfdrift_[a-z_]+");

  /**
   * Every tfdrift_* series the shipped alert rules and the Grafana dashboard query. DaemonTest
   * checks that a running daemon exports each of them.
   */
  static Set<String> queriedMetrics() throws Exception {
    Set<String> names = new TreeSet<>();
    for (JsonNode r :
        YAML.readTree(DEPLOY.resolve("prometheus/alerts.yaml").toFile()).at("/groups/0/rules")) {
      metrics(r.get("expr").asText(), names);
    }
    for (JsonNode panel :
        new ObjectMapper()
            .readTree(DEPLOY.resolve("grafana/tfdrift.json").toFile())
            .get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        metrics(target.get("expr").asText(), names);
      }
    }
    return names;
  }

  private static void metrics(String expr, Set<String> into) {
    Matcher m = METRIC.matcher(expr);
    boolean any = false;
    while (m.find()) {
      into.add(m.group());
      any = true;
    }
    assertThat(any).as("a query without a tfdrift metric: " + expr).isTrue();
  }

  @Test
  void theGrafanaDashboardShowsWhatOperatorsAskFor() throws Exception {
    JsonNode dashboard =
        new ObjectMapper().readTree(DEPLOY.resolve("grafana/tfdrift.json").toFile());
    assertThat(dashboard.get("uid").asText()).isEqualTo("tfdrift");
    Set<String> queried = queriedMetrics();
    assertThat(queried)
        .contains(
            "tfdrift_events_total",
            "tfdrift_events_by_type",
            "tfdrift_detection_latency_histogram_seconds_bucket",
            "tfdrift_falco_connected",
            "tfdrift_state_last_sync_timestamp",
            "tfdrift_notifications_total",
            "tfdrift_queue_depth",
            "tfdrift_audit_events_received_total");
    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(panel.at("/datasource/uid").asText())
          .as(panel.get("title").asText())
          .isEqualTo("${datasource}");
    }
  }

  @Test
  void theAlertRulesAreTheDocumentedOnes() throws Exception {
    JsonNode rules =
        YAML.readTree(DEPLOY.resolve("prometheus/alerts.yaml").toFile()).at("/groups/0/rules");
    List<String> names = new ArrayList<>();
    rules.forEach(r -> names.add(r.get("alert").asText()));
    assertThat(names)
        .containsExactly(
            "TFDriftCriticalDrift",
            "TFDriftHighDetectionLatency",
            "TFDriftFalcoDisconnected",
            "TFDriftStaleState",
            "TFDriftNoLeader");
  }

  @Test
  void kubernetesProbesPointAtTheAdminEndpoints() throws Exception {
    List<JsonNode> docs = manifests();
    JsonNode deployment = kind(docs, "Deployment").get(0);
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/healthz");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
    assertThat(docs)
        .extracting(d -> d.get("kind").asText())
        .contains("ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Service", "NetworkPolicy");
    JsonNode config =
        YAML.readTree(kind(docs, "ConfigMap").get(0).at("/data/tfdrift.yaml").asText());
    assertThat(config.at("/falco/listen").asText()).isEqualTo(":8765");
  }

  @Test
  void highAvailabilityRoutesFalcoToTheLeaderOnly() throws Exception {
    List<JsonNode> docs = manifests();
    JsonNode deployment = kind(docs, "Deployment").get(0);
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(2);
    JsonNode config =
        YAML.readTree(kind(docs, "ConfigMap").get(0).at("/data/tfdrift.yaml").asText());
    assertThat(config.at("/high_availability/enabled").asBoolean()).isTrue();
    JsonNode env = deployment.at("/spec/template/spec/containers/0/env");
    assertThat(env.findValuesAsText("fieldPath")).contains("metadata.name", "metadata.namespace");
    assertThat(env.findValuesAsText("name")).contains("POD_NAME", "POD_NAMESPACE");

    JsonNode falcoService =
        kind(docs, "Service").stream()
            .filter(s -> s.at("/spec/ports/0/port").asInt() == 8765)
            .findFirst()
            .orElseThrow();
    assertThat(falcoService.at("/spec/selector").path(HighAvailability.ROLE_LABEL).asText())
        .isEqualTo("leader");

    JsonNode rules = kind(docs, "Role").get(0).get("rules");
    assertThat(verbs(rules, "leases")).contains("get", "create", "update");
    assertThat(verbs(rules, "pods")).contains("get", "patch");
  }

  private static List<String> verbs(JsonNode rules, String resource) {
    List<String> verbs = new ArrayList<>();
    for (JsonNode rule : rules) {
      if (rule.get("resources").toString().contains('"' + resource + '"')) {
        rule.get("verbs").forEach(v -> verbs.add(v.asText()));
      }
    }
    return verbs;
  }

  private static List<JsonNode> kind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> d.get("kind").asText().equals(kind)).toList();
  }

  @Test
  void highAvailabilityKeepsItsInventoryInPostgres() throws Exception {
    JsonNode config =
        YAML.readTree(kind(manifests(), "ConfigMap").get(0).at("/data/tfdrift.yaml").asText());
    assertThat(config.at("/store/type").asText()).isEqualTo("postgres");
  }

  @Test
  void activeActiveReplicasAllIngestAndShareOnePostgresInventory() throws Exception {
    List<JsonNode> docs = manifests("kubernetes/tfdrift-active-active.yaml");
    JsonNode deployment = kind(docs, "Deployment").get(0);
    assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThan(1);
    JsonNode config =
        YAML.readTree(kind(docs, "ConfigMap").get(0).at("/data/tfdrift.yaml").asText());
    assertThat(config.at("/high_availability/enabled").asBoolean()).isFalse();
    assertThat(config.at("/store/type").asText()).isEqualTo("postgres");
    assertThat(config.at("/store/password_from_env").asText()).isEqualTo("TFDRIFT_DB_PASSWORD");
    JsonNode env = deployment.at("/spec/template/spec/containers/0/env");
    assertThat(env.findValues("secretKeyRef")).isNotEmpty();
    assertThat(env.findValuesAsText("name")).contains("TFDRIFT_DB_PASSWORD");
    assertThat(config.at("/sources/0/type").asText()).isEqualTo("aws-sqs");
    JsonNode falcoService =
        kind(docs, "Service").stream()
            .filter(s -> s.at("/spec/ports/0/port").asInt() == 8765)
            .findFirst()
            .orElseThrow();
    assertThat(falcoService.at("/spec/selector").has(HighAvailability.ROLE_LABEL))
        .as("every replica receives Falco alerts")
        .isFalse();
    JsonNode hpa = kind(docs, "HorizontalPodAutoscaler").get(0);
    assertThat(hpa.at("/spec/scaleTargetRef/name").asText())
        .isEqualTo(deployment.at("/metadata/name").asText());
    assertThat(kind(docs, "Role")).as("no leader election, no RBAC").isEmpty();
  }

  private static List<JsonNode> manifests() throws Exception {
    return manifests("kubernetes/tfdrift.yaml");
  }

  private static List<JsonNode> manifests(String file) throws Exception {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(Files.readString(DEPLOY.resolve(file)))) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(docs::add);
    }
    return docs;
  }
}
