package io.tfdrift.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Real-shaped Falco alerts: the shipped rule's alerts for real CloudTrail records, and real {@code
 * gcpaudit} alerts. The records and alerts under {@code samples/} are copied unchanged from {@code
 * shared/samples} (provenance in its README).
 */
final class FalcoSamples {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Real CloudTrail records of different sizes (1.3 to 6.7 KB) and shapes. */
  static final List<String> RECORDS =
      List.of(
          "ec2_ModifyInstanceAttribute_1",
          "ec2_RunInstances_1",
          "ec2_AuthorizeSecurityGroupIngress_1",
          "ec2_CreateTags_1",
          "ec2_TerminateInstances_1",
          "s3_PutBucketPolicy_1",
          "iam_AttachRolePolicy_1",
          "ssm_SendCommand_1");

  /**
   * The real gcpaudit alerts (lines of {@code alerts.ndjson}) and what each lacks that the shipped
   * rule outputs: method name, service name, resource name (the plugin README's rules predate
   * them). Line 2 has an unsupported source and line 4 is upstream's alert without {@code ct.src};
   * both are rejected by design, so they are not decoding benchmarks.
   */
  private static final String[][] GCP_ALERTS = {
    {
      "0",
      "v1.compute.securityPolicies.addRule",
      "compute.googleapis.com",
      "projects/acme/global/securityPolicies/edge"
    },
    {"1", "storage.setIamPermissions", "storage.googleapis.com", "projects/_/buckets/ahmed-test"},
    {
      "3",
      "google.iam.admin.v1.DeleteServiceAccount",
      "iam.googleapis.com",
      "projects/acme/serviceAccounts/ci@acme.iam.gserviceaccount.com"
    }
  };

  private FalcoSamples() {}

  static byte[] resource(String name) {
    try (InputStream in = FalcoSamples.class.getResourceAsStream("samples/" + name)) {
      if (in == null) {
        throw new IllegalStateException("no benchmark sample " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode record(String name) {
    try {
      return (ObjectNode) JSON.readTree(resource("cloudtrail/" + name + ".json"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every sample alert, as the bytes Falco's http_output posts. */
  static List<byte[]> alerts() {
    List<byte[]> alerts = new ArrayList<>();
    for (String name : RECORDS) {
      alerts.add(bytes(cloudTrailAlert(record(name))));
    }
    alerts.addAll(gcpAlerts());
    return alerts;
  }

  /** The real gcpaudit alerts, completed with the fields the shipped rule outputs. */
  static List<byte[]> gcpAlerts() {
    List<String> lines =
        new String(resource("falco/alerts.ndjson"), StandardCharsets.UTF_8).lines().toList();
    List<byte[]> alerts = new ArrayList<>();
    try {
      for (String[] gcp : GCP_ALERTS) {
        ObjectNode alert = (ObjectNode) JSON.readTree(lines.get(Integer.parseInt(gcp[0])));
        ObjectNode fields = (ObjectNode) alert.get("output_fields");
        fields.put("gcp.methodName", gcp[1]);
        fields.put("gcp.serviceName", gcp[2]);
        fields.put("gcp.resourceName", gcp[3]);
        alerts.add(bytes(alert));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return alerts;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The alert of the shipped rule ({@code tfdrift falco-rules}, "tfdrift AWS API change") for a
   * CloudTrail record: the {@code ct.*} fields as the cloudtrail plugin extracts them, the
   * formatted output line (which repeats the request and response), Falco's envelope.
   */
  static ObjectNode cloudTrailAlert(JsonNode record) {
    JsonNode identity = record.path("userIdentity");
    ObjectNode fields = JSON.createObjectNode();
    fields.put("ct.error", textOrNull(record.get("errorCode")));
    fields.put("ct.id", record.path("eventID").asText());
    fields.put("ct.name", record.path("eventName").asText());
    fields.put("ct.readonly", record.path("readOnly").asBoolean(false) ? "true" : "false");
    fields.put("ct.region", record.path("awsRegion").asText());
    fields.put("ct.request", json(record.get("requestParameters")));
    fields.put("ct.response", json(record.get("responseElements")));
    fields.put("ct.src", record.path("eventSource").asText());
    fields.put("ct.srcip", record.path("sourceIPAddress").asText());
    fields.put("ct.time", record.path("eventTime").asText());
    fields.put("ct.user", user(identity));
    fields.put("ct.user.accountid", textOrNull(identity.get("accountId")));
    fields.put("ct.user.arn", textOrNull(identity.get("arn")));
    fields.put("ct.user.identitytype", textOrNull(identity.get("type")));
    fields.put("ct.user.principalid", textOrNull(identity.get("principalId")));
    fields.put("ct.useragent", record.path("userAgent").asText());
    ObjectNode alert = JSON.createObjectNode();
    alert.put("hostname", "falco-7d9f8c6b5-x2k4q");
    alert.put("output", output(record.path("eventTime").asText(), fields));
    alert.set("output_fields", fields);
    alert.put("priority", "Notice");
    alert.put("rule", "tfdrift AWS API change");
    alert.put("source", "aws_cloudtrail");
    alert.set(
        "tags", JSON.createArrayNode().add("aws").add("drift").add("terraform").add("tfdrift"));
    alert.put("time", falcoTime(record.path("eventTime").asText()));
    return alert;
  }

  /** Falco prints times with nanoseconds. */
  static String falcoTime(String eventTime) {
    return eventTime.endsWith("Z") && eventTime.length() == 20
        ? eventTime.substring(0, 19) + ".000000000Z"
        : eventTime;
  }

  private static String output(String eventTime, ObjectNode f) {
    String clock = eventTime.length() >= 19 ? eventTime.substring(11, 19) : eventTime;
    return clock
        + ".000000000: Notice tfdrift aws "
        + f.path("ct.src").asText()
        + " "
        + f.path("ct.name").asText()
        + " by "
        + f.path("ct.user").asText("<NA>")
        + " (type="
        + f.path("ct.user.identitytype").asText("<NA>")
        + " arn="
        + f.path("ct.user.arn").asText("<NA>")
        + " principal="
        + f.path("ct.user.principalid").asText("<NA>")
        + " account="
        + f.path("ct.user.accountid").asText("<NA>")
        + ") region="
        + f.path("ct.region").asText()
        + " ip="
        + f.path("ct.srcip").asText()
        + " agent="
        + f.path("ct.useragent").asText()
        + " id="
        + f.path("ct.id").asText()
        + " time="
        + f.path("ct.time").asText()
        + " readonly="
        + f.path("ct.readonly").asText()
        + " error=<NA> request="
        + f.path("ct.request").asText("<NA>")
        + " response="
        + f.path("ct.response").asText("<NA>");
  }

  /** The plugin's {@code ct.user}. */
  private static String user(JsonNode identity) {
    String type = identity.path("type").asText();
    return switch (type) {
      case "Root", "IAMUser" -> textOrNull(identity.get("userName"));
      case "AWSService" -> textOrNull(identity.get("invokedBy"));
      case "AssumedRole" -> {
        JsonNode issuer = identity.at("/sessionContext/sessionIssuer/userName");
        yield issuer.isTextual() ? issuer.asText() : "AssumedRole";
      }
      case "AWSAccount", "FederatedUser" -> type;
      default -> null;
    };
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static String json(JsonNode node) {
    return node == null || node.isNull() ? null : node.toString();
  }
}
