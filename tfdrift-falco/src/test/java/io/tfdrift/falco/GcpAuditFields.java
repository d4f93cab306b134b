package io.tfdrift.falco;

import static io.tfdrift.falco.PluginAlerts.get;
import static io.tfdrift.falco.PluginAlerts.marshal;
import static io.tfdrift.falco.PluginAlerts.stringBytes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The gcpaudit plugin's {@code Extract} (falcosecurity/plugins {@code
 * plugins/gcpaudit/pkg/gcpaudit/extract.go}, 0.8.1, commit c1ac9ce) for the fields tfdrift's rule
 * outputs and the ones older rules used; {@code null} where the plugin sets no value.
 */
final class GcpAuditFields {

  private GcpAuditFields() {}

  static String extract(JsonNode e, String field) {
    return switch (field) {
      case "gcp.user" -> plain(get(e, "protoPayload", "authenticationInfo", "principalEmail"));
      case "gcp.callerIP" -> plain(get(e, "protoPayload", "requestMetadata", "callerIp"));
      case "gcp.userAgent" ->
          plain(get(e, "protoPayload", "requestMetadata", "callerSuppliedUserAgent"));
      // string getters on JSON objects: "" for every real entry
      case "gcp.authorizationInfo" -> plain(get(e, "protoPayload", "authorizationInfo"));
      case "gcp.request" -> plain(get(e, "protoPayload", "request"));
      case "gcp.policyDelta" ->
          plain(
              "gcs_bucket".equals(stringBytes(get(e, "resource", "type")))
                  ? get(e, "protoPayload", "serviceData", "policyDelta", "bindingDeltas")
                  : get(e, "protoPayload", "metadata", "datasetChange", "bindingDeltas"));
      case "gcp.serviceName" -> plain(get(e, "protoPayload", "serviceName"));
      case "gcp.methodName" -> plain(get(e, "protoPayload", "methodName"));
      case "gcp.resourceName" -> plain(get(e, "protoPayload", "resourceName"));
      case "gcp.resourceType" -> plain(get(e, "resource", "type"));
      case "gcp.projectId" -> plain(get(e, "resource", "labels", "project_id"));
      case "gcp.time" -> plain(get(e, "timestamp"));
      case "gcp.resourceLabels" -> {
        JsonNode labels = get(e, "resource", "labels");
        yield labels == null ? null : marshal(labels);
      }
      case "gcp.location" -> location(e);
      default ->
          throw new IllegalArgumentException("the alert builder does not model field " + field);
    };
  }

  private static String plain(JsonNode v) {
    return v == null ? null : stringBytes(v);
  }

  /** {@code location}, else {@code region}, else {@code zone} without its last two characters. */
  private static String location(JsonNode e) {
    JsonNode location = get(e, "resource", "labels", "location");
    if (location != null) {
      return stringBytes(location);
    }
    JsonNode region = get(e, "resource", "labels", "region");
    if (region != null) {
      return stringBytes(region);
    }
    JsonNode zone = get(e, "resource", "labels", "zone");
    if (zone == null || !zone.isTextual()) {
      return null;
    }
    String z = zone.asText();
    if (z.length() > 2) {
      return z.substring(0, z.length() - 2);
    }
    return z.isEmpty() ? null : z;
  }
}
