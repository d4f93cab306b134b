package io.tfdrift.api;

/**
 * What a mutating cloud call did to the resource it names.
 *
 * @since 0.1.0
 */
public enum ChangeKind {
  /** The call created the resource. */
  CREATE,
  /** The call changed an existing resource (attributes, policies, tags, rules, ...). */
  UPDATE,
  /** The call deleted the resource. */
  DELETE
}
