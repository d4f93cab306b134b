package io.tfdrift.falco;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.decode.GcpAuditDecoder;
import io.tfdrift.core.decode.JsonTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real CloudTrail record and GCP audit entry of the repository's corpus, sent through Falco:
 * the alert the plugin and the shipped rule would produce ({@link PluginAlerts}) decodes to the
 * same {@link AuditEvent} as the file decoder makes of the record itself, over http_output (missing
 * fields {@code null}) and over gRPC (missing fields {@code <NA>}).
 */
class PluginAlertPairwiseTest {

  /** tfdrift-core's record collections; {@code real/} arrives with the corpus work. */
  private static final Path CORE = Path.of("..", "tfdrift-core", "src", "test", "resources");

  private static final List<Path> ROOTS =
      List.of(CORE.resolve("samples"), CORE.resolve("corpus"), CORE.resolve("real"));

  private final FalcoAlertDecoder falco = new FalcoAlertDecoder();
  private final CloudTrailDecoder cloudTrail = new CloudTrailDecoder();
  private final GcpAuditDecoder gcp = new GcpAuditDecoder();
  private final PluginAlerts aws = PluginAlerts.forPlugin("cloudtrail");
  private final PluginAlerts gcpaudit = PluginAlerts.forPlugin("gcpaudit");

  /**
   * The shipped GCP rule plus the plugin fields older rules used: {@code gcp.request}, {@code
   * gcp.authorizationInfo} and {@code gcp.policyDelta} come out {@code ""} for real entries (string
   * getters on objects), {@code gcp.time} is the entry's timestamp.
   */
  private final PluginAlerts gcpauditWithStringGetters =
      PluginAlerts.of(
          "tfdrift GCP API change",
          "gcp_auditlog",
          gcpaudit.output()
              + " raw=%gcp.request authz=%gcp.authorizationInfo delta=%gcp.policyDelta"
              + " at=%gcp.time");

  @TestFactory
  Stream<DynamicTest> everyRecordDecodesAlikeFromItsFileAndFromFalco() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : files()) {
      List<JsonNode> records = PluginAlerts.records(Files.readString(file));
      for (int i = 0; i < records.size(); i++) {
        JsonNode record = records.get(i);
        String name = CORE.relativize(file) + "#" + i;
        if (record.has("eventSource")) {
          tests.add(DynamicTest.dynamicTest(name, () -> sameEvent(record, aws, true)));
        } else if (record.has("protoPayload")) {
          tests.add(DynamicTest.dynamicTest(name, () -> sameEvent(record, gcpaudit, false)));
          tests.add(
              DynamicTest.dynamicTest(
                  name + " (with gcp.request)",
                  () -> sameEvent(record, gcpauditWithStringGetters, false)));
        }
      }
    }
    return tests.stream();
  }

  @Test
  void gcpStringGettersGiveEmptyTextForObjectsAndNullForMissingKeys() throws IOException {
    JsonNode entry =
        PluginAlerts.JSON.readTree(
            "{\"protoPayload\":{\"methodName\":\"v1.compute.instances.insert\","
                + "\"request\":{\"name\":\"vm-1\"}},\"resource\":{\"type\":\"gce_instance\","
                + "\"labels\":{\"zone\":\"us-central1-a\"}}}");
    JsonNode fields = gcpauditWithStringGetters.alert(entry).orElseThrow().get("output_fields");

    assertThat(fields.get("gcp.request").textValue()).isEmpty();
    assertThat(fields.get("json.value[/protoPayload/request]").textValue())
        .isEqualTo("{\"name\":\"vm-1\"}");
    assertThat(fields.get("gcp.location").textValue()).isEqualTo("us-central1");
    assertThat(fields.get("gcp.user").isNull()).isTrue();
    assertThat(fields.get("json.value[/insertId]").isNull()).isTrue();
    assertThat(
            PluginAlerts.naInsteadOfNull(gcpaudit.alert(entry).orElseThrow())
                .get("output_fields")
                .get("gcp.user")
                .textValue())
        .isEqualTo("<NA>");
  }

  @Test
  void cloudTrailNullRequestParametersComeOutAsTheTextNull() throws IOException {
    JsonNode record =
        PluginAlerts.JSON.readTree(
            "{\"eventTime\":\"2024-01-01T00:00:00Z\",\"eventType\":\"AwsApiCall\","
                + "\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RebootInstances\","
                + "\"requestParameters\":null,\"resources\":[{\"ARN\":\"arn:a\"},{\"ARN\":\"arn:b\"}]}");
    JsonNode fields = aws.alert(record).orElseThrow().get("output_fields");

    assertThat(fields.get("ct.request").textValue()).isEqualTo("null");
    assertThat(fields.get("ct.response").isNull()).isTrue();
    assertThat(fields.get("ct.readonly").isNull()).as("no readOnly key").isTrue();
    assertThat(fields.get("ct.resources").textValue())
        .isEqualTo("{\"ARN\":\"arn:a\"},{\"ARN\":\"arn:b\"}");
    AuditEvent event =
        falco.decode(FalcoAlertParser.parse(PluginAlerts.marshal(aws.alert(record).orElseThrow())));
    assertThat(event.resources()).containsExactly("arn:a", "arn:b");
    assertThat(event.request()).isEmpty();
    assertThat(event.readOnly()).as("decided by name when the record says nothing").isFalse();
  }

  @Test
  void theCorpusHoldsRecordsOfBothClouds() throws IOException {
    int cloudTrailRecords = 0;
    int gcpEntries = 0;
    for (Path file : files()) {
      for (JsonNode record : PluginAlerts.records(Files.readString(file))) {
        cloudTrailRecords += record.has("eventSource") ? 1 : 0;
        gcpEntries += record.has("protoPayload") ? 1 : 0;
      }
    }
    assertThat(cloudTrailRecords).isGreaterThan(50);
    assertThat(gcpEntries).isGreaterThan(5);
  }

  private void sameEvent(JsonNode record, PluginAlerts rule, boolean aws) throws IOException {
    AuditEvent expected;
    try {
      expected =
          aws
              ? cloudTrail.decodeRecord(JsonTrees.parseObject(record.toString()))
              : gcp.decodeEntry(JsonTrees.parseObject(record.toString()));
    } catch (IllegalArgumentException e) {
      // a record the file decoder refuses (e.g. without eventTime) is not a change to compare
      return;
    }
    Optional<ObjectNode> alert = rule.alert(record);
    if (alert.isEmpty()) {
      assertThat(aws).as("only the cloudtrail plugin skips records").isTrue();
      return;
    }
    String http = PluginAlerts.marshal(alert.get());
    String grpc = PluginAlerts.marshal(PluginAlerts.naInsteadOfNull(alert.get()));

    assertThat(falco.decode(FalcoAlertParser.parse(http))).as(http).isEqualTo(expected);
    assertThat(falco.decode(FalcoAlertParser.parse(grpc))).as(grpc).isEqualTo(expected);
  }

  private static List<Path> files() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : ROOTS) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .filter(
                p ->
                    p.toString().endsWith(".json")
                        || p.toString().endsWith(".ndjson")
                        || p.toString().endsWith(".jsonl"))
            .filter(p -> !p.getFileName().toString().equals("expected.ndjson"))
            .sorted()
            .forEach(files::add);
      }
    }
    return files;
  }
}
