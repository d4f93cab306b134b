package io.tfdrift.source.aws;

import io.tfdrift.core.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

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
  record LogFiles(List<CloudTrailLogFiles.LogFile> files) implements MessageBody {
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
    Optional<List<CloudTrailLogFiles.LogFile>> files = CloudTrailLogFiles.notified(object);
    if (files.isPresent()) {
      return files.get().isEmpty()
          ? new Ignored("an S3 notification of no created object or only digest files")
          : new LogFiles(files.get());
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
    List<Map<String, Object>> trail = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      if (!(records.get(i) instanceof Map<?, ?> raw)) {
        throw new IllegalArgumentException("Records[" + i + "] is not an object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> record = (Map<String, Object>) raw;
      trail.add(record);
    }
    return new Records(trail);
  }

  private static boolean isRecord(Map<String, Object> object) {
    return object.get("eventSource") instanceof String && object.get("eventName") instanceof String;
  }
}
