package io.tfdrift.core.decode;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.testkit.AuditFormatContractTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Core's own audit formats keep the contract a third-party format keeps. */
class BuiltInFormatsContractTest {

  static Map<String, Object> resource(String name) {
    try (InputStream in = BuiltInFormatsContractTest.class.getResourceAsStream(name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      // A JSON lines file gives its first entry.
      return JsonTrees.parseObject(
          name.endsWith(".ndjson") ? text.lines().findFirst().orElseThrow() : text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Nested
  class CloudTrail extends AuditFormatContractTest {
    private final Map<String, Object> record =
        resource("/samples/cloudtrail/ec2_StartInstances_1.json");

    @Override
    protected AuditFormatProvider provider() {
      return new BuiltInFormats.CloudTrail();
    }

    @Override
    protected Map<String, Object> record() {
      return record;
    }

    @Override
    protected AuditEvent expected() {
      return new CloudTrailDecoder().decodeRecord(record);
    }

    @Override
    protected Map<String, Object> malformed() {
      Map<String, Object> bad = new HashMap<>(record);
      bad.put("eventTime", "yesterday");
      return bad;
    }

    @Override
    protected List<Map<String, Object>> foreignRecords() {
      return List.of(
          Map.of("detail-type", "AWS API Call via CloudTrail", "detail", record),
          resource("/samples/gcp/audit.ndjson"),
          Map.of());
    }
  }

  @Nested
  class EventBridge extends AuditFormatContractTest {
    private final Map<String, Object> inner =
        resource("/samples/cloudtrail/ec2_StartInstances_1.json");

    @Override
    protected AuditFormatProvider provider() {
      return new BuiltInFormats.EventBridge();
    }

    @Override
    protected Map<String, Object> record() {
      return Map.of(
          "detail-type", "AWS API Call via CloudTrail",
          "id", "eb-1",
          "account", "123456789012",
          "region", "us-east-1",
          "detail", inner);
    }

    @Override
    protected AuditEvent expected() {
      return new CloudTrailDecoder().decode(record()).get(0);
    }

    @Override
    protected Map<String, Object> malformed() {
      Map<String, Object> bad = new HashMap<>(inner);
      bad.put("eventTime", "yesterday");
      return Map.of("detail-type", "AWS API Call via CloudTrail", "detail", bad);
    }

    @Override
    protected List<Map<String, Object>> foreignRecords() {
      return List.of(inner, Map.of("Records", List.of(inner)), Map.of());
    }
  }

  @Nested
  class GcpAudit extends AuditFormatContractTest {
    private final Map<String, Object> entry = resource("/samples/gcp/audit.ndjson");

    @Override
    protected AuditFormatProvider provider() {
      return new BuiltInFormats.GcpAudit();
    }

    @Override
    protected Map<String, Object> record() {
      return entry;
    }

    @Override
    protected AuditEvent expected() {
      return new GcpAuditDecoder().decode(entry).get(0);
    }

    @Override
    protected Map<String, Object> malformed() {
      return Map.of(
          "protoPayload",
          Map.of(
              "@type", GcpAuditDecoder.AUDIT_LOG_TYPE, "methodName", "v1.compute.instances.stop"));
    }

    @Override
    protected List<Map<String, Object>> foreignRecords() {
      return List.of(resource("/samples/cloudtrail/ec2_StartInstances_1.json"), Map.of());
    }
  }
}
