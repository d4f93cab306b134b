package io.tfdrift.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a call did to one Terraform attribute: replaced its value, or changed part of a set or a
 * map. A {@link ResourceMatch} carries one per attribute it could extract; the detector applies a
 * partial change to the value in state to get the new value, so that re-adding what is already
 * there, or deleting a tag that is not, is no drift.
 *
 * <pre>{@code
 * // CreateTags: two tags put, every other tag kept
 * AttributeChange.putKeys(Map.of("env", "prod", "team", "data"))
 * // AttachRolePolicy: one ARN added to a set
 * AttributeChange.addToSet(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"))
 * // ModifyInstanceAttribute: the whole value replaced
 * AttributeChange.set("t3.large")
 * }</pre>
 *
 * <p>Values are JSON trees in the shape the provider's state uses (nested blocks as lists of
 * objects, tags as maps, policies as parsed JSON): {@link Map} with string keys, {@link List},
 * {@link String}, {@link Boolean}, {@link Number}.
 *
 * @since 0.1.0
 */
public sealed interface AttributeChange
    permits AttributeChange.SetValue,
        AttributeChange.AddToSet,
        AttributeChange.RemoveFromSet,
        AttributeChange.PutKeys,
        AttributeChange.DeleteKeys {

  /**
   * The attribute's new value, replacing the old one.
   *
   * @param value the new value
   * @return the change
   */
  static SetValue set(Object value) {
    return new SetValue(value);
  }

  /**
   * Elements added to a set (a list in state, compared without regard to order).
   *
   * @param elements the elements added
   * @return the change
   */
  static AddToSet addToSet(List<?> elements) {
    return new AddToSet(elements);
  }

  /**
   * Elements removed from a set.
   *
   * @param elements the elements removed
   * @return the change
   */
  static RemoveFromSet removeFromSet(List<?> elements) {
    return new RemoveFromSet(elements);
  }

  /**
   * Entries put into a map (tags, labels), overwriting the keys they name.
   *
   * @param entries the entries put
   * @return the change
   */
  static PutKeys putKeys(Map<String, ?> entries) {
    return new PutKeys(entries);
  }

  /**
   * Keys removed from a map.
   *
   * @param keys the keys removed
   * @return the change
   */
  static DeleteKeys deleteKeys(List<String> keys) {
    return new DeleteKeys(keys);
  }

  /**
   * The attribute's new value, replacing the old one.
   *
   * @param value the new value; not {@code null}
   * @since 0.1.0
   */
  record SetValue(Object value) implements AttributeChange {
    /** Validates that the value is not {@code null}. */
    public SetValue {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Elements added to a set.
   *
   * @param elements the elements added; not empty
   * @since 0.1.0
   */
  record AddToSet(List<?> elements) implements AttributeChange {
    /** Validates and copies the elements. */
    public AddToSet {
      elements = List.copyOf(elements);
    }
  }

  /**
   * Elements removed from a set.
   *
   * @param elements the elements removed
   * @since 0.1.0
   */
  record RemoveFromSet(List<?> elements) implements AttributeChange {
    /** Validates and copies the elements. */
    public RemoveFromSet {
      elements = List.copyOf(elements);
    }
  }

  /**
   * Entries put into a map, overwriting the keys they name.
   *
   * @param entries the entries put
   * @since 0.1.0
   */
  record PutKeys(Map<String, ?> entries) implements AttributeChange {
    /** Validates and copies the entries. */
    public PutKeys {
      entries = Map.copyOf(entries);
    }
  }

  /**
   * Keys removed from a map.
   *
   * @param keys the keys removed
   * @since 0.1.0
   */
  record DeleteKeys(List<String> keys) implements AttributeChange {
    /** Validates and copies the keys. */
    public DeleteKeys {
      keys = List.copyOf(keys);
    }
  }
}
