package io.tfdrift.falco;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.decode.GcpAuditDecoder;
import io.tfdrift.core.json.JsonTrees;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes alerts of the gcpaudit plugin ({@code source: gcp_auditlog}, also accepted as {@code
 * gcpaudit}) by rebuilding the audit {@code LogEntry} their {@code gcp.*} fields were extracted
 * from and handing it to {@link GcpAuditDecoder}.
 *
 * <p>Field → entry (gcpaudit plugin 0.5.0 and later, {@code extract.go}): {@code gcp.methodName},
 * {@code gcp.serviceName}, {@code gcp.resourceName} → {@code protoPayload.*}; {@code gcp.user} →
 * {@code authenticationInfo.principalEmail}; {@code gcp.callerIP}, {@code gcp.userAgent} → {@code
 * requestMetadata.callerIp}, {@code .callerSuppliedUserAgent}; {@code gcp.resourceType} → {@code
 * resource.type}; {@code gcp.resourceLabels} (the labels as JSON) → {@code resource.labels}, else
 * {@code gcp.projectId} and {@code gcp.location} (which the plugin may derive from a region or zone
 * label); {@code gcp.time} → {@code timestamp}; with neither it nor {@code json.value[/timestamp]}
 * or {@code [/receiveTimestamp]}, the alert's time (for this plugin, when Falco received the
 * entry). The plugin reads {@code gcp.request}, {@code gcp.authorizationInfo} and {@code
 * gcp.policyDelta} with a string getter, so for the JSON objects of real entries they are empty;
 * they are used only when they hold JSON (hand-written fixtures, other builds). Everything else
 * comes from the json plugin: the shipped rule outputs {@code json.value[/insertId]}, {@code
 * [/timestamp]}, {@code [/receiveTimestamp]}, {@code [/logName]}, {@code [/severity]}, {@code
 * [/operation]} and {@code
 * [/protoPayload/request|response|status|serviceData|metadata|authenticationInfo|
 * authorizationInfo|resourceLocation]}, each placed at its pointer ({@link JsonValueFields}), which
 * makes the entry the decoder sees the one the plugin read.
 *
 * <p>From a rule without {@code json.value} fields (older or hand-written rules) the event id is
 * {@code falco:} followed by the alert time in nanoseconds and the method name, which is stable for
 * one alert and distinct between calls.
 */
final class GcpAuditAlerts {

  private static final GcpAuditDecoder DECODER = new GcpAuditDecoder();

  /** Every output field this class reads (besides {@code json.value[...]}). */
  static final Set<String> FIELDS =
      Set.of(
          "gcp.serviceName",
          "gcp.methodName",
          "gcp.resourceName",
          "gcp.resourceType",
          "gcp.resourceLabels",
          "gcp.user",
          "gcp.callerIP",
          "gcp.userAgent",
          "gcp.projectId",
          "gcp.location",
          "gcp.request",
          "gcp.authorizationInfo",
          "gcp.policyDelta",
          "gcp.time");

  private GcpAuditAlerts() {}

  static AuditEvent decode(FalcoAlert alert) {
    if (alert.field("gcp.methodName").isEmpty()
        && alert.field("json.value[/protoPayload/methodName]").isEmpty()) {
      throw new IllegalArgumentException(
          "gcpaudit alert from rule '"
              + alert.rule()
              + "' has no gcp.methodName in output_fields; add %gcp.methodName and"
              + " %gcp.serviceName to the rule's output (the rules printed by `tfdrift falco-rules`"
              + " carry every field tfdrift reads)");
    }
    return DECODER.decodeEntry(entry(alert));
  }

  static Map<String, Object> entry(FalcoAlert alert) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("@type", GcpAuditDecoder.AUDIT_LOG_TYPE);
    put(payload, "serviceName", serviceName(alert));
    put(payload, "methodName", alert.field("gcp.methodName"));
    put(payload, "resourceName", alert.field("gcp.resourceName"));
    Map<String, Object> authentication = new LinkedHashMap<>();
    put(authentication, "principalEmail", alert.field("gcp.user"));
    putIfAny(payload, "authenticationInfo", authentication);
    Map<String, Object> metadata = new LinkedHashMap<>();
    put(metadata, "callerIp", alert.field("gcp.callerIP"));
    put(metadata, "callerSuppliedUserAgent", alert.field("gcp.userAgent"));
    putIfAny(payload, "requestMetadata", metadata);
    putJson(payload, "request", alert.field("gcp.request"));
    putJson(payload, "authorizationInfo", alert.field("gcp.authorizationInfo"));
    Object delta = JsonTrees.parseEmbedded(alert.field("gcp.policyDelta"));
    if (delta instanceof List<?>) {
      payload.put("serviceData", Map.of("policyDelta", Map.of("bindingDeltas", delta)));
    } else if (delta instanceof Map<?, ?>) {
      payload.put("serviceData", Map.of("policyDelta", delta));
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    if (!carriesTheEntry(alert)) {
      entry.put("insertId", insertId(alert));
    }
    put(entry, "timestamp", alert.field("gcp.time"));
    entry.put("protoPayload", payload);
    Map<String, Object> resource = resource(alert);
    putIfAny(entry, "resource", resource);
    JsonValueFields.overlay(alert, entry);
    if (!entry.containsKey("timestamp") && !entry.containsKey("receiveTimestamp")) {
      // the gcpaudit plugin's event time is when Falco received the entry: the last resort
      entry.put("timestamp", alert.time().toString());
    } else if (entry.get("timestamp") instanceof String t
        && !AlertTimes.readable(t)
        && !(entry.get("receiveTimestamp") instanceof String r && AlertTimes.readable(r))) {
      entry.put("timestamp", AlertTimes.recordTime("gcp.time", t, alert.time()));
    }
    return entry;
  }

  /**
   * {@code gcp.serviceName}; older plugin versions and hand-written rules omit it, so it is then
   * derived from the method name: {@code v1.compute.instances.setLabels} and {@code
   * google.iam.admin.v1.CreateServiceAccount} name their API after an optional {@code google} or
   * version prefix ({@code compute.googleapis.com}, {@code iam.googleapis.com}).
   */
  static String serviceName(FalcoAlert alert) {
    String service = alert.field("gcp.serviceName");
    if (!service.isEmpty()) {
      return service;
    }
    String method = alert.field("gcp.methodName");
    int start = 0;
    int dot = method.indexOf('.');
    if (dot < 0) {
      return "";
    }
    String first = method.substring(0, dot);
    if (first.equals("google") || isVersion(first)) {
      start = dot + 1;
      dot = method.indexOf('.', start);
      if (dot < 0) {
        return "";
      }
    }
    return method.substring(start, dot) + ".googleapis.com";
  }

  private static boolean isVersion(String part) {
    return part.equals("beta")
        || part.equals("alpha")
        || (part.length() > 1 && part.charAt(0) == 'v' && Character.isDigit(part.charAt(1)));
  }

  /**
   * Whether the rule carries the entry through the json plugin (the shipped one does): then the
   * entry's own {@code insertId} is the id, and an entry without one (an export that dropped it)
   * has none, as when its file is read.
   */
  private static boolean carriesTheEntry(FalcoAlert alert) {
    for (String key : alert.outputFields().keySet()) {
      if (key.startsWith("json.value[/")) {
        return true;
      }
    }
    return false;
  }

  private static String insertId(FalcoAlert alert) {
    long nanos = alert.time().getEpochSecond() * 1_000_000_000L + alert.time().getNano();
    return "falco:" + nanos + ":" + alert.field("gcp.methodName");
  }

  private static Map<String, Object> resource(FalcoAlert alert) {
    Map<String, Object> resource = new LinkedHashMap<>();
    put(resource, "type", alert.field("gcp.resourceType"));
    Map<String, Object> labels = new LinkedHashMap<>();
    if (JsonTrees.parseEmbedded(alert.field("gcp.resourceLabels")) instanceof Map<?, ?> given) {
      given.forEach((k, v) -> labels.put((String) k, v));
    } else {
      put(labels, "project_id", alert.field("gcp.projectId"));
      put(labels, "location", alert.field("gcp.location"));
    }
    putIfAny(resource, "labels", labels);
    return resource;
  }

  private static void putJson(Map<String, Object> map, String key, String text) {
    Object tree = JsonTrees.parseEmbedded(text);
    if (tree instanceof Map<?, ?> || tree instanceof List<?>) {
      map.put(key, tree);
    }
  }

  private static void putIfAny(Map<String, Object> map, String key, Map<String, Object> value) {
    if (!value.isEmpty()) {
      map.put(key, value);
    }
  }

  private static void put(Map<String, Object> map, String key, String value) {
    if (!value.isEmpty()) {
      map.put(key, value);
    }
  }
}
