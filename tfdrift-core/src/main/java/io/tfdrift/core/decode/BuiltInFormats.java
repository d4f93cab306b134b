package io.tfdrift.core.decode;

import com.google.auto.service.AutoService;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;
import java.util.List;
import java.util.Map;

/**
 * The audit formats core registers through {@link AuditFormatProvider}, as a third-party format
 * would: CloudTrail records and log files, CloudTrail records in EventBridge envelopes, and GCP
 * audit log entries.
 */
final class BuiltInFormats {
  private BuiltInFormats() {}

  /** Format {@code cloudtrail}: a CloudTrail record, or a log file's {@code {"Records": [...]}}. */
  @AutoService(AuditFormatProvider.class)
  public static final class CloudTrail implements AuditFormatProvider {
    /** Creates the provider; ServiceLoader calls this. */
    public CloudTrail() {}

    @Override
    public String type() {
      return CloudTrailDecoder.FORMAT;
    }

    @Override
    public AuditFormat create(ComponentConfig config) {
      CloudTrailDecoder decoder = new CloudTrailDecoder();
      return new AuditFormat() {
        @Override
        public boolean accepts(Map<String, Object> object) {
          return CloudTrailDecoder.isRecord(object) || object.get("Records") instanceof List<?>;
        }

        @Override
        public List<AuditEvent> decode(Map<String, Object> object) {
          return decoder.decode(object);
        }
      };
    }
  }

  /**
   * Format {@code eventbridge}: a CloudTrail record in an EventBridge envelope ({@code
   * "detail-type": "AWS API Call via CloudTrail"}), as an EventBridge rule delivers it.
   */
  @AutoService(AuditFormatProvider.class)
  public static final class EventBridge implements AuditFormatProvider {
    /** Creates the provider; ServiceLoader calls this. */
    public EventBridge() {}

    @Override
    public String type() {
      return "eventbridge";
    }

    @Override
    public AuditFormat create(ComponentConfig config) {
      CloudTrailDecoder decoder = new CloudTrailDecoder();
      return new AuditFormat() {
        @Override
        public boolean accepts(Map<String, Object> object) {
          return CloudTrailDecoder.isEnvelope(object);
        }

        @Override
        public List<AuditEvent> decode(Map<String, Object> object) {
          return decoder.decode(object);
        }
      };
    }
  }

  /** Format {@code gcp-audit}: a Cloud Logging {@code LogEntry} holding an audit log. */
  @AutoService(AuditFormatProvider.class)
  public static final class GcpAudit implements AuditFormatProvider {
    /** Creates the provider; ServiceLoader calls this. */
    public GcpAudit() {}

    @Override
    public String type() {
      return GcpAuditDecoder.FORMAT;
    }

    @Override
    public AuditFormat create(ComponentConfig config) {
      return new GcpAuditDecoder();
    }
  }
}
