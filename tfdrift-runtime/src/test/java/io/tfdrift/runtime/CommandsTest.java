package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {
  @TempDir Path dir;

  @Test
  void mappingsListsEveryCallAsJson() throws Exception {
    Cli cli = Cli.run("mappings", "--format", "json");
    assertThat(cli.exit()).isZero();
    JsonNode doc = new ObjectMapper().readTree(cli.out());
    assertThat(doc.at("/aws/events").asInt())
        .isEqualTo(doc.at("/aws/calls").size())
        .isGreaterThan(100);
    assertThat(doc.at("/gcp/events").asInt()).isGreaterThan(30);
    assertThat(doc.at("/aws/calls"))
        .anySatisfy(
            c -> {
              assertThat(c.get("action").asText()).isEqualTo("ModifyInstanceAttribute");
              assertThat(c.get("type").asText()).isEqualTo("aws_instance");
              assertThat(c.at("/attributes/instance_type").asText())
                  .isEqualTo("request.instanceType.value");
            });
  }

  @Test
  void mappingsListsTheOperationalCallsApartWithTheirReasons() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(Cli.run("mappings", "--format", "json").out());
    assertThat(doc.at("/aws/operational"))
        .anySatisfy(
            c -> {
              assertThat(c.get("service").asText()).isEqualTo("ec2.amazonaws.com");
              assertThat(c.get("action").asText()).isEqualTo("RebootInstances");
              assertThat(c.get("why").asText()).contains("reboot");
            });
    assertThat(doc.at("/aws/calls"))
        .noneSatisfy(c -> assertThat(c.get("action").asText()).isEqualTo("RebootInstances"));
    assertThat(doc.at("/gcp/operational")).isNotEmpty();

    Cli text = Cli.run("mappings", "--provider", "aws");
    assertThat(text.out())
        .containsPattern(
            "operational, change nothing Terraform models \\(never drift\\): \\d+ calls")
        .containsPattern("RebootInstances +a reboot keeps");
  }

  @Test
  void mappingsRejectsAnUnknownProvider() {
    Cli cli = Cli.run("mappings", "--provider", "azure");
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).contains("--provider: 'azure'; use aws or gcp");
  }

  @Test
  void pluginsListsTheBuiltInProviders() {
    Cli cli = Cli.run("plugins");
    assertThat(cli.exit()).isZero();
    assertThat(cli.out())
        .contains("resource mapper  aws")
        .contains("state backend    local")
        .contains("secret resolver  env")
        .contains("io.tfdrift.core.mapping.AwsMapperProvider");
  }

  @Test
  void validateCreatesNoFileOrDirectory(@TempDir Path configs) throws Exception {
    Path config = configs.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              local_path: ../examples/demo/terraform.tfstate
        falco:
          enabled: true
          listen: 127.0.0.1:0
        notifications:
          dead_letter_path: %s
          jsonl:
            path: %s
        """
            .formatted(dir.resolve("dead/letters.jsonl"), dir.resolve("out/drift.jsonl")));
    Cli cli = Cli.run("validate", "--config", config.toString());
    assertThat(cli.exit()).as(cli.err()).isZero();
    try (var left = Files.list(dir)) {
      assertThat(left).as("what validate left behind").isEmpty();
    }
  }

  @Test
  void aConfigWithoutACommandRunsTheDaemon() throws Exception {
    Path config = dir.resolve("nosource.yaml");
    Files.writeString(
        config,
        "providers:\n  aws:\n    state:\n      local_path: ../examples/demo/terraform.tfstate\n");
    Cli cli = Cli.run("--config", config.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .as("the daemon's own start-up check, not a usage error")
        .contains("no event source is enabled");
  }

  @Test
  void printsABashCompletionScript() {
    Cli cli = Cli.run("completion", "bash");
    assertThat(cli.exit()).isZero();
    assertThat(cli.out())
        .contains("complete -F _complete_tfdrift")
        .contains("replay")
        .contains("--allow-bad-records");
    assertThat(Cli.run("completion", "zsh").out())
        .contains("bashcompinit")
        .contains("complete -F _complete_tfdrift");
  }

  @Test
  void validateAcceptsTheExampleConfig() {
    Cli cli = Cli.run("validate", "--config", "src/dist/config/tfdrift.example.yaml");
    assertThat(cli.err()).isEmpty();
    assertThat(cli.exit()).isZero();
    assertThat(cli.out())
        .contains("valid (1 states, 3 drift rules)")
        .contains("inventory: sqlite, for one process: run one replica");
  }

  @Test
  void validateSaysWhichWaysOfRunningReplicasTheStoreAllows(@TempDir Path configs)
      throws Exception {
    String base =
        "providers:\n  aws:\n    state:\n      local_path: ../examples/demo/terraform.tfstate\n"
            + "falco:\n  enabled: true\n";
    Path postgres = configs.resolve("postgres.yaml");
    Files.writeString(
        postgres, base + "store:\n  type: postgres\n  url: jdbc:postgresql://db:5432/tfdrift\n");
    assertThat(Cli.run("validate", "--config", postgres.toString()).out())
        .contains("inventory: postgres, shared by replicas: every replica may ingest");

    Path grpc = configs.resolve("grpc.yaml");
    Files.writeString(
        grpc,
        base.replace("enabled: true\n", "enabled: true\n  transport: grpc\n")
            + "store:\n  type: postgres\n  url: jdbc:postgresql://db:5432/tfdrift\n");
    assertThat(Cli.run("validate", "--config", grpc.toString()).out())
        .contains("inventory: postgres, shared by replicas")
        .contains("falco.transport: grpc sends every alert to every subscriber")
        .contains("high_availability.enabled: true");

    Path ha = configs.resolve("ha.yaml");
    Files.writeString(
        ha,
        base
            + "store:\n  type: postgres\n  url: jdbc:postgresql://db:5432/tfdrift\n"
            + "high_availability:\n  enabled: true\n");
    assertThat(Cli.run("validate", "--config", ha.toString()).out())
        .contains("high_availability: one leader ingests at a time");

    Path sqliteHa = configs.resolve("sqlite-ha.yaml");
    Files.writeString(sqliteHa, base + "high_availability:\n  enabled: true\n");
    Cli refused = Cli.run("validate", "--config", sqliteHa.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err())
        .contains("store.type: high_availability needs a drift store every replica shares")
        .contains("set store.type: postgres");

    Path none = configs.resolve("none.yaml");
    Files.writeString(none, base + "store:\n  type: none\n");
    assertThat(Cli.run("validate", "--config", none.toString()).out())
        .contains("inventory: none: every detection is notified as it comes");
  }

  @Test
  void validateReportsUnknownNotifierAndPluginTypes() throws Exception {
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        notifications:
          teams:
            webhook_url: https://example.invalid/hook
        plugins:
          - name: cost-estimate
        logging:
          level: loud
        """);
    Cli cli = Cli.run("validate", "--config", config.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains("notifications.teams: unknown notifier type 'teams'")
        .contains("plugins[0].name: unknown plugin type 'cost-estimate'")
        .contains("logging.level: 'loud'; use one of trace, debug, info, warn, error");
  }

  @Test
  void validateReportsAMisspeltKeyInAnOtherwiseValidFile() throws Exception {
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              local_path: terraform.tfstate
              refresh_intervall: 1m
        """);
    Cli cli = Cli.run("validate", "--config", config.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains(
            "providers.aws.state.refresh_intervall: unknown key; did you mean 'refresh_interval'?");
  }

  @Test
  void validateChecksConfiguredSources() throws Exception {
    Path config = dir.resolve("sources.yaml");
    Files.writeString(
        config,
        """
        sources:
          - type: gcp-pubsub
            subscription: not-a-subscription-path
          - type: kinesis
          - type: kafka
            topics: [cloudtrail]
        """);
    Cli cli = Cli.run("validate", "--config", config.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains("sources[0].subscription")
        .contains(
            "sources[1].type: unknown event source type 'kinesis'; known types: aws-sqs, falco,"
                + " falco-grpc, falco-http, gcp-pubsub, kafka")
        .contains("sources[2].bootstrap_servers: is required");
  }

  @Test
  void versionPrintsTheVersion() {
    Cli cli = Cli.run("version");
    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).startsWith("tfdrift ");
  }
}
