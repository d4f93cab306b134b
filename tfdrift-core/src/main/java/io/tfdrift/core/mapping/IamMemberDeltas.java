package io.tfdrift.core.mapping;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.core.json.JsonTrees;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The IAM members a {@code SetIamPolicy} call granted or revoked, one resource each: GCP audit
 * entries itemise the change in {@code serviceData.policyDelta.bindingDeltas} ({@code {action:
 * ADD|REMOVE, role, member, condition}}), which decoders keep as the {@code gcp.policyDelta}
 * attribute. Each delta names the provider's {@code google_*_iam_member} resource: id {@code
 * <resource id>/<role>/<member>}, the member's value lower-cased as the provider stores it (except
 * the case-sensitive principal types), followed by {@code /<title>/<description>/<expression>} for
 * a conditional binding. An {@code ADD} creates that member, a {@code REMOVE} deletes it.
 *
 * <p>Written in a table as {@code members: {type: google_folder_iam_member, of: resource}}, where
 * {@code of} says where the provider's id of the resource holding the policy is (a path, or {@code
 * {path, as: last_segment}}).
 */
final class IamMemberDeltas {
  /** The event attribute decoders put the policy delta in, as JSON text. */
  static final String ATTRIBUTE = "gcp.policyDelta";

  private final String type;
  private final IdTemplate of;

  IamMemberDeltas(String type, IdTemplate of) {
    this.type = type;
    this.of = of;
  }

  String type() {
    return type;
  }

  /** Adds one match per binding delta of the call to {@code out}. */
  void map(AuditEvent event, List<ResourceMatch> out) {
    String text = event.attributes().get(ATTRIBUTE);
    if (text == null
        || !(JsonTrees.parseEmbedded(text) instanceof Map<?, ?> delta)
        || !(delta.get("bindingDeltas") instanceof List<?> deltas)) {
      return;
    }
    String[] parent = new String[1];
    of.forEach(
        event,
        id -> {
          if (parent[0] == null) {
            parent[0] = id;
          }
        });
    if (parent[0] == null) {
      return;
    }
    for (Object item : deltas) {
      if (item instanceof Map<?, ?> binding) {
        ResourceMatch match = match(parent[0], binding);
        if (match != null) {
          ResourceMatch authoritative = bindingMatch(parent[0], binding, match);
          if (authoritative != null) {
            out.add(authoritative);
          }
          out.add(match);
        }
      }
    }
  }

  /**
   * The same delta as a change of the {@code google_*_iam_binding} that manages the role
   * authoritatively (id {@code <resource id>/<role>}): its {@code members} gain or lose the member.
   * It comes right before the member's match, and the detector keeps the binding when state holds
   * it, else the member ({@code related-types.txt}). A conditional delta is left to the member: a
   * conditional binding's id carries the condition's title, which the delta does not match
   * reliably.
   */
  private ResourceMatch bindingMatch(String parent, Map<?, ?> binding, ResourceMatch member) {
    if (!type.endsWith(MEMBER_SUFFIX) || binding.get("condition") instanceof Map<?, ?>) {
      return null;
    }
    String bindingType = type.substring(0, type.length() - MEMBER_SUFFIX.length()) + "_binding";
    String role = (String) binding.get("role");
    List<Object> members = List.of(normalisedMember((String) binding.get("member")));
    AttributeChange change =
        member.change() == ChangeKind.CREATE
            ? new AttributeChange.AddToSet(members)
            : new AttributeChange.RemoveFromSet(members);
    return new ResourceMatch(
        bindingType, List.of(parent + "/" + role), ChangeKind.UPDATE, Map.of("members", change));
  }

  private static final String MEMBER_SUFFIX = "_member";

  private ResourceMatch match(String parent, Map<?, ?> binding) {
    ChangeKind change =
        switch (String.valueOf(binding.get("action"))) {
          case "ADD" -> ChangeKind.CREATE;
          case "REMOVE" -> ChangeKind.DELETE;
          default -> null;
        };
    if (change == null
        || !(binding.get("role") instanceof String role)
        || role.isEmpty()
        || !(binding.get("member") instanceof String member)
        || member.isEmpty()) {
      return null;
    }
    String id = parent + "/" + role + "/" + normalisedMember(member);
    if (binding.get("condition") instanceof Map<?, ?> condition) {
      id += "/" + text(condition, "title") + "/" + text(condition, "description");
      id += "/" + text(condition, "expression");
    }
    return new ResourceMatch(type, List.of(id), change, Map.of());
  }

  private static String text(Map<?, ?> map, String key) {
    Object v = map.get(key);
    return v == null ? "" : v.toString();
  }

  /**
   * A member as the provider writes it into ids: {@code <type>:<value>} with the value lower-cased
   * ({@code user:Ana@Example.com} → {@code user:ana@example.com}), also behind a {@code deleted:}
   * or {@code iamMember:} prefix; {@code allUsers}, {@code allAuthenticatedUsers} and the {@code
   * principal:}, {@code principalSet:}, {@code principalHierarchy:} types are case-sensitive and
   * kept.
   */
  static String normalisedMember(String member) {
    String prefix = "";
    String rest = member;
    for (String wrapper : List.of("deleted:", "iamMember:")) {
      if (rest.startsWith(wrapper)) {
        prefix = wrapper;
        rest = rest.substring(wrapper.length());
        break;
      }
    }
    if (caseSensitive(rest)) {
      return member;
    }
    int colon = rest.indexOf(':');
    if (colon < 0) {
      return member;
    }
    return prefix
        + rest.substring(0, colon + 1)
        + rest.substring(colon + 1).toLowerCase(Locale.ROOT);
  }

  private static boolean caseSensitive(String principal) {
    return principal.contains("allAuthenticatedUsers")
        || principal.contains("allUsers")
        || principal.startsWith("principalSet:")
        || principal.startsWith("principal:")
        || principal.startsWith("principalHierarchy:");
  }

  /** The rule in words, for {@code tfdrift mappings} and docs. */
  @Override
  public String toString() {
    return "each gcp.policyDelta binding delta → <"
        + of
        + ">/<role>/<member> as "
        + type
        + " (ADD creates, REMOVE deletes)";
  }
}
