package io.tfdrift.core.decode;

import io.tfdrift.api.Actor;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes AWS CloudTrail records into {@link AuditEvent}s ({@code provider} {@code "aws"}).
 *
 * <p>Accepted objects: a bare record (has {@code eventSource} and {@code eventName}), a log file
 * object {@code {"Records":[...]}}, and an EventBridge envelope ({@code {"detail-type": "AWS API
 * Call via CloudTrail", "detail": {...record...}}}). Whole files, gzipped or not, JSON arrays of
 * records (stratus-red-team detonation logs) and {@code Records} files of any size go through
 * {@link AuditFileReader}, which streams {@code Records} one record at a time ({@link #read}).
 *
 * <p>Field mapping: {@code service} = {@code eventSource}, {@code action} = {@code eventName},
 * {@code eventId} = {@code eventID}, {@code time} = {@code eventTime}, {@code accountId} = {@code
 * recipientAccountId} else {@code userIdentity.accountId}, {@code region} = {@code awsRegion},
 * {@code sourceIp} = {@code sourceIPAddress}, {@code userAgent} = {@code userAgent} without the
 * square brackets S3 wraps it in, {@code request} = {@code requestParameters}, {@code response} =
 * {@code responseElements} (both empty when null), {@code resources} = {@code resources[].ARN}. The
 * actor is resolved as described in {@link CloudTrailActor}.
 *
 * <p>Decisions:
 *
 * <ul>
 *   <li>A record with {@code errorMessage} but no {@code errorCode} (console sign-in failures look
 *       like this) failed: its error code is {@code "Error"}. The message is kept in {@code
 *       aws.errorMessage}.
 *   <li>An EC2 DryRun call ({@code Client.DryRunOperation}) keeps its error code, so it counts as
 *       failed, and is marked {@code aws.dryRun=true}.
 *   <li>Read-only: the record's {@code readOnly} field when present, else by event name prefix
 *       ({@code Describe}, {@code List}, {@code Get}, {@code BatchGet}, {@code Lookup}, {@code
 *       Search}, {@code Head}, {@code Query}, {@code Scan}, followed by an upper-case letter, a
 *       digit or nothing). Console sign-ins ({@code eventType} {@code AwsConsoleSignIn}, which
 *       CloudTrail reports as {@code readOnly: false}) and CloudTrail Insights events change no
 *       resource, so they are read-only too.
 * </ul>
 *
 * <p>Attributes, when present: {@code aws.eventType}, {@code aws.eventCategory}, {@code
 * aws.requestId}, {@code aws.sharedEventId}, {@code aws.errorMessage}, {@code aws.dryRun}, {@code
 * aws.invokedBy}, {@code aws.roleName}, {@code aws.roleArn}, {@code aws.sso}, {@code
 * aws.eventBridgeId}.
 *
 * <p>Thread-safe and stateless.
 */
public final class CloudTrailDecoder implements AuditFormat {

  /** The value of {@link #format()}. */
  public static final String FORMAT = "cloudtrail";

  private static final String[] READ_PREFIXES = {
    "Describe", "List", "Get", "BatchGet", "Lookup", "Search", "Head", "Query", "Scan"
  };
  private static final String DRY_RUN = "Client.DryRunOperation";

  /** Creates the decoder. */
  public CloudTrailDecoder() {}

  /**
   * The format's name.
   *
   * @return {@link #FORMAT}
   */
  public String format() {
    return FORMAT;
  }

  @Override
  public boolean accepts(Map<String, Object> object) {
    return isRecord(object) || object.get("Records") instanceof List<?> || isEnvelope(object);
  }

  /**
   * Decodes a bare record, an EventBridge envelope or a {@code Records} log file object.
   *
   * @param object an accepted object
   * @return one event per record
   * @throws IllegalArgumentException if a record is malformed; for a {@code Records} object the
   *     message starts with the record's index, e.g. {@code "Records[3]: ..."}
   */
  @Override
  public List<AuditEvent> decode(Map<String, Object> object) {
    if (object.get("Records") instanceof List<?> records) {
      return decodeAll(records);
    }
    if (isEnvelope(object)) {
      return List.of(decodeEnvelope(object));
    }
    return List.of(decodeRecord(object));
  }

  /**
   * Decodes one CloudTrail record.
   *
   * @param record the record object
   * @return the event
   * @throws IllegalArgumentException if {@code eventSource}, {@code eventName} or {@code eventTime}
   *     is missing or {@code eventTime} is not an ISO-8601 instant
   */
  public AuditEvent decodeRecord(Map<String, Object> record) {
    return decode(record, "", "", "");
  }

  /**
   * Reads a CloudTrail file (log file, array, single record or JSON lines; gzipped or not),
   * streaming {@code Records} one record at a time. Shorthand for an {@link AuditFileReader} with
   * only this decoder.
   *
   * @param file the file
   * @param listener receives events and rejections
   * @return what was read
   * @throws IOException if the file cannot be opened
   */
  public AuditFileReader.Summary read(Path file, AuditFileReader.Listener listener)
      throws IOException {
    return new AuditFileReader(Map.of(FORMAT, this)).read(file, listener);
  }

  static boolean isRecord(Map<?, ?> object) {
    return object.get("eventSource") instanceof String && object.get("eventName") instanceof String;
  }

  static boolean isEnvelope(Map<String, Object> object) {
    return object.containsKey("detail-type")
        && object.get("detail") instanceof Map<?, ?> detail
        && isRecord(detail);
  }

  private List<AuditEvent> decodeAll(List<?> records) {
    List<AuditEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      try {
        events.add(decodeRecord(asRecord(records.get(i))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Records[" + i + "]: " + e.getMessage(), e);
      }
    }
    return events;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asRecord(Object value) {
    if (value instanceof Map<?, ?>) {
      return (Map<String, Object>) value;
    }
    throw new IllegalArgumentException(
        "expected a CloudTrail record object, found " + JsonTrees.toJson(value));
  }

  private AuditEvent decodeEnvelope(Map<String, Object> envelope) {
    return decode(
        JsonTrees.object(envelope, "detail"),
        JsonTrees.text(envelope.get("id")),
        JsonTrees.text(envelope.get("account")),
        JsonTrees.text(envelope.get("region")));
  }

  private AuditEvent decode(
      Map<String, Object> record,
      String envelopeId,
      String envelopeAccount,
      String envelopeRegion) {
    String service = required(record, "eventSource");
    String action = required(record, "eventName");
    Instant time = time(record);
    Map<String, String> attributes = new HashMap<>();
    Actor actor = CloudTrailActor.resolve(JsonTrees.object(record, "userIdentity"), attributes);
    String eventType = JsonTrees.text(record.get("eventType"));
    String eventCategory = JsonTrees.text(record.get("eventCategory"));
    String errorCode = errorCode(record, attributes);
    putIfPresent(attributes, "aws.eventType", eventType);
    putIfPresent(attributes, "aws.eventCategory", eventCategory);
    putIfPresent(attributes, "aws.requestId", JsonTrees.text(record.get("requestID")));
    putIfPresent(attributes, "aws.sharedEventId", JsonTrees.text(record.get("sharedEventID")));
    putIfPresent(attributes, "aws.eventBridgeId", envelopeId);
    return AuditEvent.builder()
        .provider("aws")
        .service(service)
        .action(action)
        .eventId(JsonTrees.text(record.get("eventID")))
        .time(time)
        .actor(actor)
        .accountId(
            firstPresent(
                JsonTrees.text(record.get("recipientAccountId")),
                actor.accountId(),
                envelopeAccount))
        .region(firstPresent(JsonTrees.text(record.get("awsRegion")), envelopeRegion, ""))
        .sourceIp(JsonTrees.text(record.get("sourceIPAddress")))
        .userAgent(userAgent(JsonTrees.text(record.get("userAgent"))))
        .request(JsonTrees.object(record, "requestParameters"))
        .response(JsonTrees.object(record, "responseElements"))
        .resources(resources(record))
        .errorCode(errorCode)
        .readOnly(readOnly(record, action, eventType, eventCategory))
        .attributes(attributes)
        .build();
  }

  private static String required(Map<String, Object> record, String key) {
    String value = JsonTrees.text(record.get(key));
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          "CloudTrail record " + describe(record) + " has no " + key);
    }
    return value;
  }

  private static String describe(Map<String, Object> record) {
    String id = JsonTrees.text(record.get("eventID"));
    return id.isEmpty() ? "without eventID" : id;
  }

  private static Instant time(Map<String, Object> record) {
    String text = required(record, "eventTime");
    try {
      return Instants.parseRecordTime(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "CloudTrail record "
              + describe(record)
              + ": eventTime '"
              + text
              + "' is not an ISO-8601 instant such as 2023-07-10T12:00:23Z (nor the exported form"
              + " 2023-07-10 12:00:23, read as UTC)",
          e);
    }
  }

  private static String errorCode(Map<String, Object> record, Map<String, String> attributes) {
    String code = JsonTrees.text(record.get("errorCode"));
    String message = JsonTrees.text(record.get("errorMessage"));
    putIfPresent(attributes, "aws.errorMessage", message);
    if (DRY_RUN.equals(code)) {
      attributes.put("aws.dryRun", "true");
    }
    if (code.isEmpty() && !message.isEmpty()) {
      return "Error";
    }
    return code;
  }

  private static boolean readOnly(
      Map<String, Object> record, String action, String eventType, String eventCategory) {
    if ("AwsConsoleSignIn".equals(eventType) || "Insight".equals(eventCategory)) {
      return true;
    }
    Object flag = record.get("readOnly");
    if (flag instanceof Boolean b) {
      return b;
    }
    if (flag instanceof String s && (s.equals("true") || s.equals("false"))) {
      return s.equals("true");
    }
    return readsByName(action);
  }

  /** Whether an event name starts with a read verb followed by a new word, a digit or nothing. */
  static boolean readsByName(String action) {
    for (String prefix : READ_PREFIXES) {
      if (action.startsWith(prefix)) {
        if (action.length() == prefix.length()) {
          return true;
        }
        char next = action.charAt(prefix.length());
        if (Character.isUpperCase(next) || Character.isDigit(next)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Strips the square brackets S3 puts around user agents. */
  static String userAgent(String raw) {
    int last = raw.length() - 1;
    if (last > 0 && raw.charAt(0) == '[' && raw.charAt(last) == ']') {
      return raw.substring(1, last);
    }
    return raw;
  }

  private static List<String> resources(Map<String, Object> record) {
    if (!(record.get("resources") instanceof List<?> list) || list.isEmpty()) {
      return List.of();
    }
    List<String> arns = new ArrayList<>(list.size());
    for (Object item : list) {
      if (item instanceof Map<?, ?> resource) {
        String arn = JsonTrees.text(resource.get("ARN"));
        if (arn.isEmpty()) {
          arn = JsonTrees.text(resource.get("arn"));
        }
        if (!arn.isEmpty()) {
          arns.add(arn);
        }
      }
    }
    return arns;
  }

  private static String firstPresent(String first, String second, String third) {
    if (!first.isEmpty()) {
      return first;
    }
    return second.isEmpty() ? third : second;
  }

  private static void putIfPresent(Map<String, String> attributes, String key, String value) {
    if (!value.isEmpty()) {
      attributes.put(key, value);
    }
  }
}
