package io.tfdrift.falco;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.json.JsonTrees;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes alerts of the cloudtrail plugin ({@code source: aws_cloudtrail}) by rebuilding the
 * CloudTrail record their {@code ct.*} fields were extracted from and handing it to {@link
 * CloudTrailDecoder}: one record-to-event path for files and Falco, so the two cannot disagree.
 *
 * <p>Field → record (cloudtrail plugin 0.12.0 and later, {@code extract.go}): {@code ct.id} →
 * {@code eventID}, {@code ct.time} → {@code eventTime} (else the alert's time, which the plugin
 * sets from {@code eventTime}), {@code ct.src} → {@code eventSource}, {@code ct.name} → {@code
 * eventName}, {@code ct.region} → {@code awsRegion}, {@code ct.srcip} → {@code sourceIPAddress},
 * {@code ct.useragent} → {@code userAgent}, {@code ct.error} → {@code errorCode}, {@code
 * ct.errormessage} → {@code errorMessage}, {@code ct.readonly} → {@code readOnly}, {@code
 * ct.requestid} → {@code requestID}, {@code ct.eventtype} → {@code eventType}, {@code
 * ct.eventcategory} → {@code eventCategory}, {@code ct.recipientaccountid} → {@code
 * recipientAccountId}, {@code ct.sharedeventid} → {@code sharedEventID}, {@code ct.resources} (the
 * plugin joins the array's objects with commas) → {@code resources}, {@code ct.request} / {@code
 * ct.response} (the whole JSON; {@code null} when the record holds {@code null}) → {@code
 * requestParameters} / {@code responseElements}, else the plugin's curated {@code ct.request.*} /
 * {@code ct.response.*} fields at their original keys. {@code userIdentity}: {@code type} ← {@code
 * ct.user.identitytype}, {@code arn}, {@code principalId}, {@code accountId} ← {@code ct.user.*};
 * {@code ct.user} is the plugin's readable user, which is {@code userName} for {@code
 * IAMUser}/{@code Root}, {@code invokedBy} for {@code AWSService} and the session issuer's {@code
 * userName} for {@code AssumedRole}, and goes back where it came from. {@code json.value[/pointer]}
 * fields (json plugin) are then placed at their pointer ({@link JsonValueFields}): the shipped rule
 * carries {@code json.value[/userIdentity]}, which restores what the {@code ct.user.*} fields lose
 * (the session issuer's ARN, a caller's {@code invokedBy}).
 *
 * <p>A field the alert lacks is absent whether Falco sent it as JSON {@code null} (http_output) or
 * as {@code <NA>} (gRPC).
 */
final class CloudTrailAlerts {

  private static final CloudTrailDecoder DECODER = new CloudTrailDecoder();

  /** The plugin's curated request fields and the {@code requestParameters} key each one reads. */
  private static final String[][] REQUEST_FIELDS = {
    {"ct.request.availabilityzone", "availabilityZone"},
    {"ct.request.cluster", "cluster"},
    {"ct.request.functionname", "functionName"},
    {"ct.request.groupname", "groupName"},
    {"ct.request.host", "Host"},
    {"ct.request.name", "name"},
    {"ct.request.policy", "policy"},
    {"ct.request.serialnumber", "serialNumber"},
    {"ct.request.servicename", "serviceName"},
    {"ct.request.subnetid", "subnetId"},
    {"ct.request.taskdefinition", "taskDefinition"},
    {"ct.request.username", "userName"},
    {"s3.bucket", "bucketName"},
    {"s3.key", "key"},
    {"ecr.repository", "repositoryName"}
  };

  /** The plugin's curated response fields and the {@code responseElements} key each one reads. */
  private static final String[][] RESPONSE_FIELDS = {
    {"ct.response.subnetid", "subnetId"}, {"ct.response.reservationid", "reservationId"}
  };

  /** Every output field this class reads (besides {@code json.value[...]}). */
  static final Set<String> FIELDS = fields();

  private CloudTrailAlerts() {}

  private static Set<String> fields() {
    Set<String> fields =
        new HashSet<>(
            List.of(
                "ct.id",
                "ct.time",
                "ct.src",
                "ct.name",
                "ct.region",
                "ct.srcip",
                "ct.useragent",
                "ct.error",
                "ct.readonly",
                "ct.user",
                "ct.user.identitytype",
                "ct.user.principalid",
                "ct.user.arn",
                "ct.user.accountid",
                "ct.request",
                "ct.response",
                "ct.errormessage",
                "ct.requestid",
                "ct.eventtype",
                "ct.eventcategory",
                "ct.recipientaccountid",
                "ct.sharedeventid",
                "ct.resources"));
    for (String[] field : REQUEST_FIELDS) {
      fields.add(field[0]);
    }
    for (String[] field : RESPONSE_FIELDS) {
      fields.add(field[0]);
    }
    return Set.copyOf(fields);
  }

  static AuditEvent decode(FalcoAlert alert) {
    String name = alert.field("ct.name");
    if (name.isEmpty()) {
      throw missing(alert, "ct.name");
    }
    if (alert.field("ct.src").isEmpty() && alert.field("json.value[/eventSource]").isEmpty()) {
      throw missing(alert, "ct.src");
    }
    return DECODER.decodeRecord(record(alert));
  }

  private static IllegalArgumentException missing(FalcoAlert alert, String field) {
    return new IllegalArgumentException(
        "aws_cloudtrail alert from rule '"
            + alert.rule()
            + "' has no "
            + field
            + " in output_fields; add %"
            + field
            + " to the rule's output (the rules printed by `tfdrift falco-rules` carry every field"
            + " tfdrift reads)");
  }

  static Map<String, Object> record(FalcoAlert alert) {
    Map<String, Object> record = new LinkedHashMap<>();
    put(record, "eventID", alert.field("ct.id"));
    String time = alert.field("ct.time");
    put(record, "eventTime", AlertTimes.recordTime("ct.time", time, alert.time()));
    put(record, "eventSource", alert.field("ct.src"));
    put(record, "eventName", alert.field("ct.name"));
    put(record, "awsRegion", alert.field("ct.region"));
    put(record, "sourceIPAddress", alert.field("ct.srcip"));
    put(record, "userAgent", alert.field("ct.useragent"));
    put(record, "errorCode", alert.field("ct.error"));
    put(record, "errorMessage", alert.field("ct.errormessage"));
    put(record, "readOnly", alert.field("ct.readonly"));
    put(record, "requestID", alert.field("ct.requestid"));
    put(record, "eventType", alert.field("ct.eventtype"));
    put(record, "eventCategory", alert.field("ct.eventcategory"));
    put(record, "recipientAccountId", alert.field("ct.recipientaccountid"));
    put(record, "sharedEventID", alert.field("ct.sharedeventid"));
    String resources = alert.field("ct.resources");
    if (!resources.isEmpty()
        && JsonTrees.parseEmbedded("[" + resources + "]") instanceof List<?> list) {
      record.put("resources", list);
    }
    Map<String, Object> identity = identity(alert);
    if (!identity.isEmpty()) {
      record.put("userIdentity", identity);
    }
    putObject(record, "requestParameters", alert, "ct.request", REQUEST_FIELDS);
    putObject(record, "responseElements", alert, "ct.response", RESPONSE_FIELDS);
    JsonValueFields.overlay(alert, record);
    return record;
  }

  private static Map<String, Object> identity(FalcoAlert alert) {
    Map<String, Object> identity = new LinkedHashMap<>();
    String type = alert.field("ct.user.identitytype");
    String user = alert.field("ct.user");
    put(identity, "type", type);
    put(identity, "principalId", alert.field("ct.user.principalid"));
    put(identity, "arn", alert.field("ct.user.arn"));
    put(identity, "accountId", alert.field("ct.user.accountid"));
    switch (type) {
      case "IAMUser", "Root" -> put(identity, "userName", user);
      case "AWSService" -> put(identity, "invokedBy", user);
      case "AssumedRole" -> {
        if (!user.isEmpty() && !user.equals("AssumedRole")) {
          identity.put(
              "sessionContext", Map.of("sessionIssuer", Map.of("type", "Role", "userName", user)));
        }
      }
      case "" -> put(identity, "userName", user);
      default -> {}
    }
    return identity;
  }

  private static void putObject(
      Map<String, Object> record,
      String key,
      FalcoAlert alert,
      String wholeField,
      String[][] curated) {
    String whole = alert.field(wholeField);
    if (!whole.isEmpty()) {
      if (JsonTrees.parseEmbedded(whole) instanceof Map<?, ?> object) {
        record.put(key, object);
      }
      return;
    }
    Map<String, Object> parts = new LinkedHashMap<>();
    for (String[] field : curated) {
      put(parts, field[1], alert.field(field[0]));
    }
    if (!parts.isEmpty()) {
      record.put(key, parts);
    }
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (!value.isEmpty()) {
      map.put(key, value);
    }
  }
}
