package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
  private static final Path DEMO = Path.of("../examples/demo");
  private static final String STATE = DEMO.resolve("terraform.tfstate").toString();
  private static final String LOG = DEMO.resolve("cloudtrail.json").toString();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static List<JsonNode> lines(String out) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        nodes.add(JSON.readTree(line));
      }
    }
    return nodes;
  }

  @Test
  void reportsTheDemoDriftAsJsonLinesAndExitsTwo() throws Exception {
    Cli cli = Cli.run("replay", "--format", "json", "--state", STATE, LOG);

    assertThat(cli.exit()).isEqualTo(2);
    List<JsonNode> drift = lines(cli.out());
    assertThat(drift)
        .extracting(
            d ->
                d.get("kind").asText()
                    + " "
                    + d.get("severity").asText()
                    + " "
                    + d.at("/resource/address").asText())
        .containsExactly(
            "modified high aws_instance.web",
            "modified critical aws_security_group.web",
            "modified critical aws_s3_bucket_policy.assets",
            "modified high aws_db_instance.main",
            "unmanaged high aws_instance.i-0ffee0000c0ffee01");
    JsonNode instance = drift.get(0).at("/changes/0");
    assertThat(instance.get("attribute").asText()).isEqualTo("instance_type");
    assertThat(instance.get("expected").asText()).isEqualTo("t3.micro");
    assertThat(instance.get("actual").asText()).isEqualTo("t3.large");
    assertThat(cli.err())
        .contains("loaded state terraform: 7 resources")
        .contains(
            "replayed 10 audit events from 1 file: 5 drift, 1 no change, 1 read only, 2 failed call, 1 terraform apply");
  }

  private static final Path SAMPLES =
      Path.of("../tfdrift-core/src/test/resources/samples/cloudtrail");

  private static final Path REAL_AWS =
      Path.of("../tfdrift-core/src/test/resources/real/aws/records");

  /**
   * Two real records of a call no table maps yet (sns Subscribe), one of another (bedrock), one
   * mapped call and two operational ones (ssm SendCommand, which changes nothing Terraform models).
   */
  private Path archive(String name) throws java.io.IOException {
    Path logs = Files.createDirectories(dir.resolve(name));
    for (String sample :
        List.of("ssm_SendCommand_1", "bedrock_PutUseCaseForModelAccess_1", "ec2_CreateVpc_1")) {
      Files.copy(SAMPLES.resolve(sample + ".json"), logs.resolve(sample + ".json"));
    }
    Files.copy(SAMPLES.resolve("ssm_SendCommand_1.json"), logs.resolve("ssm_again.json"));
    Files.copy(REAL_AWS.resolve("sns_Subscribe_1.json"), logs.resolve("subscribe.json"));
    Files.copy(REAL_AWS.resolve("sns_Subscribe_1.json"), logs.resolve("subscribe_again.json"));
    return logs;
  }

  @Test
  void summarisesTheMutatingCallsNoTableMapsMostFrequentFirst() throws Exception {
    Path logs = archive("logs");

    Cli cli = Cli.run("replay", "--state", STATE, logs.toString());

    assertThat(cli.err())
        .contains(
            "not mapped: 3 mutating calls — sns.amazonaws.com Subscribe ×2,"
                + " bedrock.amazonaws.com PutUseCaseForModelAccess ×1")
        .doesNotContain("SendCommand");
  }

  @Test
  void mappingsCheckListsTheUnmappedCallsOfALogArchiveAndExitsThree() throws Exception {
    Path logs = archive("archive");

    Cli text = Cli.run("mappings", "--check", logs.toString());
    assertThat(text.exit()).isEqualTo(MappingsCommand.UNMAPPED);
    assertThat(text.out())
        .contains("4 mutating calls, 3 not mapped (2 distinct)")
        .contains("operational, change nothing Terraform models: 2")
        .containsSubsequence(
            "2  aws  sns.amazonaws.com Subscribe",
            "1  aws  bedrock.amazonaws.com PutUseCaseForModelAccess")
        .doesNotContain("ssm.amazonaws.com SendCommand");

    Cli json = Cli.run("mappings", "--check", "--format", "json", logs.toString());
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("mutating_calls").asInt()).isEqualTo(4);
    assertThat(doc.get("operational_calls").asInt()).isEqualTo(2);
    assertThat(doc.at("/unmapped/0/action").asText()).isEqualTo("Subscribe");
    assertThat(doc.at("/unmapped/0/count").asInt()).isEqualTo(2);

    Path mapped = Files.createDirectories(dir.resolve("mapped"));
    Files.copy(SAMPLES.resolve("ec2_CreateVpc_1.json"), mapped.resolve("vpc.json"));
    assertThat(Cli.run("mappings", "--check", mapped.toString()).exit()).isZero();
    assertThat(Cli.run("mappings", "--check").err()).contains("--check needs the audit log FILES");
  }

  private static final Path REAL_NOISE =
      Path.of("../tfdrift-core/src/test/resources/real/noise/records");

  @Test
  void mappingsCheckCountsCallsAwsServicesMakeApartFromBlindSpots() throws Exception {
    // Real records of calls AWS made for itself: a service-linked role (RDS placing a network
    // interface, SSM), an AWSService identity, an AwsServiceEvent.
    Path logs = Files.createDirectories(dir.resolve("service-calls"));
    List<String> byServices =
        List.of(
            "aws_ec2_CreateNetworkInterface_2",
            "aws_ssm_SendCommand_2",
            "aws_ec2_SharedSnapshotVolumeCreated_1");
    for (String name : byServices) {
      Files.copy(REAL_NOISE.resolve(name + ".json"), logs.resolve(name + ".json"));
    }
    Files.copy(
        SAMPLES.resolve("bedrock_PutUseCaseForModelAccess_1.json"),
        logs.resolve("by_a_person.json"));

    Cli text = Cli.run("mappings", "--check", logs.toString());
    Cli json = Cli.run("mappings", "--check", "--format", "json", logs.toString());

    assertThat(text.out())
        .contains("4 audit events from 4 files: 1 mutating calls, 1 not mapped (1 distinct)")
        .contains("made by AWS services: 3, not drift")
        .contains("operational, change nothing Terraform models: 0")
        .doesNotContain("ec2.amazonaws.com")
        .doesNotContain("SendCommand")
        .containsOnlyOnce("bedrock.amazonaws.com PutUseCaseForModelAccess");
    JsonNode doc = JSON.readTree(json.out());
    assertThat(doc.get("cloud_service_calls").asInt()).isEqualTo(3);
    assertThat(doc.get("unmapped_calls").asInt()).isEqualTo(1);
    assertThat(doc.get("mutating_calls").asInt()).isEqualTo(1);
  }

  @Test
  void mappingsCheckOnTheRealNoiseCorpusListsNoCallTheCloudMadeForItself() {
    // Failed calls, dry runs, reads, sign-ins and calls AWS or Google make for themselves (service
    // roles, AwsServiceEvents, GCP system events, GKE's control plane): none is a blind spot.
    Cli json = Cli.run("mappings", "--check", "--format", "json", REAL_NOISE.toString());

    JsonNode doc = readJson(json.out());
    assertThat(doc.get("events").asInt()).isGreaterThanOrEqualTo(120);
    assertThat(doc.get("cloud_service_calls").asInt()).as(json.out()).isGreaterThanOrEqualTo(10);
    assertThat(doc.get("failed_or_read_only_calls").asInt()).isGreaterThanOrEqualTo(70);
    assertThat(doc.get("operation_continuations").asInt()).isGreaterThanOrEqualTo(9);
    List<String> unmapped = new java.util.ArrayList<>();
    doc.get("unmapped").forEach(c -> unmapped.add(c.get("action").asText()));
    assertThat(unmapped)
        .as(json.out())
        .doesNotContain(
            "CreateNetworkInterface",
            "SendCommand",
            "SharedSnapshotVolumeCreated",
            "compute.instances.repair.recreateInstance",
            "io.k8s.coordination.v1.leases.update",
            "io.k8s.core.v1.pods.create",
            "io.k8s.core.v1.nodes.create",
            "io.k8s.core.v1.configmaps.update");
  }

  @Test
  void mappingsCheckOnTheRealCorpusCountsOperationalCallsApartFromBlindSpots() {
    // Reboots, SSM and CloudShell sessions, Instance Connect keys, SendCommand, agent heartbeats:
    // real calls that change nothing Terraform models are no blind spot.
    Cli json =
        Cli.run(
            "mappings", "--check", "--format", "json", "../tfdrift-core/src/test/resources/real");

    JsonNode doc = readJson(json.out());
    assertThat(doc.get("operational_calls").asInt()).as(json.out()).isGreaterThanOrEqualTo(45);
    List<String> unmapped = new java.util.ArrayList<>();
    doc.get("unmapped")
        .forEach(c -> unmapped.add(c.get("service").asText() + " " + c.get("action").asText()));
    List<String> operational = new java.util.ArrayList<>();
    for (String p : List.of("aws", "gcp")) {
      io.tfdrift.core.mapping.OperationalCalls.of(p)
          .forEach(
              (service, calls) -> calls.keySet().forEach(c -> operational.add(service + " " + c)));
    }
    assertThat(unmapped).as(json.out()).doesNotContainAnyElementsOf(operational);
    assertThat(unmapped)
        .as("calls whose effect a resource models stay blind spots until mapped")
        .contains("sns.amazonaws.com Subscribe", "s3.amazonaws.com PutObject");
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void printsAReadableReportByDefault() {
    Cli cli = Cli.run("replay", "--state", STATE, LOG);
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.out())
        .contains("HIGH  modified  aws_instance.web  (state terraform)")
        .contains("instance_type: \"t3.micro\" -> \"t3.large\"")
        .contains("by alice (IAMUser) via ModifyInstanceAttribute");
  }

  @Test
  void exitsZeroWhenThereIsNoDrift() throws Exception {
    Path quiet = dir.resolve("quiet.json");
    Files.writeString(quiet, "{\"Records\":[]}");
    Cli cli = Cli.run("replay", "--state", STATE, quiet.toString());
    assertThat(cli.exit()).isZero();
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void readsGzippedLogsInADirectory() throws Exception {
    Path logs =
        Files.createDirectories(
            dir.resolve("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/23"));
    try (OutputStream out =
        new GZIPOutputStream(Files.newOutputStream(logs.resolve("trail.json.gz")))) {
      Files.copy(Path.of(LOG), out);
    }
    Cli cli = Cli.run("replay", "--format", "json", "--state", STATE, dir.toString());
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(lines(cli.out())).hasSize(5);
  }

  @Test
  void reportsABadRecordWithItsLineAndGoesOn() throws Exception {
    Path mixed = dir.resolve("mixed.ndjson");
    String record = JSON.readTree(Files.readString(Path.of(LOG))).get("Records").get(0).toString();
    Files.writeString(mixed, record + "\n{\"broken\": \n" + "{\"hello\":\"world\"}\n");
    Cli cli = Cli.run("replay", "--format", "json", "--state", STATE, mixed.toString());
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(lines(cli.out())).hasSize(1);
    assertThat(cli.err()).contains("warning: " + mixed + ":2").contains("rejected");
  }

  @Test
  void exitsThreeWhenPartOfTheInputCouldNotBeReadAndNoDriftWasFound() throws Exception {
    Path quiet = dir.resolve("quiet.json");
    Files.writeString(quiet, "{\"Records\":[]}");
    Path garbage = dir.resolve("garbage.json");
    Files.writeString(garbage, "this is not JSON at all");
    Path truncated = dir.resolve("truncated.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(truncated))) {
      // A log without drift, so that only the truncation can change the exit status.
      out.write(("{\"Records\":[" + " ".repeat(100_000) + "]}").getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = Files.readAllBytes(truncated);
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));

    for (Path bad : List.of(garbage, truncated)) {
      Cli cli = Cli.run("replay", "--state", STATE, quiet.toString(), bad.toString());
      assertThat(cli.exit()).as(bad.toString()).isEqualTo(3);
      assertThat(cli.err())
          .contains("could not be read")
          .contains("--allow-bad-records")
          .contains(bad.getFileName().toString());
    }
  }

  @Test
  void acceptsUnreadableInputWithAllowBadRecords() throws Exception {
    Path garbage = dir.resolve("garbage.json");
    Files.writeString(garbage, "this is not JSON at all");
    Cli cli = Cli.run("replay", "--allow-bad-records", "--state", STATE, garbage.toString());
    assertThat(cli.exit()).isZero();
    assertThat(cli.err()).contains("rejected (see warnings)");
  }

  @Test
  void driftFoundOutranksUnreadableInput() throws Exception {
    Path mixed = dir.resolve("mixed.ndjson");
    String record = JSON.readTree(Files.readString(Path.of(LOG))).get("Records").get(0).toString();
    Files.writeString(mixed, record + "\n{\"broken\": \n");
    Cli cli = Cli.run("replay", "--state", STATE, mixed.toString());
    assertThat(cli.exit()).isEqualTo(2);
  }

  @Test
  void failsWithoutAState() {
    Cli cli = Cli.run("replay", LOG);
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err()).contains("no Terraform state; pass --state PATH");
  }

  @Test
  void failsClearlyForAMissingStateFile() {
    Cli cli = Cli.run("replay", "--state", "no/such/terraform.tfstate", LOG);
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err()).contains("error: state terraform:").contains("no/such/terraform.tfstate");
    assertThat(cli.err()).doesNotContain("Exception");
  }

  @Test
  void failsClearlyForAMissingInput() {
    Cli cli = Cli.run("replay", "--state", STATE, "no-such-log.json");
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err()).contains("input").contains("no-such-log.json does not exist");
  }

  @Test
  void appliesRulesAndPrincipalsFromTheConfig() throws Exception {
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              name: demo
              local_path: %s
              environment: production
        terraform_principals: ["arn:aws:iam::*:user/alice"]
        drift_rules:
          - name: prod-everything
            environment: production
            severity: low
        """
            .formatted(STATE));
    Cli cli = Cli.run("replay", "--format", "json", "--config", config.toString(), LOG);
    assertThat(cli.exit()).isEqualTo(2);
    List<JsonNode> drift = lines(cli.out());
    assertThat(drift)
        .extracting(d -> d.at("/actor/name").asText())
        .containsOnly("bob@acme.example");
    assertThat(drift).extracting(d -> d.at("/resource/state").asText()).containsOnly("demo");
    assertThat(drift).extracting(d -> d.get("severity").asText()).containsOnly("low");
    assertThat(drift)
        .extracting(d -> d.at("/labels/environment").asText())
        .containsOnly("production");
  }

  @Test
  void backfillsTheDriftIntoTheConfiguredNotifiers() throws Exception {
    Path out = dir.resolve("drift.jsonl");
    Path config = dir.resolve("notify.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state: {local_path: %s}
        notifications:
          jsonl:
            path: %s
            min_severity: critical
        """
            .formatted(STATE, out));
    Cli cli = Cli.run("replay", "--notify", "--config", config.toString(), LOG);
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).contains("all deliveries finished");
    assertThat(lines(Files.readString(out)))
        .extracting(d -> d.at("/resource/address").asText())
        .containsExactlyInAnyOrder("aws_security_group.web", "aws_s3_bucket_policy.assets");
  }

  @Test
  void refusesNotifyWithoutAConfig() {
    Cli cli = Cli.run("replay", "--notify", "--state", STATE, LOG);
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains("--notify delivers to the notifiers of a configuration; add --config F");
  }

  @Test
  void reportsEveryConfigProblemAtOnce() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              backend: consul
        state_refresh_interval: soon
        drift_rules:
          - name: x
            severity: urgent
        teraform_principals: []
        """);
    Cli cli = Cli.run("replay", "--config", config.toString(), LOG);
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains("error: invalid configuration:")
        .contains(
            "providers.aws.state.backend: unknown state backend type 'consul'; known types: gcs, local, s3")
        .contains("state_refresh_interval: 'soon' is not a duration")
        .contains("drift_rules[0].severity: unknown severity 'urgent'")
        .contains("teraform_principals: unknown key; did you mean 'terraform_principals'?")
        .doesNotContain("Exception");
  }
}
