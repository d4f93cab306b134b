package io.tfdrift.falco;

import static io.tfdrift.falco.PluginAlerts.get;
import static io.tfdrift.falco.PluginAlerts.marshal;
import static io.tfdrift.falco.PluginAlerts.stringBytes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The cloudtrail plugin's {@code getfieldStr} (falcosecurity/plugins {@code
 * plugins/cloudtrail/pkg/cloudtrail/extract.go}, 0.17.1, commit edc2f90) for the fields tfdrift's
 * rule outputs, line by line; {@code null} where the plugin returns "not present".
 */
final class CloudTrailFields {

  private CloudTrailFields() {}

  static String extract(JsonNode r, String field) {
    return switch (field) {
      case "ct.id" -> plain(get(r, "eventID"));
      case "ct.error" -> plain(get(r, "errorCode"));
      case "ct.errormessage" -> plain(get(r, "errorMessage"));
      case "ct.time" -> plain(get(r, "eventTime"));
      case "ct.src" -> plain(get(r, "eventSource"));
      case "ct.name" -> plain(get(r, "eventName"));
      case "ct.user" -> user(r);
      case "ct.user.accountid" -> {
        JsonNode v = get(r, "userIdentity", "accountId");
        yield plain(v != null ? v : get(r, "recipientAccountId"));
      }
      case "ct.user.identitytype" -> plain(get(r, "userIdentity", "type"));
      case "ct.user.principalid" -> plain(get(r, "userIdentity", "principalId"));
      case "ct.user.arn" -> plain(get(r, "userIdentity", "arn"));
      case "ct.region" -> plain(get(r, "awsRegion"));
      case "ct.srcip" -> plain(get(r, "sourceIPAddress"));
      case "ct.useragent" -> plain(get(r, "userAgent"));
      case "ct.request" -> whole(get(r, "requestParameters"));
      case "ct.response" -> whole(get(r, "responseElements"));
      case "ct.request.name" -> plain(get(r, "requestParameters", "name"));
      case "ct.readonly" -> {
        JsonNode v = get(r, "readOnly");
        // fastjson Bool(): true only for the JSON literal true
        yield v == null ? null : (v.isBoolean() && v.booleanValue() ? "true" : "false");
      }
      case "ct.requestid" -> plain(get(r, "requestID"));
      case "ct.eventtype" -> plain(get(r, "eventType"));
      case "ct.eventcategory" -> plain(get(r, "eventCategory"));
      case "ct.recipientaccountid" -> plain(get(r, "recipientAccountId"));
      case "ct.sharedeventid" -> plain(get(r, "sharedEventID"));
      case "ct.resources" -> resources(get(r, "resources"));
      default ->
          throw new IllegalArgumentException("the alert builder does not model field " + field);
    };
  }

  /** The common tail: present if the key exists, its string content ("" for other types). */
  private static String plain(JsonNode v) {
    return v == null ? null : stringBytes(v);
  }

  private static String whole(JsonNode v) {
    return v == null ? null : marshal(v);
  }

  /** {@code getUser}. */
  private static String user(JsonNode r) {
    JsonNode type = get(r, "userIdentity", "type");
    if (type == null || !type.isTextual()) {
      return null;
    }
    return switch (type.asText()) {
      case "Root", "IAMUser" -> plain(get(r, "userIdentity", "userName"));
      case "AWSService" -> plain(get(r, "userIdentity", "invokedBy"));
      case "AssumedRole" -> {
        JsonNode name = get(r, "userIdentity", "sessionContext", "sessionIssuer", "userName");
        yield name != null ? stringBytes(name) : "AssumedRole";
      }
      case "AWSAccount" -> "AWSAccount";
      case "FederatedUser" -> "FederatedUser";
      default -> null;
    };
  }

  /** The array's elements as compact JSON joined by commas; absent if empty. */
  private static String resources(JsonNode v) {
    if (v == null || !v.isArray() || v.isEmpty()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    v.forEach(item -> parts.add(marshal(item)));
    String joined = String.join(",", parts);
    return joined.isEmpty() ? null : joined;
  }
}
