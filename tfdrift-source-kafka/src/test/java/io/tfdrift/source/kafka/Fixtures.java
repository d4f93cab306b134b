package io.tfdrift.source.kafka;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.json.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real samples under {@code samples/} (provenance in samples/README.md) and their replay. */
final class Fixtures {
  static final String CLOUDTRAIL = "samples/cloudtrail/records.json";
  static final String GCP = "samples/gcp/audit.ndjson";

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

  /** The 60 CloudTrail records, each as its own JSON object. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cloudTrailRecords() {
    return ((List<Object>) JsonTrees.parseObject(resource(CLOUDTRAIL)).get("Records"))
        .stream().map(r -> (Map<String, Object>) r).toList();
  }

  /** The 10 GCP audit log entries, each as its JSON line. */
  static List<String> gcpEntries() {
    return new String(resource(GCP), StandardCharsets.UTF_8).lines().toList();
  }

  static byte[] json(Object tree) {
    return JsonTrees.toJson(tree).getBytes(StandardCharsets.UTF_8);
  }

  /** The event EventBridge emits for a CloudTrail record. */
  static byte[] eventBridge(Map<String, Object> record) {
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
    return json(event);
  }

  /** What {@code tfdrift replay} decodes from a sample file, in file order. */
  static List<AuditEvent> replayed(String name) {
    List<AuditEvent> events = new ArrayList<>();
    AuditFileReader.withBuiltInDecoders()
        .read(
            new ByteArrayInputStream(resource(name)),
            name,
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
}
