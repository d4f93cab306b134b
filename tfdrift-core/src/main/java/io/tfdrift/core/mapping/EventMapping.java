package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One row of a mapping table: a cloud call, the Terraform type it touches, where its identifiers
 * live and which attributes it sets.
 *
 * @param provider {@code aws} or {@code gcp}
 * @param service the service, e.g. {@code ec2.amazonaws.com}
 * @param action the call as written in the table (GCP without its {@code v1.}/{@code beta.} prefix)
 * @param type the Terraform resource type; empty when {@code typesByPrefix} decides per id
 * @param typesByPrefix the Terraform type for each id prefix ({@code sg-} → {@code
 *     aws_security_group}), for calls such as {@code CreateTags} that take ids of many types
 * @param change what the call does to the resource
 * @param ids where the identifiers live
 * @param attributes how each Terraform attribute's new value is read
 * @param source the table file, for messages
 */
record EventMapping(
    String provider,
    String service,
    String action,
    String type,
    Map<String, String> typesByPrefix,
    ChangeKind change,
    List<IdTemplate> ids,
    Map<String, AttributeRule> attributes,
    String source) {

  EventMapping {
    typesByPrefix = Map.copyOf(typesByPrefix);
    ids = List.copyOf(ids);
    attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /**
   * How one Terraform attribute's value is read from a call.
   *
   * @param path where the value is; a {@code []} path collects every value into a list
   * @param shaper what turns it into the provider's shape
   * @param merge {@code ""} to replace the state value; {@code add}/{@code remove} to change a set,
   *     {@code put}/{@code delete} to change a map (see {@link SetChange})
   * @param description the rule as written, for {@code tfdrift mappings}
   */
  record AttributeRule(
      ValuePath path, UnaryOperator<Object> shaper, String merge, String description) {

    Object read(AuditEvent event) {
      Object raw;
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
      if (value == null || merge.isEmpty()) {
        return value;
      }
      SetChange.Op op = SetChange.Op.parse(merge);
      boolean listOp = op == SetChange.Op.ADD || op == SetChange.Op.REMOVE;
      Object operand = listOp && !(value instanceof List<?>) ? List.of(value) : value;
      return new SetChange(op, operand, shaper == Extractors.BY_NAME.get("sg_rules"));
    }
  }

  /** The Terraform type of an id: the row's type, or the one its prefix names; empty if none. */
  String typeOf(String id) {
    if (typesByPrefix.isEmpty()) {
      return type;
    }
    int dash = id.indexOf('-');
    String t = dash < 0 ? null : typesByPrefix.get(id.substring(0, dash + 1));
    return t == null ? "" : t;
  }

  /** Adds this row's resources in the event to {@code out}. */
  void map(AuditEvent event, List<ResourceMatch> out) {
    Map<String, Object> values = Map.of();
    if (change != ChangeKind.DELETE && !attributes.isEmpty()) {
      values = new LinkedHashMap<>();
      for (Map.Entry<String, AttributeRule> a : attributes.entrySet()) {
        Object v = a.getValue().read(event);
        if (v != null) {
          values.put(a.getKey(), v);
        }
      }
    }
    IdTemplate first = ids.get(0);
    if (first.fansOut()) {
      Map<String, Object> shared = values;
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
    if (!identifiers.isEmpty()) {
      out.add(new ResourceMatch(type, identifiers, change, values));
    }
  }
}
