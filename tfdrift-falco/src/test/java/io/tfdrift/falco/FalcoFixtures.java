package io.tfdrift.falco;

import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures: the real records under {@code src/test/resources} and Falco alerts built from them
 * the way the cloudtrail plugin extracts its fields (plugin source: falcosecurity/plugins {@code
 * plugins/cloudtrail/pkg/cloudtrail/extract.go}).
 */
public final class FalcoFixtures {

  private FalcoFixtures() {}

  /** The text of a test resource. */
  public static String resource(String name) {
    try (InputStream in = FalcoFixtures.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The lines of {@code falco/alerts.ndjson} (real alerts, see shared/samples/README). */
  public static List<String> realAlerts() {
    return resource("falco/alerts.ndjson").lines().toList();
  }

  /** A CloudTrail record under {@code cloudtrail/}, e.g. {@code ec2_RunInstances_1}. */
  public static Map<String, Object> record(String name) {
    return JsonTrees.parseObject(resource("cloudtrail/" + name + ".json"));
  }

  /**
   * The alert the shipped rule produces for a record: every {@code ct.*} field, as the plugin
   * extracts it.
   */
  public static Map<String, Object> alertFor(Map<String, Object> record) {
    return alert(record, ctFields(record));
  }

  /**
   * Like {@link #alertFor}, plus {@code json.value[...]} fields (json plugin) for what the
   * cloudtrail plugin has no field for.
   */
  public static Map<String, Object> fullAlertFor(Map<String, Object> record) {
    Map<String, Object> fields = ctFields(record);
    for (String key :
        List.of(
            "requestID",
            "sharedEventID",
            "eventType",
            "eventCategory",
            "errorMessage",
            "recipientAccountId",
            "userIdentity",
            "resources",
            "readOnly")) {
      Object value = record.get(key);
      if (value != null) {
        fields.put(
            "json.value[/" + key + "]", value instanceof String s ? s : JsonTrees.toJson(value));
      }
    }
    return alert(record, fields);
  }

  private static Map<String, Object> alert(Map<String, Object> record, Map<String, Object> fields) {
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("hostname", "falco-0");
    alert.put("output", "tfdrift aws " + record.get("eventName"));
    alert.put("priority", "Notice");
    alert.put("rule", "tfdrift AWS API change");
    alert.put("source", "aws_cloudtrail");
    alert.put("tags", List.of("tfdrift", "aws"));
    alert.put("time", JsonTrees.text(record.get("eventTime")));
    alert.put("output_fields", fields);
    return alert;
  }

  private static Map<String, Object> ctFields(Map<String, Object> record) {
    Map<String, Object> f = new LinkedHashMap<>();
    Map<String, Object> identity = JsonTrees.object(record, "userIdentity");
    put(f, "ct.id", record.get("eventID"));
    put(f, "ct.time", record.get("eventTime"));
    put(f, "ct.src", record.get("eventSource"));
    put(f, "ct.name", record.get("eventName"));
    put(f, "ct.region", record.get("awsRegion"));
    put(f, "ct.srcip", record.get("sourceIPAddress"));
    put(f, "ct.useragent", record.get("userAgent"));
    put(f, "ct.error", record.get("errorCode"));
    put(f, "ct.user", user(identity));
    put(f, "ct.user.identitytype", identity.get("type"));
    put(f, "ct.user.principalid", identity.get("principalId"));
    put(f, "ct.user.arn", identity.get("arn"));
    put(f, "ct.user.accountid", identity.get("accountId"));
    Object readOnly = record.get("readOnly");
    if (readOnly instanceof Boolean b) {
      f.put("ct.readonly", b.toString());
    }
    if (record.get("requestParameters") instanceof Map<?, ?> request) {
      f.put("ct.request", JsonTrees.toJson(request));
      put(f, "ct.request.name", request.get("name"));
    } else {
      f.put("ct.request.name", null);
    }
    if (record.get("responseElements") instanceof Map<?, ?> response) {
      f.put("ct.response", JsonTrees.toJson(response));
    }
    return f;
  }

  /** The plugin's {@code getUser}. */
  private static Object user(Map<String, Object> identity) {
    String type = JsonTrees.text(identity.get("type"));
    return switch (type) {
      case "Root", "IAMUser" -> identity.get("userName");
      case "AWSService" -> identity.get("invokedBy");
      case "AssumedRole" -> {
        Object issuer = JsonTrees.at(identity, "sessionContext", "sessionIssuer", "userName");
        yield issuer == null ? "AssumedRole" : issuer;
      }
      case "AWSAccount", "FederatedUser" -> type;
      default -> null;
    };
  }

  private static void put(Map<String, Object> fields, String key, Object value) {
    if (value instanceof String s && !s.isEmpty()) {
      fields.put(key, s);
    }
  }

  /** Every single-record sample name under {@code cloudtrail/}. */
  public static List<String> recordNames() {
    List<String> names = new ArrayList<>();
    for (String line : resource("cloudtrail/index.txt").lines().toList()) {
      if (!line.isBlank()) {
        names.add(line.trim());
      }
    }
    return names;
  }
}
