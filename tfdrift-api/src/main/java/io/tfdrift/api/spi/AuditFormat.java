package io.tfdrift.api.spi;

import io.tfdrift.api.AuditEvent;
import java.util.List;
import java.util.Map;

/**
 * Turns the JSON objects of one audit log format into {@link AuditEvent}s. When tfdrift reads a
 * file ({@code tfdrift replay}), it offers every top-level object (or JSON line) to the installed
 * formats and lets the first that {@link #accepts} it {@link #decode} it. Made by an {@link
 * AuditFormatProvider}.
 *
 * <pre>{@code
 * final class AzureActivityFormat implements AuditFormat {
 *   public boolean accepts(Map<String, Object> object) {
 *     return object.get("operationName") instanceof String && object.containsKey("resourceId");
 *   }
 *   public List<AuditEvent> decode(Map<String, Object> object) {
 *     return List.of(AuditEvent.builder()
 *         .provider("azure").service("Microsoft.Compute")
 *         .action((String) object.get("operationName"))
 *         .resources(List.of((String) object.get("resourceId")))
 *         .build());
 *   }
 * }
 * }</pre>
 *
 * <p>Objects are JSON trees as {@link AuditEvent} describes them. Implementations are stateless and
 * thread-safe.
 *
 * @since 0.1.0
 */
public interface AuditFormat {

  /**
   * Whether the object is of this format. Cheap: looks at a few keys, never decodes. It must not
   * accept another format's objects, since the first format that accepts an object decodes it.
   *
   * @param object a JSON object tree
   * @return {@code true} if {@link #decode} should be given this object
   */
  boolean accepts(Map<String, Object> object);

  /**
   * Decodes an accepted object. One object may carry many events (a CloudTrail log file object), or
   * none that matter (then the list is empty).
   *
   * @param object a JSON object tree this format {@link #accepts}
   * @return the events, in the carrier's order
   * @throws IllegalArgumentException if the object is malformed; the message names the missing or
   *     bad field, and the object is reported as rejected
   */
  List<AuditEvent> decode(Map<String, Object> object);
}
