package io.tfdrift.core.decode;

import io.tfdrift.api.AuditEvent;
import java.util.List;
import java.util.Map;

/**
 * Turns one JSON object of a carrier format into {@link AuditEvent}s. {@link AuditFileReader}
 * offers every top-level object of a file to its decoders in order and uses the first that {@link
 * #accepts} it; a module adds its carrier (Falco alerts, say) by passing its own decoder.
 *
 * <pre>{@code
 * final class FalcoAlertDecoder implements AuditRecordDecoder {
 *   public String format() { return "falco"; }
 *   public boolean accepts(Map<String, Object> object) {
 *     return object.get("output_fields") instanceof Map && object.containsKey("source");
 *   }
 *   public List<AuditEvent> decode(Map<String, Object> object) { ... }
 * }
 * }</pre>
 *
 * <p>Implementations are stateless and thread-safe.
 */
public interface AuditRecordDecoder {

  /**
   * The format's name, used in messages and metrics.
   *
   * @return e.g. {@code "cloudtrail"}, {@code "gcp-audit"}
   */
  String format();

  /**
   * Whether the object is of this decoder's format. Cheap: looks at a few keys, never decodes.
   *
   * @param object a JSON object tree ({@link JsonTrees})
   * @return {@code true} if {@link #decode} should be given this object
   */
  boolean accepts(Map<String, Object> object);

  /**
   * Decodes an accepted object. One object may carry many events (a CloudTrail log file object), or
   * none that matter (then the list is empty; the caller does not report it).
   *
   * @param object a JSON object tree this decoder {@link #accepts}
   * @return the events, in the carrier's order
   * @throws IllegalArgumentException if the object is malformed; the message names the missing or
   *     bad field
   */
  List<AuditEvent> decode(Map<String, Object> object);
}
