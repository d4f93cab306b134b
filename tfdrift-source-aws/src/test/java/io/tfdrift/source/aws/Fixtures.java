package io.tfdrift.source.aws;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.core.mapping.AwsMapperProvider;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.TerraformStates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Real CloudTrail samples, the envelopes that carry them, and an engine with an AWS state. */
final class Fixtures {
  static final String RECORD = "samples/cloudtrail/ec2_AuthorizeSecurityGroupIngress_1.json";
  static final String LOG_FILE = "samples/cloudtrail/records.json.gz";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private Fixtures() {}

  static byte[] resource(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> record() {
    return JsonTrees.parseObject(resource(RECORD));
  }

  /** The event EventBridge puts on the queue for a CloudTrail record. */
  static String eventBridge(Map<String, Object> record) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("version", "0");
    event.put("id", "6f2a9c1e-0000-4000-8000-00000000e7b1");
    event.put("detail-type", "AWS API Call via CloudTrail");
    event.put("source", "aws.ec2");
    event.put("account", JsonTrees.text(record.get("recipientAccountId")));
    event.put("time", JsonTrees.text(record.get("eventTime")));
    event.put("region", JsonTrees.text(record.get("awsRegion")));
    event.put("resources", List.of());
    event.put("detail", record);
    return JsonTrees.toJson(event);
  }

  /** A body as SNS delivers it to SQS without raw message delivery. */
  static String sns(String message) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("Type", "Notification");
    envelope.put("MessageId", "0b2e3f4a-0000-4000-8000-0000000005e5");
    envelope.put("TopicArn", "arn:aws:sns:us-east-1:111122223333:cloudtrail-events");
    envelope.put("Message", message);
    envelope.put("Timestamp", "2026-11-23T09:31:09.000Z");
    return JsonTrees.toJson(envelope);
  }

  /** An S3 event notification of a created object; the key is URL-encoded as S3 does. */
  static String s3Notification(String bucket, String key) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
    object.put("size", 1234);
    Map<String, Object> s3 = new LinkedHashMap<>();
    s3.put("s3SchemaVersion", "1.0");
    s3.put("bucket", Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket));
    s3.put("object", object);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", "us-east-1");
    record.put("eventTime", "2026-11-23T09:35:00.000Z");
    record.put("eventName", "ObjectCreated:Put");
    record.put("s3", s3);
    return JsonTrees.toJson(Map.of("Records", List.of(record)));
  }

  /** What replaying the log file gives, in file order. */
  static List<AuditEvent> replayedLogFile() {
    List<AuditEvent> events = new ArrayList<>();
    AuditFileReader.withBuiltInDecoders()
        .read(
            new ByteArrayInputStream(resource(LOG_FILE)),
            LOG_FILE,
            new AuditFileReader.Listener() {
              @Override
              public void onEvent(AuditEvent event) {
                events.add(event);
              }

              @Override
              public void onRejected(String where, String problem) {
                throw new AssertionError(where + ": " + problem);
              }
            });
    return events;
  }

  /** An engine whose state holds the security group the sample record changes. */
  static TfDrift engine() {
    StateStore states = new StateStore(CLOCK);
    byte[] state =
        TerraformStates.builder()
            .resource(
                "aws_security_group",
                "ssh",
                Map.of(
                    "id", "sg-003dc7f1f1c686164",
                    "arn",
                        "arn:aws:ec2:us-northeast-1r:032092706103:security-group/sg-003dc7f1f1c686164",
                    "name", "ssh",
                    "ingress", List.of()))
            .build();
    states.refresh("prod", new InMemoryStateBackend("default").set(state));
    return TfDrift.builder()
        .states(states)
        .mappers(List.of(new AwsMapperProvider().create(ConfigSection.of("mappers.aws", Map.of()))))
        .clock(CLOCK)
        .build();
  }
}
