package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FalcoCommandsTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void falcoRulesPrintsTheRulesFileOfTheNamedPlugin() {
    Cli aws = Cli.run("falco-rules", "--plugin", "cloudtrail");
    Cli gcp = Cli.run("falco-rules", "--plugin", "gcpaudit");

    assertThat(aws.exit()).isZero();
    assertThat(aws.out())
        .contains("- rule: tfdrift AWS API change")
        .contains("source: aws_cloudtrail")
        .contains("%ct.request")
        .doesNotContain("gcp_auditlog");
    assertThat(gcp.exit()).isZero();
    assertThat(gcp.out())
        .contains("- rule: tfdrift GCP API change")
        .contains("%json.value[/protoPayload/request]")
        .doesNotContain("aws_cloudtrail");
  }

  @Test
  void falcoRulesNamesTheKnownPluginsForAnUnknownOne() {
    Cli cli = Cli.run("falco-rules", "--plugin", "k8saudit");

    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).contains("k8saudit").contains("cloudtrail, gcpaudit");
  }

  @Test
  void replayReadsFalcoAlertLinesLikeTheCloudTrailRecordsTheyCarry() throws Exception {
    JsonNode record = JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records").get(0);
    Path recordFile = dir.resolve("record.json");
    Files.writeString(recordFile, record.toString());
    Path alerts = dir.resolve("falco.ndjson");
    Files.writeString(alerts, alert(record).toString() + "\n");
    String state = DEMO.resolve("terraform.tfstate").toString();

    Cli fromFalco = Cli.run("replay", "--format", "json", "--state", state, alerts.toString());
    Cli fromRecord = Cli.run("replay", "--format", "json", "--state", state, recordFile.toString());

    assertThat(fromFalco.exit()).as(fromFalco.err()).isEqualTo(2);
    assertThat(withoutDetectedAt(fromFalco.out()))
        .isNotBlank()
        .isEqualTo(withoutDetectedAt(fromRecord.out()));
  }

  private static String withoutDetectedAt(String lines) {
    return lines.replaceAll("\"detected_at\":\"[^\"]*\"", "");
  }

  /** The alert the shipped rule makes of a record (cloudtrail plugin fields). */
  static ObjectNode alert(JsonNode record) {
    ObjectNode fields = JSON.createObjectNode();
    Map<String, String> top =
        Map.of(
            "ct.id", "eventID",
            "ct.time", "eventTime",
            "ct.src", "eventSource",
            "ct.name", "eventName",
            "ct.region", "awsRegion",
            "ct.srcip", "sourceIPAddress",
            "ct.useragent", "userAgent");
    top.forEach((field, key) -> fields.put(field, record.get(key).asText()));
    JsonNode identity = record.get("userIdentity");
    fields.put("ct.user.identitytype", identity.get("type").asText());
    fields.put("ct.user", identity.get("userName").asText());
    fields.put("ct.user.arn", identity.get("arn").asText());
    fields.put("ct.user.principalid", identity.get("principalId").asText());
    fields.put("ct.user.accountid", identity.get("accountId").asText());
    fields.put("ct.request", record.get("requestParameters").toString());
    fields.put("ct.response", record.get("responseElements").toString());
    fields.putNull("ct.request.name");
    ObjectNode alert = JSON.createObjectNode();
    alert.put("output", "tfdrift aws");
    alert.put("priority", "Notice");
    alert.put("rule", "tfdrift AWS API change");
    alert.put("source", "aws_cloudtrail");
    alert.put("time", record.get("eventTime").asText());
    alert.set("output_fields", fields);
    return alert;
  }
}
