package io.tfdrift.core.decode;

import io.tfdrift.api.Actor;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.core.json.JsonTrees;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes GCP Cloud Audit Logs {@code LogEntry} objects (with a {@code protoPayload} of {@code
 * @type} {@code type.googleapis.com/google.cloud.audit.AuditLog}) into {@link AuditEvent}s ({@code
 * provider} {@code "gcp"}).
 *
 * <p>Field mapping: {@code service} = {@code protoPayload.serviceName}, {@code action} = {@code
 * protoPayload.methodName}, {@code eventId} = {@code insertId}, {@code time} = {@code timestamp}
 * (else {@code receiveTimestamp}), {@code sourceIp} = {@code requestMetadata.callerIp}, {@code
 * userAgent} = {@code requestMetadata.callerSuppliedUserAgent}, {@code request} / {@code response}
 * = {@code protoPayload.request} / {@code .response}, {@code resources} = {@code [resourceName]}.
 * Project and region are derived as described in {@link GcpLocation}.
 *
 * <p>Actor: {@code name} = {@code authenticationInfo.principalEmail} (else {@code
 * principalSubject} without its {@code user:} / {@code serviceAccount:} prefix), {@code type}
 * {@code ServiceAccount} for {@code *.gserviceaccount.com} principals and {@code serviceAccount:}
 * subjects, else {@code User}; {@code arn} = {@code principalSubject}; {@code accountId} = the
 * project of a {@code *.iam.gserviceaccount.com} service account. The principals a service account
 * acted for ({@code serviceAccountDelegationInfo}) go to {@code gcp.delegation}, comma-separated.
 *
 * <p>Failure: a non-zero {@code protoPayload.status.code} is the error code, as decimal text
 * ({@code "7"}); {@code gcp.status} carries its canonical name ({@code PERMISSION_DENIED}) and
 * {@code gcp.status.message} the message.
 *
 * <p>Read-only: entries of the {@code data_access} audit log, and methods whose last dot-separated
 * part starts with {@code get}, {@code list}, {@code aggregatedList}, {@code search}, {@code
 * testIamPermissions}, {@code batchGet} or {@code lookup} (either case of the first letter,
 * followed by an upper-case letter or nothing).
 *
 * <p>Attributes, when present: {@code gcp.operation.id}, {@code gcp.operation.producer}, {@code
 * gcp.operation.first} and {@code gcp.operation.last} ({@code "true"}; Compute writes a first entry
 * with the full request and a sparse last entry per operation), {@code gcp.resourceType}, {@code
 * gcp.severity}, {@code gcp.logType} ({@code activity}, {@code data_access}, {@code
 * system_event}, {@code policy}), {@code gcp.zone}, {@code gcp.status}, {@code
 * gcp.status.message}, {@code gcp.delegation}, and {@code gcp.policyDelta}: the JSON text of
 * {@code protoPayload.serviceData.policyDelta} or {@code protoPayload.metadata.policyDelta}.
 *
 * <p>BigQuery's legacy v1 {@code AuditData} logs no {@code request}: its {@code serviceData} member
 * {@code <call>Request} ({@code datasetInsertRequest}, {@code tableUpdateRequest}, ...) is the
 * request and {@code <call>Response} the response.
 *
 * <p>Thread-safe and stateless.
 */
public final class GcpAuditDecoder implements AuditFormat {
  private static final io.tfdrift.core.guard.LogThrottle UNREADABLE_TIMES =
      new io.tfdrift.core.guard.LogThrottle(
          org.slf4j.LoggerFactory.getLogger(GcpAuditDecoder.class));

  /** The value of {@link #format()}. */
  public static final String FORMAT = "gcp-audit";

  /** The {@code @type} of an audit log payload. */
  public static final String AUDIT_LOG_TYPE = "type.googleapis.com/google.cloud.audit.AuditLog";

  private static final String[] READ_PREFIXES = {
    "get", "list", "aggregatedList", "search", "testIamPermissions", "batchGet", "lookup"
  };

  /** {@code google.rpc.Code} names by number. */
  private static final String[] STATUS_NAMES = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"
  };

  private static final String AUDIT_LOG_PREFIX = "cloudaudit.googleapis.com";

  /** Creates the decoder. */
  public GcpAuditDecoder() {}

  /**
   * The format's name.
   *
   * @return {@link #FORMAT}
   */
  public String format() {
    return FORMAT;
  }

  /**
   * Accepts a {@code LogEntry} whose {@code protoPayload} is an audit log: its {@code @type} is
   * {@link #AUDIT_LOG_TYPE}, or it has no {@code @type} but a {@code methodName}.
   */
  @Override
  public boolean accepts(Map<String, Object> object) {
    if (!(object.get("protoPayload") instanceof Map<?, ?> payload)) {
      return false;
    }
    Object type = payload.get("@type");
    return type == null ? payload.get("methodName") instanceof String : AUDIT_LOG_TYPE.equals(type);
  }

  @Override
  public List<AuditEvent> decode(Map<String, Object> object) {
    return List.of(decodeEntry(object));
  }

  /**
   * Decodes one audit {@code LogEntry}.
   *
   * @param entry the entry object
   * @return the event
   * @throws IllegalArgumentException if {@code serviceName}, {@code methodName} or the timestamp is
   *     missing, or the timestamp is not an RFC 3339 instant
   */
  public AuditEvent decodeEntry(Map<String, Object> entry) {
    Map<String, Object> payload = JsonTrees.object(entry, "protoPayload");
    String service = required(entry, payload, "serviceName");
    String action = required(entry, payload, "methodName");
    Instant time = time(entry);
    String resourceName = JsonTrees.text(payload.get("resourceName"));
    String logName = JsonTrees.text(entry.get("logName"));
    Map<String, Object> resource = JsonTrees.object(entry, "resource");
    Map<String, Object> labels = JsonTrees.object(resource, "labels");
    Map<String, Object> metadata = JsonTrees.object(payload, "requestMetadata");
    Map<String, String> attributes = new HashMap<>();
    Actor actor = actor(JsonTrees.object(payload, "authenticationInfo"), attributes);
    String zone = GcpLocation.zone(labels, resourceName);
    String region =
        GcpLocation.region(
            labels,
            resourceName,
            zone,
            JsonTrees.at(payload, "resourceLocation", "currentLocations"));
    String logType = logType(logName);
    putIfPresent(attributes, "gcp.zone", zone);
    putIfPresent(attributes, "gcp.logType", logType);
    putIfPresent(attributes, "gcp.resourceType", JsonTrees.text(resource.get("type")));
    putIfPresent(attributes, "gcp.severity", JsonTrees.text(entry.get("severity")));
    operation(JsonTrees.object(entry, "operation"), attributes);
    policyDelta(payload, attributes);
    return AuditEvent.builder()
        .provider("gcp")
        .service(service)
        .action(action)
        .eventId(JsonTrees.text(entry.get("insertId")))
        .time(time)
        .actor(actor)
        .accountId(GcpLocation.project(labels, resourceName, logName))
        .region(region)
        .sourceIp(JsonTrees.text(metadata.get("callerIp")))
        .userAgent(JsonTrees.text(metadata.get("callerSuppliedUserAgent")))
        .request(bodyOf(payload, "request", "Request"))
        .response(bodyOf(payload, "response", "Response"))
        .resources(resourceName.isEmpty() ? List.of() : List.of(resourceName))
        .errorCode(errorCode(JsonTrees.object(payload, "status"), attributes))
        .readOnly(logType.equals("data_access") || readsByName(action))
        .attributes(attributes)
        .build();
  }

  /** The {@code @type} of BigQuery's legacy audit data ({@code protoPayload.serviceData}). */
  private static final String BIGQUERY_AUDIT_DATA =
      "type.googleapis.com/google.cloud.bigquery.logging.v1.AuditData";

  /**
   * {@code protoPayload.request} (or {@code response}); for BigQuery's legacy v1 {@code AuditData},
   * which logs no request, the one {@code serviceData} member named {@code <call>Request} ({@code
   * datasetInsertRequest}, {@code tableUpdateRequest}, ...) or {@code <call>Response}.
   */
  private static Map<String, Object> bodyOf(
      Map<String, Object> payload, String key, String suffix) {
    Map<String, Object> body = JsonTrees.object(payload, key);
    Map<String, Object> data = JsonTrees.object(payload, "serviceData");
    if (!body.isEmpty() || !BIGQUERY_AUDIT_DATA.equals(data.get("@type"))) {
      return body;
    }
    for (String name : data.keySet()) {
      if (name.endsWith(suffix) && data.get(name) instanceof Map<?, ?>) {
        return JsonTrees.object(data, name);
      }
    }
    return body;
  }

  private static String required(
      Map<String, Object> entry, Map<String, Object> payload, String key) {
    String value = JsonTrees.text(payload.get(key));
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          "GCP audit entry " + describe(entry) + " has no protoPayload." + key);
    }
    return value;
  }

  private static String describe(Map<String, Object> entry) {
    String id = JsonTrees.text(entry.get("insertId"));
    return id.isEmpty() ? "without insertId" : id;
  }

  /**
   * The entry's {@code timestamp}; when it is missing or cannot be read (a SIEM export that mangled
   * it), the time Cloud Logging received the entry, with a warning: the change still happened.
   */
  private static Instant time(Map<String, Object> entry) {
    String text = JsonTrees.text(entry.get("timestamp"));
    String received = JsonTrees.text(entry.get("receiveTimestamp"));
    if (text.isEmpty() && received.isEmpty()) {
      throw new IllegalArgumentException(
          "GCP audit entry " + describe(entry) + " has no timestamp");
    }
    DateTimeParseException unreadable = null;
    if (!text.isEmpty()) {
      try {
        return Instants.parseRecordTime(text);
      } catch (DateTimeParseException e) {
        unreadable = e;
      }
    }
    try {
      Instant fallback = Instants.parseRecordTime(received);
      if (unreadable != null) {
        UNREADABLE_TIMES.log(
            "GCP audit entry {}: timestamp '{}' cannot be read; using its receiveTimestamp {}",
            describe(entry),
            text,
            received);
      }
      return fallback;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "GCP audit entry "
              + describe(entry)
              + ": timestamp '"
              + (text.isEmpty() ? received : text)
              + "' is not an RFC 3339 instant such as 2021-10-19T02:57:47.339377Z (nor the"
              + " exported form 2021-10-19 02:57:47.339377, read as UTC)",
          unreadable != null ? unreadable : e);
    }
  }

  private static Actor actor(Map<String, Object> authentication, Map<String, String> attributes) {
    delegation(authentication, attributes);
    String email = JsonTrees.text(authentication.get("principalEmail"));
    String subject = JsonTrees.text(authentication.get("principalSubject"));
    if (email.isEmpty() && subject.isEmpty()) {
      return Actor.UNKNOWN;
    }
    boolean serviceAccount =
        email.endsWith(".gserviceaccount.com") || subject.startsWith("serviceAccount:");
    String name = email.isEmpty() ? subjectName(subject) : email;
    return new Actor(
        serviceAccount ? "ServiceAccount" : "User", name, subject, "", serviceAccountProject(name));
  }

  /** {@code user:a@b.c} → {@code a@b.c}; {@code principal://...} stays whole. */
  private static String subjectName(String subject) {
    int colon = subject.indexOf(':');
    if (colon < 0 || subject.startsWith("principal")) {
      return subject;
    }
    return subject.substring(colon + 1);
  }

  /** {@code sa@my-project.iam.gserviceaccount.com} → {@code my-project}. */
  private static String serviceAccountProject(String email) {
    String suffix = ".iam.gserviceaccount.com";
    int at = email.indexOf('@');
    if (at < 0 || !email.endsWith(suffix)) {
      return "";
    }
    return email.substring(at + 1, email.length() - suffix.length());
  }

  private static void delegation(
      Map<String, Object> authentication, Map<String, String> attributes) {
    if (!(authentication.get("serviceAccountDelegationInfo") instanceof List<?> chain)) {
      return;
    }
    StringBuilder principals = new StringBuilder();
    for (Object link : chain) {
      if (!(link instanceof Map<?, ?> map)) {
        continue;
      }
      String principal =
          JsonTrees.text(JsonTrees.at(asObject(map), "firstPartyPrincipal", "principalEmail"));
      if (principal.isEmpty()) {
        principal = JsonTrees.text(map.get("principalSubject"));
      }
      if (principal.isEmpty() && map.containsKey("thirdPartyPrincipal")) {
        principal = "third-party";
      }
      if (!principal.isEmpty()) {
        principals.append(principals.length() == 0 ? "" : ",").append(principal);
      }
    }
    putIfPresent(attributes, "gcp.delegation", principals.toString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static String errorCode(Map<String, Object> status, Map<String, String> attributes) {
    Object raw = status.get("code");
    String code =
        raw instanceof Number number ? Long.toString(number.longValue()) : JsonTrees.text(raw);
    if (code.isEmpty() || code.equals("0") || code.equals(STATUS_NAMES[0])) {
      return "";
    }
    putIfPresent(attributes, "gcp.status", statusName(code));
    putIfPresent(attributes, "gcp.status.message", JsonTrees.text(status.get("message")));
    return code;
  }

  /** The canonical name of a numeric code, a name itself, or {@code ""} if unknown. */
  private static String statusName(String code) {
    for (int i = 0; i < STATUS_NAMES.length; i++) {
      if (STATUS_NAMES[i].equals(code) || Integer.toString(i).equals(code)) {
        return STATUS_NAMES[i];
      }
    }
    return "";
  }

  /** {@code projects/p/logs/cloudaudit.googleapis.com%2Factivity} → {@code activity}. */
  static String logType(String logName) {
    int at = logName.indexOf(AUDIT_LOG_PREFIX);
    if (at < 0) {
      return "";
    }
    String rest = logName.substring(at + AUDIT_LOG_PREFIX.length());
    if (rest.startsWith("%2F") || rest.startsWith("%2f")) {
      return rest.substring(3);
    }
    return rest.startsWith("/") ? rest.substring(1) : "";
  }

  /** Whether the method's last dot-separated part starts with a read verb. */
  static boolean readsByName(String methodName) {
    String method = methodName.substring(methodName.lastIndexOf('.') + 1);
    for (String prefix : READ_PREFIXES) {
      if (startsWithVerb(method, prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean startsWithVerb(String method, String verb) {
    if (method.length() < verb.length()
        || Character.toLowerCase(method.charAt(0)) != verb.charAt(0)
        || !method.regionMatches(1, verb, 1, verb.length() - 1)) {
      return false;
    }
    return method.length() == verb.length() || Character.isUpperCase(method.charAt(verb.length()));
  }

  private static void operation(Map<String, Object> operation, Map<String, String> attributes) {
    putIfPresent(attributes, "gcp.operation.id", JsonTrees.text(operation.get("id")));
    putIfPresent(attributes, "gcp.operation.producer", JsonTrees.text(operation.get("producer")));
    if (Boolean.TRUE.equals(operation.get("first"))) {
      attributes.put("gcp.operation.first", "true");
    }
    if (Boolean.TRUE.equals(operation.get("last"))) {
      attributes.put("gcp.operation.last", "true");
    }
  }

  private static void policyDelta(Map<String, Object> payload, Map<String, String> attributes) {
    Object delta = JsonTrees.at(payload, "serviceData", "policyDelta");
    if (delta == null) {
      delta = JsonTrees.at(payload, "metadata", "policyDelta");
    }
    if (delta != null) {
      attributes.put("gcp.policyDelta", JsonTrees.toJson(delta));
    }
  }

  private static void putIfPresent(Map<String, String> attributes, String key, String value) {
    if (!value.isEmpty()) {
      attributes.put(key, value);
    }
  }
}
