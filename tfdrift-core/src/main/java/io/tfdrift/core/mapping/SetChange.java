package io.tfdrift.core.mapping;

import java.util.Locale;
import java.util.Objects;

/**
 * An attribute value that a call changed in part rather than replaced: {@code
 * AuthorizeSecurityGroupIngress} adds rules to {@code ingress}, {@code AttachRolePolicy} adds an
 * ARN to {@code managed_policy_arns}, {@code CreateTags} puts keys into {@code tags}. The detector
 * applies it to the state's value to get the new value, so that re-adding what is already there is
 * no drift. Internal to core: a {@link io.tfdrift.api.ResourceMatch} from a third-party mapper
 * carries plain values.
 *
 * @param op what the call did
 * @param value the elements (a list) for {@code add}/{@code remove}, the entries (a map) for {@code
 *     put}, the keys (a map or list) for {@code delete}
 * @param securityGroupRules whether the elements are security group rule blocks, compared by {@link
 *     SecurityGroupRules#atoms atoms}
 */
public record SetChange(Op op, Object value, boolean securityGroupRules) {

  /** How a partial change combines with the state's value. */
  public enum Op {
    /** Adds elements to a list (a set in Terraform). */
    ADD,
    /** Removes elements from a list. */
    REMOVE,
    /** Puts entries into a map, overwriting keys. */
    PUT,
    /** Removes keys from a map. */
    DELETE;

    static Op parse(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }

  /** Validates that no part is {@code null}. */
  public SetChange {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
  }
}
