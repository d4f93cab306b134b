package io.tfdrift.falco;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One Falco alert as either transport delivers it: the JSON that {@code http_output} posts with
 * {@code json_output: true}, or a gRPC {@code falco.outputs.response}.
 *
 * <p>{@code outputFields} is normalised to text: strings as they are, numbers in their exact JSON
 * spelling ({@code 1784730281000000000} stays exact), booleans as {@code "true"}/{@code "false"},
 * objects and arrays as compact JSON; {@code null} values are dropped, and keys lose trailing
 * blanks (some hand-written rules produce {@code "gcp.userAgent "}).
 *
 * @param time when the event happened ({@link Instant#EPOCH} if the alert has no time)
 * @param priority Falco's priority name, e.g. {@code Warning}; empty if absent
 * @param rule the rule that fired; empty if absent
 * @param output the formatted output line; empty if absent
 * @param source the event source, e.g. {@code aws_cloudtrail}, {@code gcpaudit}
 * @param hostname the Falco host; empty if absent
 * @param tags the rule's tags
 * @param outputFields the rule's output fields, as text
 * @param deliveryId the id of this delivery, if the sender gives one (falcosidekick's {@code uuid},
 *     new for every alert it forwards); empty otherwise
 */
public record FalcoAlert(
    Instant time,
    String priority,
    String rule,
    String output,
    String source,
    String hostname,
    List<String> tags,
    Map<String, String> outputFields,
    String deliveryId) {

  /**
   * An alert without a delivery id, as Falco itself sends it.
   *
   * @param time when the event happened
   * @param priority Falco's priority name
   * @param rule the rule that fired
   * @param output the formatted output line
   * @param source the event source
   * @param hostname the Falco host
   * @param tags the rule's tags
   * @param outputFields the rule's output fields, as text
   */
  public FalcoAlert(
      Instant time,
      String priority,
      String rule,
      String output,
      String source,
      String hostname,
      List<String> tags,
      Map<String, String> outputFields) {
    this(time, priority, rule, output, source, hostname, tags, outputFields, "");
  }

  /** Validates that nothing is {@code null}; copies the collections. */
  public FalcoAlert {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(hostname, "hostname");
    tags = List.copyOf(tags);
    outputFields = Map.copyOf(outputFields);
    Objects.requireNonNull(deliveryId, "deliveryId");
  }

  /**
   * An output field, with Falco's "not available" markers ({@code <NA>}) read as absent.
   *
   * @param name the field name, e.g. {@code ct.name}
   * @return its value, or {@code ""}
   */
  public String field(String name) {
    String value = outputFields.get(name);
    if (value == null || value.equals("<NA>")) {
      return "";
    }
    return value;
  }
}
