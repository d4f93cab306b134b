package io.tfdrift.core.mapping;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One row of a mapping table: a cloud call ({@code provider}, {@code service}, {@code action} as
 * written in the table, GCP without its {@code v1.}/{@code beta.} prefix), the Terraform {@code
 * type} it touches (or {@code typesByPrefix}, e.g. {@code sg-} → {@code aws_security_group}, for
 * calls such as {@code CreateTags} that take ids of many types), what the call does ({@code
 * change}), where its identifiers live ({@code ids}), how each Terraform attribute's new value is
 * read ({@code attributes}), and the table file it came from ({@code source}). When one service
 * logs one call name for different resources, each of its rows carries a {@code variant} label (the
 * table key {@code CreateStage (v2)}) and the {@code shape} a call must have for the row to apply.
 * An IAM row may also name the members its policy delta grants and revokes ({@code members}).
 */
final class EventMapping {
  private final String provider;
  private final String service;
  private final String action;
  private final String variant;
  private final CallShape shape;
  private final String type;
  private final Map<String, String> typesByPrefix;
  private final ChangeKind change;
  private final List<IdTemplate> ids;
  private final Map<String, AttributeRule> attributes;
  private final IamMemberDeltas members;
  private final String source;
  private final String outOfBand;
  private final Attachment attachment;
  private final RecordSetChanges recordSets;

  /**
   * The attachment resource a call may be modelled as instead of the row's own ({@code
   * AttachRolePolicy} on an {@code aws_iam_role_policy_attachment}): emitted just before the row's
   * match, whose type is the attachment type's parent, so that the detector reports the attachment
   * when state holds it and the row's resource otherwise.
   *
   * @param type the attachment's Terraform type
   * @param id its identifier, e.g. {@code {request.roleName}/{request.policyArn}}
   * @param change what the call does to it
   */
  record Attachment(String type, IdTemplate id, ChangeKind change) {}

  /** The attribute names and rules as arrays: iterating them on the hot path allocates nothing. */
  private final String[] attributeNames;

  private final AttributeRule[] attributeRules;

  EventMapping(
      String provider,
      String service,
      String action,
      String variant,
      CallShape shape,
      String type,
      Map<String, String> typesByPrefix,
      ChangeKind change,
      List<IdTemplate> ids,
      Map<String, AttributeRule> attributes,
      IamMemberDeltas members,
      String source,
      String outOfBand,
      Attachment attachment,
      RecordSetChanges recordSets) {
    this.provider = provider;
    this.service = service;
    this.action = action;
    this.variant = variant;
    this.shape = shape;
    this.type = type;
    this.typesByPrefix = Map.copyOf(typesByPrefix);
    this.change = change;
    this.ids = List.copyOf(ids);
    this.attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.members = members;
    this.source = source;
    this.outOfBand = outOfBand;
    this.attachment = attachment;
    this.recordSets = recordSets;
    this.attributeNames = this.attributes.keySet().toArray(new String[0]);
    this.attributeRules = this.attributes.values().toArray(new AttributeRule[0]);
  }

  String provider() {
    return provider;
  }

  String service() {
    return service;
  }

  String action() {
    return action;
  }

  /** The row's key in its table: the call name, and its variant label if it has one. */
  String key() {
    return variant.isEmpty() ? action : action + " (" + variant + ")";
  }

  /** The shape a call must have for this row to apply; {@code null} if any call of the name. */
  CallShape shape() {
    return shape;
  }

  /** Whether this row applies to a call of its name and service. */
  boolean appliesTo(AuditEvent event) {
    return shape == null || shape.matches(event);
  }

  String type() {
    return type;
  }

  Map<String, String> typesByPrefix() {
    return typesByPrefix;
  }

  ChangeKind change() {
    return change;
  }

  List<IdTemplate> ids() {
    return ids;
  }

  Map<String, AttributeRule> attributes() {
    return attributes;
  }

  String source() {
    return source;
  }

  /**
   * Why a call that seems to imply a value ({@code StartDBInstance}) deliberately reports no
   * attribute and stays {@code out_of_band}, as the table says; empty for other rows.
   */
  String outOfBand() {
    return outOfBand;
  }

  /** The attachment resource the call may be modelled as, or {@code null}. */
  Attachment attachment() {
    return attachment;
  }

  /** The IAM members the call's policy delta names, or {@code null} if the row has none. */
  /** The record sets a DNS change replaces, or {@code null}. */
  RecordSetChanges recordSets() {
    return recordSets;
  }

  IamMemberDeltas members() {
    return members;
  }

  /**
   * How one Terraform attribute's value is read from a call.
   *
   * @param path where the value is; a {@code []} path collects every value into a list; {@code
   *     null} for a constant
   * @param shaper what turns it into the provider's shape
   * @param merge {@code ""} to replace the state value; {@code add}/{@code remove} to change a set,
   *     {@code put}/{@code delete} to change a map (see {@link AttributeChange})
   * @param constant the value every call of the row sets ({@code EnableRule} sets {@code state} to
   *     {@code ENABLED}), or {@code null} to read it from the call
   * @param description the rule as written, for {@code tfdrift mappings}
   */
  record AttributeRule(
      ValuePath path,
      UnaryOperator<Object> shaper,
      String merge,
      Object constant,
      String description) {

    AttributeChange read(AuditEvent event) {
      if (constant != null) {
        return AttributeChange.set(constant);
      }
      Object raw;
      if (!path.present(event)) {
        return null;
      }
      if (path.fansOut()) {
        List<Object> all = new ArrayList<>();
        path.forEach(event, all::add);
        raw = all.isEmpty() ? null : all;
      } else {
        raw = path.first(event);
      }
      if (raw == null) {
        return null;
      }
      Object value = shaper.apply(raw);
      return value == null ? null : change(merge, value);
    }
  }

  /**
   * The change a table's {@code merge} names, applied to a value read from a call: a set's elements
   * are a list (one element read alone becomes a list of one), a map's entries a map, and the keys
   * to delete either the keys of a map ({@code DeleteTags}' {@code tagSet}) or a list. Returns
   * {@code null} when the value has the wrong shape for a map change.
   */
  static AttributeChange change(String merge, Object value) {
    return switch (merge) {
      case "" -> AttributeChange.set(value);
      case "add" -> AttributeChange.addToSet(value instanceof List<?> l ? l : List.of(value));
      case "remove" ->
          AttributeChange.removeFromSet(value instanceof List<?> l ? l : List.of(value));
      case "put" -> value instanceof Map<?, ?> m ? AttributeChange.putKeys(stringKeys(m)) : null;
      case "delete" -> AttributeChange.deleteKeys(keys(value));
      default -> throw new IllegalStateException("unknown merge " + merge);
    };
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static List<String> keys(Object value) {
    Iterable<?> keys =
        value instanceof Map<?, ?> m ? m.keySet() : value instanceof List<?> l ? l : List.of(value);
    List<String> out = new ArrayList<>();
    keys.forEach(k -> out.add(String.valueOf(k)));
    return out;
  }

  /**
   * The attributes the call set. Built as the immutable map {@link ResourceMatch} keeps, so that it
   * is not copied again; the common cases (none, one) allocate at most one small map.
   */
  private Map<String, AttributeChange> values(AuditEvent event) {
    String onlyName = null;
    AttributeChange onlyValue = null;
    Map<String, AttributeChange> many = null;
    for (int i = 0; i < attributeNames.length; i++) {
      AttributeChange v = attributeRules[i].read(event);
      if (v == null) {
        continue;
      }
      if (onlyName == null && many == null) {
        onlyName = attributeNames[i];
        onlyValue = v;
      } else {
        if (many == null) {
          many = new LinkedHashMap<>();
          many.put(onlyName, onlyValue);
        }
        many.put(attributeNames[i], v);
      }
    }
    if (many != null) {
      return Map.copyOf(many);
    }
    return onlyName == null ? Map.of() : Map.of(onlyName, onlyValue);
  }

  /**
   * The Terraform type of an id: the row's type, or the one {@code types_by_prefix} names for it —
   * by the id's prefix up to its first dash ({@code sg-}), by an ARN's resource type ({@code
   * arn:stateMachine} for {@code arn:aws:states:r:a:stateMachine:name}, {@code arn:file-system} for
   * {@code ...:file-system/fs-1}), by the collections of an ARN whose resource is a path ({@code
   * arn:/restapis/stages} for {@code arn:aws:apigateway:r::/restapis/a1b2/stages/prod}), or {@code
   * 0-9} for an id of digits only (an account id); empty if none.
   */
  String typeOf(String id) {
    if (typesByPrefix.isEmpty()) {
      return type;
    }
    String t = typesByPrefix.get(prefixKey(id));
    return t == null ? "" : t;
  }

  private static String prefixKey(String id) {
    if (id.startsWith("arn:")) {
      int at = 0;
      for (int field = 0; field < 5 && at >= 0; field++) {
        at = id.indexOf(':', at);
        at = at < 0 ? -1 : at + 1;
      }
      if (at < 0) {
        return "";
      }
      if (at < id.length() && id.charAt(at) == '/') {
        return "arn:" + collections(id, at);
      }
      int end = at;
      while (end < id.length() && id.charAt(end) != ':' && id.charAt(end) != '/') {
        end++;
      }
      return "arn:" + id.substring(at, end);
    }
    if (!id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "0-9";
    }
    int dash = id.indexOf('-');
    return dash < 0 ? "" : id.substring(0, dash + 1);
  }

  /**
   * The collections of an ARN whose resource is a path of collection/id pairs, as API Gateway's
   * are: {@code /restapis/a1b2/stages/prod} gives {@code /restapis/stages}.
   */
  private static String collections(String id, int at) {
    StringBuilder key = new StringBuilder();
    boolean collection = true;
    int start = at + 1;
    while (start <= id.length()) {
      int end = id.indexOf('/', start);
      end = end < 0 ? id.length() : end;
      if (collection) {
        key.append('/').append(id, start, end);
      }
      collection = !collection;
      start = end + 1;
    }
    return key.toString();
  }

  /**
   * This row's resources in the event. The common case, one identifier at one place and no IAM
   * member deltas, returns a one-element list without building a list first.
   */
  List<ResourceMatch> map(AuditEvent event) {
    IdTemplate first = ids.get(0);
    if (ids.size() == 1
        && !first.fansOut()
        && members == null
        && attachment == null
        && recordSets == null) {
      String id = first.single(event);
      if (id != null) {
        String t = typeOf(id);
        if (t.isEmpty()) {
          return List.of();
        }
        Map<String, AttributeChange> values =
            change == ChangeKind.DELETE ? Map.of() : values(event);
        return List.of(new ResourceMatch(t, List.of(id), change, values));
      }
    }
    List<ResourceMatch> out = new ArrayList<>(1);
    map(event, out);
    return out.isEmpty() ? List.of() : out;
  }

  /** Adds this row's resources in the event to {@code out}. */
  void map(AuditEvent event, List<ResourceMatch> out) {
    if (attachment != null) {
      attachment
          .id()
          .forEach(
              event,
              id ->
                  out.add(
                      new ResourceMatch(
                          attachment.type(), List.of(id), attachment.change(), Map.of())));
    }
    if (recordSets != null) {
      recordSets.map(event, type, ids.get(0), out);
      return;
    }
    mapIdentified(event, out);
    if (members != null) {
      members.map(event, out);
    }
  }

  /** The resources {@code ids} names. */
  private void mapIdentified(AuditEvent event, List<ResourceMatch> out) {
    Map<String, AttributeChange> values = change == ChangeKind.DELETE ? Map.of() : values(event);
    IdTemplate first = ids.get(0);
    if (first.fansOut()) {
      Map<String, AttributeChange> shared = values;
      first.forEach(
          event,
          id -> {
            String t = typeOf(id);
            if (!t.isEmpty()) {
              out.add(new ResourceMatch(t, List.of(id), change, shared));
            }
          });
      return;
    }
    if (ids.size() == 1) {
      String id = first.single(event);
      if (id != null) {
        String t = typeOf(id);
        if (!t.isEmpty()) {
          out.add(new ResourceMatch(t, List.of(id), change, values));
        }
        return;
      }
    }
    List<String> identifiers = new ArrayList<>(ids.size());
    for (IdTemplate id : ids) {
      id.forEach(
          event,
          v -> {
            if (!identifiers.contains(v)) {
              identifiers.add(v);
            }
          });
    }
    String t = identifiers.isEmpty() ? "" : typeOf(identifiers.get(0));
    if (!t.isEmpty()) {
      out.add(new ResourceMatch(t, identifiers, change, values));
    }
  }
}
