package io.tfdrift.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One resource that an {@link AuditEvent} touched, as a {@link io.tfdrift.api.spi.ResourceMapper}
 * understood it: which Terraform type, how to find it in state, what kind of change, and the new
 * attribute values it could extract.
 *
 * @param type the Terraform resource type, e.g. {@code aws_instance}
 * @param identifiers the values to find this one resource by in state, most specific first (id,
 *     ARN, name, self link, full resource path); never empty
 * @param change what the call did to the resource
 * @param attributes what the call did to each Terraform attribute it could be read for, by
 *     attribute name: a new value ({@link AttributeChange#set}) or a partial change of a set or a
 *     map ({@link AttributeChange#addToSet}, {@link AttributeChange#putKeys}, ...); empty if none
 *     could be extracted
 * @since 0.1.0
 */
public record ResourceMatch(
    String type,
    List<String> identifiers,
    ChangeKind change,
    Map<String, AttributeChange> attributes) {

  /** Validates the parts and copies the collections. */
  public ResourceMatch {
    Objects.requireNonNull(type, "type");
    identifiers = List.copyOf(identifiers);
    if (identifiers.isEmpty()) {
      throw new IllegalArgumentException("a ResourceMatch for " + type + " needs an identifier");
    }
    Objects.requireNonNull(change, "change");
    attributes = Map.copyOf(attributes);
  }

  /**
   * A match with no extracted attributes.
   *
   * @param type the Terraform resource type
   * @param identifier the one identifier to look the resource up by
   * @param change what the call did
   * @return the match
   */
  public static ResourceMatch of(String type, String identifier, ChangeKind change) {
    return new ResourceMatch(type, List.of(identifier), change, Map.of());
  }
}
