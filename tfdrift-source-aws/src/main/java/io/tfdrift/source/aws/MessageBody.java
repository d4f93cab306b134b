package io.tfdrift.source.aws;

import io.tfdrift.core.json.JsonTrees;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an SQS message body carries: CloudTrail records (an EventBridge event, a bare record, a log
 * file's {@code Records} object), S3 notifications of CloudTrail log files, or nothing to act on
 * (the S3 test event, a digest file). An SNS envelope ({@code Type: Notification}) is unwrapped
 * first, so raw and non-raw SNS delivery both work.
 */
sealed interface MessageBody {

  /** CloudTrail records, each decoded as a replayed file's record is. */
  record Records(List<Map<String, Object>> records) implements MessageBody {
    public Records {
      records = List.copyOf(records);
    }
  }

  /** CloudTrail log files to fetch from S3 and read. */
  record LogFiles(List<LogFile> files) implements MessageBody {
    public LogFiles {
      files = List.copyOf(files);
    }
  }

  /** Nothing to deliver, and nothing wrong. */
  record Ignored(String why) implements MessageBody {
    public Ignored {
      Objects.requireNonNull(why, "why");
    }
  }

  /** One S3 object. */
  record LogFile(String bucket, String key) {
    public LogFile {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key;
    }
  }

  /**
   * Reads a body.
   *
   * @param body the message body
   * @return what it carries
   * @throws IllegalArgumentException if it is none of the known shapes; the message says what the
   *     queue should receive instead
   */
  static MessageBody parse(String body) {
    Map<String, Object> object = JsonTrees.parseObject(body);
    if ("Notification".equals(object.get("Type")) && object.get("Message") instanceof String m) {
      object = JsonTrees.parseObject(m);
    } else if (object.get("Type") instanceof String type && object.containsKey("TopicArn")) {
      throw new IllegalArgumentException(
          "an SNS '" + type + "' message, not a notification; confirm the subscription");
    }
    if (object.get("detail-type") instanceof String detailType) {
      Map<String, Object> detail = JsonTrees.object(object, "detail");
      if (!isRecord(detail)) {
        throw new IllegalArgumentException(
            "an EventBridge '"
                + detailType
                + "' event without a CloudTrail record in 'detail'; match detail-type"
                + " 'AWS API Call via CloudTrail' in the rule");
      }
      return new Records(List.of(detail));
    }
    if ("s3:TestEvent".equals(object.get("Event"))) {
      return new Ignored("the S3 test event sent when the notification was configured");
    }
    if (object.get("Records") instanceof List<?> records) {
      return records(records);
    }
    if (isRecord(object)) {
      return new Records(List.of(object));
    }
    throw new IllegalArgumentException(
        "neither an EventBridge CloudTrail event, an S3 notification nor a CloudTrail record;"
            + " its keys: "
            + object.keySet());
  }

  private static MessageBody records(List<?> records) {
    List<LogFile> files = new ArrayList<>();
    List<Map<String, Object>> trail = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      if (!(records.get(i) instanceof Map<?, ?> raw)) {
        throw new IllegalArgumentException("Records[" + i + "] is not an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> record = (Map<String, Object>) raw;
      if (record.get("s3") instanceof Map<?, ?>) {
        logFile(record, i, files);
      } else {
        trail.add(record);
      }
    }
    if (!trail.isEmpty() && !files.isEmpty()) {
      throw new IllegalArgumentException("mixes S3 notifications and CloudTrail records");
    }
    if (!trail.isEmpty()) {
      return new Records(trail);
    }
    return files.isEmpty()
        ? new Ignored("an S3 notification of no created object or only digest files")
        : new LogFiles(files);
  }

  private static void logFile(Map<String, Object> record, int i, List<LogFile> files) {
    String event = JsonTrees.text(record.get("eventName"));
    if (!event.startsWith("ObjectCreated:")) {
      return;
    }
    String bucket = JsonTrees.text(record, "s3", "bucket", "name");
    String rawKey = JsonTrees.text(record, "s3", "object", "key");
    if (bucket.isEmpty() || rawKey.isEmpty()) {
      throw new IllegalArgumentException(
          "Records[" + i + "]: an S3 notification without s3.bucket.name or s3.object.key");
    }
    // S3 notifications URL-encode keys with '+' for spaces: form decoding is the right inverse.
    String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
    if (key.contains("/CloudTrail-Digest/")) {
      return;
    }
    files.add(new LogFile(bucket, key));
  }

  private static boolean isRecord(Map<String, Object> object) {
    return object.get("eventSource") instanceof String && object.get("eventName") instanceof String;
  }
}
