package io.tfdrift.source.kafka;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.source.aws.CloudTrailLogFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes one message value: one JSON object, given to the first {@link AuditFormat} that accepts
 * it; a CloudTrail log file object ({@code {"Records": [...]}}) gives each record to the formats on
 * its own, so one bad record costs only itself, as in {@code tfdrift replay}. A notification of
 * CloudTrail log files (an S3 event notification, CloudTrail's SNS message) has its files fetched
 * from S3 and read as the aws-sqs source reads them ({@link CloudTrailLogFiles}).
 *
 * <p>Nothing is dropped silently: an empty value, bad JSON, an object no format accepts, a
 * malformed notification, a log file that no longer exists and a format's refusal each reach {@link
 * Rejections#reject} with the part of the message at fault ({@code ""} for the whole message,
 * {@code "#Records[3]"} for one record, {@code " s3://bucket/key:1#Records[3]"} for a log file's
 * record) and the fix. Thread-safe if the formats are.
 */
final class MessageDecoder implements AutoCloseable {
  private static final int KEYS_SHOWN = 8;
  static final String WHAT_TO_PUBLISH =
      "publish one JSON object per message: a CloudTrail record, a {\"Records\": [...]} object, an"
          + " EventBridge 'AWS API Call via CloudTrail' event, a GCP audit LogEntry or a CloudTrail"
          + " log-file notification (S3 event or CloudTrail's SNS message)";

  private final List<String> names;
  private final List<AuditFormat> formats;
  private final CloudTrailLogFiles logFiles;

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
   * @param logFiles fetches the log files notifications name
   */
  MessageDecoder(Map<String, AuditFormat> formats, CloudTrailLogFiles logFiles) {
    this.logFiles = logFiles;
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
   * @throws IOException if a log file the message names could not be fetched (access denied, S3
   *     unreachable): reading the message again later may work
   */
  List<AuditEvent> decode(byte[] value, Rejections rejections) throws IOException {
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
    Optional<List<CloudTrailLogFiles.LogFile>> files;
    try {
      files = CloudTrailLogFiles.notified(object);
    } catch (IllegalArgumentException e) {
      rejections.reject("", "a CloudTrail log-file notification that " + e.getMessage());
      return List.of();
    }
    if (files.isPresent()) {
      return logFiles(files.get(), rejections);
    }
    if (object.get("Records") instanceof List<?> records) {
      return records(records, rejections);
    }
    return dispatch(object, -1, rejections);
  }

  /** Every record of every file, in order; the files are fetched one after another. */
  private List<AuditEvent> logFiles(List<CloudTrailLogFiles.LogFile> files, Rejections rejections)
      throws IOException {
    List<AuditEvent> events = new ArrayList<>();
    AuditFileReader.Listener listener =
        new AuditFileReader.Listener() {
          @Override
          public void onEvent(AuditEvent event) {
            events.add(event);
          }

          @Override
          public void onRejected(String where, String problem) {
            rejections.reject(where.isEmpty() ? "" : " " + where, problem);
          }
        };
    for (CloudTrailLogFiles.LogFile file : files) {
      logFiles.read(file, "", listener);
    }
    return events;
  }

  private List<AuditEvent> records(List<?> records, Rejections rejections) {
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

  /** Closes the S3 client, if a log file was fetched. */
  @Override
  public void close() {
    logFiles.close();
  }
}
