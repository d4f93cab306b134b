package io.tfdrift.source.kafka;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.core.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes one message value: one JSON object, given to the first {@link AuditFormat} that accepts
 * it; a CloudTrail log file object ({@code {"Records": [...]}}) gives each record to the formats on
 * its own, so one bad record costs only itself, as in {@code tfdrift replay}.
 *
 * <p>Nothing is dropped silently: an empty value, bad JSON, an object no format accepts, an S3
 * notification (log files are not fetched) and a format's refusal each reach {@link
 * Rejections#reject} with the part of the message at fault ({@code ""} for the whole message,
 * {@code "#Records[3]"} for one record) and the fix. Thread-safe if the formats are.
 */
final class MessageDecoder {
  private static final int KEYS_SHOWN = 8;
  static final String WHAT_TO_PUBLISH =
      "publish one JSON object per message: a CloudTrail record, a {\"Records\": [...]} object, an"
          + " EventBridge 'AWS API Call via CloudTrail' event or a GCP audit LogEntry";

  private final List<String> names;
  private final List<AuditFormat> formats;

  /** Where the problems of a message go. */
  interface Rejections {
    /**
     * Reports a part of the message that cannot be decoded.
     *
     * @param part {@code ""} for the whole message, or {@code "#Records[i]"}
     * @param problem what is wrong and the fix
     */
    void reject(String part, String problem);
  }

  /**
   * A decoder over formats offered objects in the map's order.
   *
   * @param formats by name, at least one
   */
  MessageDecoder(Map<String, AuditFormat> formats) {
    this.names = List.copyOf(formats.keySet());
    this.formats = List.copyOf(formats.values());
    if (this.formats.isEmpty()) {
      throw new IllegalArgumentException("a message decoder needs at least one audit format");
    }
  }

  /** The formats' names, in the order they are offered objects. */
  List<String> formatNames() {
    return names;
  }

  /**
   * Decodes a message value.
   *
   * @param value the bytes, or {@code null} for a tombstone
   * @param rejections receives what cannot be decoded
   * @return the events, in message order; empty if nothing could be decoded
   */
  List<AuditEvent> decode(byte[] value, Rejections rejections) {
    if (value == null || value.length == 0) {
      rejections.reject("", "an empty message (a tombstone or an empty value); " + WHAT_TO_PUBLISH);
      return List.of();
    }
    Map<String, Object> object;
    try {
      object = JsonTrees.parseObject(value);
    } catch (IllegalArgumentException e) {
      rejections.reject("", "not a JSON object (" + e.getMessage() + "); " + WHAT_TO_PUBLISH);
      return List.of();
    }
    if (object.get("Records") instanceof List<?> records) {
      return records(records, rejections);
    }
    return dispatch(object, -1, rejections);
  }

  private List<AuditEvent> records(List<?> records, Rejections rejections) {
    if (!records.isEmpty()
        && records.get(0) instanceof Map<?, ?> first
        && first.get("s3") instanceof Map<?, ?>) {
      rejections.reject(
          "",
          "an S3 event notification: the kafka source does not fetch CloudTrail log files from S3;"
              + " send the notifications to SQS and use the aws-sqs source, or publish the"
              + " CloudTrail records themselves (EventBridge) to the topic");
      return List.of();
    }
    List<AuditEvent> events = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i) instanceof Map<?, ?> map) {
        @SuppressWarnings("unchecked")
        Map<String, Object> record = (Map<String, Object>) map;
        events.addAll(dispatch(record, i, rejections));
      } else {
        rejections.reject(
            part(i), "expected a JSON object, found " + JsonTrees.toJson(records.get(i)));
      }
    }
    return events;
  }

  /** The part of a message a problem is in; built only when there is a problem. */
  private static String part(int record) {
    return record < 0 ? "" : "#Records[" + record + "]";
  }

  /**
   * Decodes one object.
   *
   * @param record its index in {@code Records}, or {@code -1} for the whole message
   */
  private List<AuditEvent> dispatch(Map<String, Object> object, int record, Rejections rejections) {
    int format = formatFor(object, record, rejections);
    if (format < 0) {
      return List.of();
    }
    try {
      return formats.get(format).decode(object);
    } catch (IllegalArgumentException e) {
      rejections.reject(part(record), names.get(format) + ": " + e.getMessage());
    } catch (RuntimeException e) {
      // A third-party format's bug costs its message, never the consumer.
      rejections.reject(part(record), names.get(format) + ": decoder failed: " + e);
    }
    return List.of();
  }

  private int formatFor(Map<String, Object> object, int record, Rejections rejections) {
    try {
      for (int i = 0; i < formats.size(); i++) {
        if (formats.get(i).accepts(object)) {
          return i;
        }
      }
    } catch (RuntimeException e) {
      rejections.reject(part(record), "a format failed to inspect the object: " + e);
      return -1;
    }
    rejections.reject(part(record), unrecognised(object));
    return -1;
  }

  private String unrecognised(Map<String, Object> object) {
    StringBuilder message =
        new StringBuilder("not an audit record any installed format accepts (tried ")
            .append(String.join(", ", names))
            .append("); its keys: [");
    int shown = 0;
    for (String key : object.keySet()) {
      if (shown == KEYS_SHOWN) {
        message.append(", ...");
        break;
      }
      message.append(shown++ == 0 ? "" : ", ").append(key);
    }
    return message.append("]; ").append(WHAT_TO_PUBLISH).toString();
  }
}
