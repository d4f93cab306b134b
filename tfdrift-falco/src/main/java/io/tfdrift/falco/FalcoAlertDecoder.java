package io.tfdrift.falco;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns Falco alerts from the official cloud plugins into {@link AuditEvent}s: {@code
 * aws_cloudtrail} alerts through the CloudTrail record path ({@link CloudTrailAlerts}), {@code
 * gcp_auditlog} / {@code gcpaudit} alerts through the GCP audit entry path ({@link
 * GcpAuditAlerts}). An alert whose output carries the whole request and response ({@code
 * ct.request}, {@code ct.response}) decodes to the same event as the CloudTrail record it came
 * from.
 *
 * <p>Also the {@code falco} format of {@code tfdrift replay}: Falco alert JSON lines (a file Falco
 * wrote with {@code file_output} and {@code json_output}) are offered here by {@link
 * io.tfdrift.core.decode.AuditFileReader}.
 *
 * <pre>{@code
 * AuditEvent event = new FalcoAlertDecoder().decode(FalcoAlertParser.parse(body, 0, body.length));
 * }</pre>
 *
 * <p>Thread-safe and stateless.
 */
public final class FalcoAlertDecoder implements AuditFormat {

  /** The value of {@link #format()}. */
  public static final String FORMAT = "falco";

  /** The event sources this decoder understands. */
  public static final List<String> SOURCES = List.of("aws_cloudtrail", "gcp_auditlog", "gcpaudit");

  /** Creates the decoder. */
  public FalcoAlertDecoder() {}

  /**
   * The format's name.
   *
   * @return {@link #FORMAT}
   */
  public String format() {
    return FORMAT;
  }

  /** Accepts an object with a string {@code source} and an object {@code output_fields}. */
  @Override
  public boolean accepts(Map<String, Object> object) {
    return object.get("source") instanceof String && object.get("output_fields") instanceof Map;
  }

  @Override
  public List<AuditEvent> decode(Map<String, Object> object) {
    return List.of(decode(FalcoAlertParser.fromTree(object)));
  }

  /**
   * Whether alerts of this source can be decoded.
   *
   * @param source an alert's {@code source}
   * @return {@code true} for {@link #SOURCES}
   */
  public static boolean supports(String source) {
    return switch (source) {
      case "aws_cloudtrail", "gcp_auditlog", "gcpaudit" -> true;
      default -> false;
    };
  }

  /**
   * Decodes one alert.
   *
   * @param alert the alert
   * @return the event
   * @throws IllegalArgumentException if the source is not one of {@link #SOURCES}, or a field the
   *     event needs is missing or malformed; the message names the rule, the field and the fix
   */
  public AuditEvent decode(FalcoAlert alert) {
    return switch (alert.source()) {
      case "aws_cloudtrail" -> CloudTrailAlerts.decode(alert);
      case "gcp_auditlog", "gcpaudit" -> GcpAuditAlerts.decode(alert);
      default ->
          throw new IllegalArgumentException(
              "alert from rule '"
                  + alert.rule()
                  + "' has source '"
                  + alert.source()
                  + "', which tfdrift does not decode; supported sources: "
                  + String.join(", ", SOURCES)
                  + " (load Falco's cloudtrail or gcpaudit plugin)");
    };
  }
}
