package io.tfdrift.falco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.json.JsonTrees;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FalcoAlertDecoderTest {

  private final FalcoAlertDecoder decoder = new FalcoAlertDecoder();
  private final CloudTrailDecoder cloudTrail = new CloudTrailDecoder();

  /** Facts the cloudtrail plugin has no field for; only json.value[...] can carry them. */
  private static final Set<String> FILE_ONLY_ATTRIBUTES =
      Set.of(
          "aws.requestId",
          "aws.sharedEventId",
          "aws.eventType",
          "aws.eventCategory",
          "aws.errorMessage",
          "aws.roleArn",
          "aws.invokedBy");

  static List<String> records() {
    return FalcoFixtures.recordNames();
  }

  static List<Map<String, Object>> noise() {
    List<Map<String, Object>> records = new ArrayList<>();
    for (Object r :
        (List<?>)
            JsonTrees.parseObject(FalcoFixtures.resource("cloudtrail/noise.json")).get("Records")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> record = (Map<String, Object>) r;
      records.add(record);
    }
    return records;
  }

  private AuditEvent viaFalco(Map<String, Object> alert) {
    return decoder.decode(FalcoAlertParser.parse(JsonTrees.toJson(alert)));
  }

  @ParameterizedTest
  @MethodSource("records")
  void alertWithJsonValueFieldsEqualsTheCloudTrailRecord(String name) {
    Map<String, Object> record = FalcoFixtures.record(name);

    AuditEvent falco = viaFalco(FalcoFixtures.fullAlertFor(record));

    assertThat(falco).isEqualTo(cloudTrail.decodeRecord(record));
  }

  @ParameterizedTest
  @MethodSource("records")
  void alertOfTheShippedRuleEqualsTheCloudTrailRecordButForFileOnlyFacts(String name) {
    Map<String, Object> record = FalcoFixtures.record(name);
    AuditEvent file = cloudTrail.decodeRecord(record);

    AuditEvent falco = viaFalco(FalcoFixtures.alertFor(record));

    assertThat(falco)
        .usingRecursiveComparison()
        .ignoringFields("attributes", "readOnly", "accountId", "resources")
        .isEqualTo(file);
    assertThat(falco.request()).isEqualTo(file.request());
    assertThat(falco.response()).isEqualTo(file.response());
    Map<String, String> carried = new HashMap<>(file.attributes());
    carried.keySet().removeAll(FILE_ONLY_ATTRIBUTES);
    assertThat(falco.attributes()).isEqualTo(carried);
    if (!"AwsConsoleSignIn".equals(record.get("eventType"))) {
      assertThat(falco.readOnly()).isEqualTo(file.readOnly());
    }
    if (record.get("recipientAccountId") == null
        || record.get("recipientAccountId").equals(falco.actor().accountId())) {
      assertThat(falco.accountId()).isEqualTo(file.accountId());
    }
  }

  @ParameterizedTest
  @MethodSource("noise")
  void failedAndReadOnlyCallsStayFailedAndReadOnly(Map<String, Object> record) {
    AuditEvent file = cloudTrail.decodeRecord(record);

    AuditEvent falco = viaFalco(FalcoFixtures.alertFor(record));

    assertThat(falco.failed()).isEqualTo(file.failed());
    assertThat(falco.errorCode()).isEqualTo(file.errorCode());
    assertThat(falco.readOnly()).isEqualTo(file.readOnly());
    assertThat(viaFalco(FalcoFixtures.fullAlertFor(record))).isEqualTo(file);
  }

  @Test
  void curatedRequestFieldsStandInForAMissingWholeRequest() {
    String json =
        """
        {"source":"aws_cloudtrail","rule":"r","time":"2026-07-22T14:24:41Z","output_fields":{
          "ct.name":"DeleteFunction20150331","ct.src":"lambda.amazonaws.com",
          "ct.request.functionname":"billing","ct.response.subnetid":"subnet-1",
          "ct.user":"alice","ct.user.identitytype":"IAMUser"}}
        """;

    AuditEvent event = decoder.decode(FalcoAlertParser.parse(json));

    assertThat(event.request()).containsEntry("functionName", "billing");
    assertThat(event.response()).containsEntry("subnetId", "subnet-1");
    assertThat(event.actor().name()).isEqualTo("alice");
    assertThat(event.time()).hasToString("2026-07-22T14:24:41Z");
  }

  @Test
  void aRecordTimeThatCannotBeReadTakesTheAlertsTimeAndAnExportedOneIsUtc() {
    String template =
        """
        {"source":"aws_cloudtrail","rule":"r","time":"2026-07-22T14:24:41Z","output_fields":{
          "ct.name":"DeleteFunction20150331","ct.src":"lambda.amazonaws.com","ct.time":"%s",
          "ct.request.functionname":"billing","ct.user":"alice","ct.user.identitytype":"IAMUser"}}
        """;

    assertThat(decoder.decode(FalcoAlertParser.parse(template.formatted("yesterday"))).time())
        .hasToString("2026-07-22T14:24:41Z");
    assertThat(
            decoder
                .decode(FalcoAlertParser.parse(template.formatted("2026-07-22 14:20:00.5")))
                .time())
        .hasToString("2026-07-22T14:20:00.500Z");
  }

  @Test
  void rejectsTheUpstreamRuleAlertBecauseItLacksCtSrc() {
    FalcoAlert alert = FalcoAlertParser.parse(FalcoFixtures.realAlerts().get(4));

    assertThatThrownBy(() -> decoder.decode(alert))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rule 'Terraform Managed Resource Modified'")
        .hasMessageContaining("has no ct.src")
        .hasMessageContaining("tfdrift falco-rules");
  }

  @Test
  void rejectsAnUnknownSourceNamingTheSupportedOnes() {
    FalcoAlert alert = FalcoAlertParser.parse(FalcoFixtures.realAlerts().get(2));

    assertThat(alert.source()).isEqualTo("auditlogs");
    assertThat(FalcoAlertDecoder.supports(alert.source())).isFalse();
    assertThatThrownBy(() -> decoder.decode(alert))
        .hasMessageContaining("source 'auditlogs'")
        .hasMessageContaining("aws_cloudtrail, gcp_auditlog, gcpaudit");
  }

  @Test
  void rejectsRealGcpAlertsWithoutAMethodName() {
    FalcoAlert alert = FalcoAlertParser.parse(FalcoFixtures.realAlerts().get(3));

    assertThatThrownBy(() -> decoder.decode(alert))
        .hasMessageContaining("rule 'GCP IAM serviceAccount deleted'")
        .hasMessageContaining("no gcp.methodName");
  }

  @Test
  void decodesARealGcpAlertOnceItCarriesTheMethodName() {
    Map<String, Object> tree =
        new HashMap<>(JsonTrees.parseObject(FalcoFixtures.realAlerts().get(1)));
    Map<String, Object> fields = new HashMap<>(JsonTrees.object(tree, "output_fields"));
    fields.put("gcp.methodName", "storage.setIamPermissions");
    fields.put("gcp.resourceName", "projects/_/buckets/ahmed-test");
    tree.put("output_fields", fields);

    AuditEvent event = decoder.decode(FalcoAlertParser.fromTree(tree));

    assertThat(event.provider()).isEqualTo("gcp");
    assertThat(event.service()).isEqualTo("storage.googleapis.com");
    assertThat(event.action()).isEqualTo("storage.setIamPermissions");
    assertThat(event.actor().name()).isEqualTo("ahmed.amin@test.com");
    assertThat(event.sourceIp()).isEqualTo("156.204.230.94");
    assertThat(event.accountId()).isEqualTo("**********");
    assertThat(event.resources()).containsExactly("projects/_/buckets/ahmed-test");
    assertThat(event.attributes().get("gcp.policyDelta"))
        .isEqualTo(
            "{\"bindingDeltas\":[{\"action\":\"ADD\",\"member\":\"allUsers\",\"role\":\"roles/storage.objectViewer\"}]}");
    assertThat(event.eventId()).startsWith("falco:1688085381780289000:");
  }

  @Test
  void gcpRequestAndLocationGoWhereTheAuditDecoderReadsThem() {
    String json =
        """
        {"source":"gcp_auditlog","rule":"r","time":"2024-01-02T03:04:05Z","output_fields":{
          "gcp.methodName":"v1.compute.instances.setLabels",
          "gcp.resourceName":"projects/acme/zones/europe-west1-b/instances/vm-1",
          "gcp.request":"{\\"labels\\":{\\"env\\":\\"prod\\"}}",
          "gcp.user":"bob@acme.com","gcp.projectId":"acme"}}
        """;

    AuditEvent event = decoder.decode(FalcoAlertParser.parse(json));

    assertThat(event.service()).isEqualTo("compute.googleapis.com");
    assertThat(event.accountId()).isEqualTo("acme");
    assertThat(event.region()).isEqualTo("europe-west1");
    assertThat(event.request()).isEqualTo(Map.of("labels", Map.of("env", "prod")));
    assertThat(event.readOnly()).isFalse();
  }

  @Test
  void isFoundByServiceLoaderAsTheFalcoRecordFormat() {
    assertThat(ServiceLoader.load(AuditFormatProvider.class).stream().map(p -> p.get().type()))
        .contains(FalcoAlertDecoder.FORMAT);
  }

  @Test
  void replaysFalcoAlertLinesThroughTheAuditFileReader() throws Exception {
    StringBuilder lines = new StringBuilder();
    List<AuditEvent> expected = new ArrayList<>();
    for (String name : List.of("ec2_CreateVpc_1", "iam_CreateRole_1", "s3_PutBucketPolicy_1")) {
      Map<String, Object> record = FalcoFixtures.record(name);
      lines.append(JsonTrees.toJson(FalcoFixtures.fullAlertFor(record))).append('\n');
      expected.add(cloudTrail.decodeRecord(record));
    }
    List<AuditEvent> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    AuditFileReader reader = AuditFileReader.withInstalledDecoders();

    reader.read(
        new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)),
        "falco.ndjson",
        new AuditFileReader.Listener() {
          @Override
          public void onEvent(AuditEvent event) {
            events.add(event);
          }

          @Override
          public void onRejected(String where, String problem) {
            problems.add(where + ": " + problem);
          }
        });

    assertThat(problems).isEmpty();
    assertThat(events).isEqualTo(expected);
  }
}
