package io.tfdrift.core.mapping;

import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one row of a mapping table ({@code events.<key>} of a service's document) into an {@link
 * EventMapping}, checking every key: a wrong row fails with its file, key path and the fix.
 */
final class TableRowParser {
  /** A table key: the call name, optionally followed by a variant label in parentheses. */
  private static final Pattern KEY = Pattern.compile("([^\\s()]+)(?: \\(([^()]+)\\))?");

  private static final List<String> MERGES = List.of("add", "remove", "put", "delete");

  private TableRowParser() {}

  /**
   * Parses a row.
   *
   * @param provider the table's provider
   * @param service the document's service
   * @param key the row's key, e.g. {@code CreateStage (v2)}
   * @param row the row's map
   * @param source the document name
   * @throws ConfigException naming the key path of every problem of the row
   */
  static EventMapping parse(
      String provider, String service, String key, TableNode row, String source) {
    Matcher parts = KEY.matcher(key);
    if (!parts.matches()) {
      throw new ConfigException(
          row.path(), "a key is a call name, optionally with a variant label: CreateStage (v2)");
    }
    String action = parts.group(1);
    String variant = parts.group(2) == null ? "" : parts.group(2);
    Map<String, String> typesByPrefix = row.stringMap("types_by_prefix");
    String type = typesByPrefix.isEmpty() ? row.string("type") : row.string("type", "");
    for (String prefix : typesByPrefix.keySet()) {
      if (!(prefix.endsWith("-")
          || (prefix.startsWith("arn:") && prefix.length() > 4)
          || prefix.equals("0-9"))) {
        throw row.invalid(
            "types_by_prefix",
            "key '"
                + prefix
                + "' is not a prefix ending in - (sg-), an ARN resource type (arn:stateMachine)"
                + " or 0-9 (ids of digits only)");
      }
    }
    ChangeKind change = change(row);
    List<IdTemplate> ids = ids(row);
    Map<String, EventMapping.AttributeRule> attributes = new LinkedHashMap<>();
    TableNode attrs = row.child("attributes");
    for (String attribute : attrs.keys()) {
      attributes.put(attribute, attributeRule(attrs, attribute));
    }
    String outOfBand = outOfBand(row, attributes);
    CallShape shape = shape(row, variant);
    EventMapping.Attachment attachment = attachment(row);
    IamMemberDeltas members = members(row);
    RecordSetChanges recordSets = recordSets(row);
    List<String> unknown = row.unknownKeys();
    if (!unknown.isEmpty()) {
      throw new ConfigException(unknown);
    }
    return new EventMapping(
        provider,
        service,
        action,
        variant,
        shape,
        type,
        typesByPrefix,
        change,
        ids,
        attributes,
        members,
        source,
        outOfBand,
        attachment,
        recordSets);
  }

  /**
   * {@code record_sets: request.change}: where a DNS change lists the record sets it adds and
   * deletes; the row's {@code ids} template is then their collection ({@code <zone id>/rrsets}).
   */
  private static RecordSetChanges recordSets(TableNode row) {
    Object spec = row.raw("record_sets");
    if (spec == null) {
      return null;
    }
    if (!(spec instanceof String path)) {
      throw row.invalid(
          "record_sets", "write the path of the change's additions and deletions: request.change");
    }
    try {
      return new RecordSetChanges(ValuePath.parse(path));
    } catch (IllegalArgumentException e) {
      throw row.invalid("record_sets", e.getMessage());
    }
  }

  /**
   * {@code attachment: {type: aws_iam_role_policy_attachment, id: "{request.roleName}/{...}",
   * change: create}}: the resource the call is modelled as when state holds one.
   */
  private static EventMapping.Attachment attachment(TableNode row) {
    Object spec = row.raw("attachment");
    if (spec == null) {
      return null;
    }
    String problem = "write {type: <attachment type>, id: <id template>, change: create|delete}";
    if (!(spec instanceof Map<?, ?> m)
        || m.size() != 3
        || !(m.get("type") instanceof String type)
        || !(m.get("id") instanceof String id)
        || !(m.get("change") instanceof String change)
        || !List.of("create", "delete").contains(change)) {
      throw row.invalid("attachment", problem);
    }
    try {
      return new EventMapping.Attachment(
          type, IdTemplate.parse(id, ""), ChangeKind.valueOf(change.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw row.invalid("attachment", e.getMessage());
    }
  }

  /**
   * {@code out_of_band: <reason>}: the row deliberately extracts nothing although its name implies
   * a value (the provider keeps no attribute for it, or the value is a nested block a constant
   * cannot express). The reason is required, and a row that extracts attributes has none.
   */
  private static String outOfBand(
      TableNode row, Map<String, EventMapping.AttributeRule> attributes) {
    String reason = row.string("out_of_band", "").strip();
    if (!row.has("out_of_band")) {
      return "";
    }
    if (reason.isEmpty()) {
      throw row.invalid(
          "out_of_band", "empty; say why the call stays out_of_band, e.g. \"no state attribute\"");
    }
    if (!attributes.isEmpty()) {
      throw row.invalid(
          "out_of_band", "the row extracts attributes; remove out_of_band or the attributes");
    }
    return reason;
  }

  private static ChangeKind change(TableNode row) {
    String text = row.string("change");
    try {
      return ChangeKind.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw row.invalid("change", "'" + text + "'; use create, update or delete");
    }
  }

  /** The {@code ids} entries: a path, or a list of paths and {@code {path, as}} maps. */
  private static List<IdTemplate> ids(TableNode row) {
    Object raw = row.raw("ids");
    List<?> entries = raw instanceof List<?> list ? list : raw == null ? List.of() : List.of(raw);
    List<IdTemplate> ids = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      ids.add(id(row, i, entries.get(i)));
    }
    if (ids.isEmpty()) {
      throw row.invalid(
          "ids", "missing; say where the resource's identifier is, e.g. request.name");
    }
    return ids;
  }

  private static IdTemplate id(TableNode row, int i, Object entry) {
    String path;
    String as = "";
    if (entry instanceof Map<?, ?> m) {
      if (!(m.get("path") instanceof String p) || !List.of("path", "as").containsAll(m.keySet())) {
        throw row.invalid(
            "ids[" + i + "]", "write a path, or {path: <path>, as: arn_name|last_segment}");
      }
      path = p;
      as = m.get("as") == null ? "" : String.valueOf(m.get("as"));
    } else if (entry instanceof String text) {
      path = text;
    } else {
      throw row.invalid("ids[" + i + "]", "write a path such as request.instanceId");
    }
    try {
      return IdTemplate.parse(path, as);
    } catch (IllegalArgumentException e) {
      throw row.invalid("ids", e.getMessage());
    }
  }

  private static EventMapping.AttributeRule attributeRule(TableNode attrs, String attribute) {
    Object spec = attrs.raw(attribute);
    if (spec instanceof Map<?, ?> m && m.containsKey("value")) {
      return constantRule(attrs, attribute, m);
    }
    String path;
    String as = "value";
    String merge = "";
    if (spec instanceof Map<?, ?>) {
      TableNode rule = attrs.child(attribute);
      path = rule.string("path");
      as = rule.string("as", "value");
      merge = rule.string("merge", "");
      if (!merge.isEmpty() && !MERGES.contains(merge)) {
        throw rule.invalid("merge", "'" + merge + "'; use add, remove, put or delete");
      }
    } else {
      path = attrs.string(attribute);
    }
    var shaper = Extractors.BY_NAME.get(as);
    if (shaper == null) {
      throw attrs.invalid(
          attribute, "unknown shaper 'as: " + as + "'; known: " + Extractors.names());
    }
    try {
      return new EventMapping.AttributeRule(
          ValuePath.parse(path),
          shaper,
          merge,
          null,
          path
              + (as.equals("value") ? "" : " as " + as)
              + (merge.isEmpty() ? "" : " (" + merge + ")"));
    } catch (IllegalArgumentException e) {
      throw attrs.invalid(attribute, e.getMessage());
    }
  }

  /**
   * {@code state: {value: ENABLED}}: the value a call sets by what it is ({@code EnableRule}), not
   * by a request field.
   */
  private static EventMapping.AttributeRule constantRule(
      TableNode attrs, String attribute, Map<?, ?> spec) {
    Object value = spec.get("value");
    boolean scalar = value instanceof String || value instanceof Boolean || value instanceof Number;
    if (spec.size() != 1 || !scalar) {
      throw attrs.invalid(
          attribute, "write {value: <text, number or boolean>} alone for a value the call implies");
    }
    Object plain = value instanceof Integer i ? Long.valueOf(i) : value;
    return new EventMapping.AttributeRule(null, v -> v, "", plain, "= " + plain);
  }

  /** {@code members: {type, of}}: the IAM members a policy delta names, or {@code null}. */
  private static IamMemberDeltas members(TableNode row) {
    Object spec = row.raw("members");
    if (spec == null) {
      return null;
    }
    String problem =
        "write {type: <google_..._iam_member>, of: <path to the policy holder's id>} (of may be"
            + " {path, as: last_segment})";
    if (!(spec instanceof Map<?, ?> m)
        || m.size() != 2
        || !(m.get("type") instanceof String type)
        || m.get("of") == null) {
      throw row.invalid("members", problem);
    }
    try {
      Object of = m.get("of");
      IdTemplate template =
          of instanceof Map<?, ?> o && o.get("path") instanceof String path
              ? IdTemplate.parse(path, o.get("as") == null ? "" : String.valueOf(o.get("as")))
              : IdTemplate.parse(String.valueOf(of), "");
      return new IamMemberDeltas(type, template);
    } catch (IllegalArgumentException e) {
      throw row.invalid("members", e.getMessage());
    }
  }

  /** The row's {@code when:} shape, or {@code null}; a row with a variant label needs one. */
  private static CallShape shape(TableNode row, String variant) {
    Object when = row.raw("when");
    if (when == null) {
      if (!variant.isEmpty()) {
        throw row.invalid(
            "when",
            "missing; a row with a variant label says which calls it takes, e.g. when:"
                + " request.apiId");
      }
      return null;
    }
    try {
      return CallShape.parse(when);
    } catch (IllegalArgumentException e) {
      throw row.invalid("when", e.getMessage());
    }
  }
}
