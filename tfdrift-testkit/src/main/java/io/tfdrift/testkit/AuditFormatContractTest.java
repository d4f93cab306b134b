package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link AuditFormatProvider} keeps: it is discoverable under its type, it
 * decodes a real record of its format, it leaves other formats' records alone (the first format
 * that accepts an object decodes it), and it reports a malformed record of its own format with an
 * {@link IllegalArgumentException} rather than any other failure.
 *
 * <pre>{@code
 * class AzureActivityFormatContractTest extends AuditFormatContractTest {
 *   protected AuditFormatProvider provider() { return new AzureActivityFormatProvider(); }
 *   protected Map<String, Object> record() { return Json.parse(read("activity.json")); }
 *   protected AuditEvent expected() { return AuditEvent.builder()...build(); }
 *   protected Map<String, Object> malformed() { return Map.of("operationName", 42); }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public abstract class AuditFormatContractTest {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract AuditFormatProvider provider();

  /**
   * A real record of the format, as a JSON object tree.
   *
   * @return the record
   */
  protected abstract Map<String, Object> record();

  /**
   * The first event {@link #record()} decodes to.
   *
   * @return the expected event
   */
  protected abstract AuditEvent expected();

  /**
   * An object the format accepts but cannot decode (a required field missing or of the wrong type).
   *
   * @return the malformed object
   */
  protected abstract Map<String, Object> malformed();

  /**
   * Records of other formats, which this format must not accept. The default is a CloudTrail
   * record, a GCP audit log entry, a Falco alert and an empty object; a format that is one of these
   * overrides it to leave its own out.
   *
   * @return the foreign records
   */
  protected List<Map<String, Object>> foreignRecords() {
    return List.of(
        Map.of(
            "eventVersion", "1.08",
            "eventSource", "ec2.amazonaws.com",
            "eventName", "StopInstances",
            "eventTime", "2026-11-23T09:30:00Z"),
        Map.of(
            "protoPayload",
            Map.of(
                "@type", "type.googleapis.com/google.cloud.audit.AuditLog",
                "methodName", "v1.compute.instances.stop"),
            "insertId",
            "x1"),
        Map.of("source", "aws_cloudtrail", "output_fields", Map.of("ct.name", "StopInstances")),
        Map.of());
  }

  private AuditFormat format() {
    return provider().create(TestConfigs.of("formats." + provider().type(), Map.of()));
  }

  @Test
  void isFoundByServiceLoaderUnderItsType() {
    String type = provider().type();
    assertThat(ServiceLoader.load(AuditFormatProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo(type));
  }

  @Test
  void decodesARecordOfItsFormat() {
    AuditFormat format = format();
    assertThat(format.accepts(record())).isTrue();
    assertThat(format.decode(record())).first().isEqualTo(expected());
  }

  @Test
  void leavesOtherFormatsAlone() {
    AuditFormat format = format();
    assertThat(foreignRecords())
        .allSatisfy(r -> assertThat(format.accepts(r)).as("%s", r).isFalse());
  }

  @Test
  void reportsAMalformedRecordAsAnIllegalArgument() {
    AuditFormat format = format();
    Map<String, Object> bad = malformed();
    assertThat(format.accepts(bad)).as("the malformed record is one of this format's").isTrue();
    assertThatThrownBy(() -> format.decode(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("Exception");
  }
}
