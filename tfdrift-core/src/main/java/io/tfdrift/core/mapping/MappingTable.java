package io.tfdrift.core.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.ResourceMatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mapping tables of one provider, loaded from YAML resource files and indexed by call name.
 * Lookup is two hash probes; the Lambda and CloudFront APIs' dated call names ({@code
 * UpdateFunctionConfiguration20150331v2}, {@code UpdateDistribution2020_05_31}) and GCP's versioned
 * method names ({@code v1.compute.instances.setLabels}) are normalised only when the exact name
 * misses. When a service logs one call name for different resources, each of its rows names the
 * request shape it takes ({@link CallShape}).
 */
public final class MappingTable {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String ROOT = "io/tfdrift/core/mapping/";

  private final String provider;
  private final Map<String, EventMapping[]> byAction;
  private final List<EventMapping> rows;

  private MappingTable(String provider, List<EventMapping> rows) {
    this.provider = provider;
    this.rows = List.copyOf(rows);
    Map<String, List<EventMapping>> grouped = new HashMap<>();
    for (EventMapping row : rows) {
      grouped.computeIfAbsent(row.action(), a -> new ArrayList<>()).add(row);
    }
    Map<String, EventMapping[]> index = new HashMap<>();
    grouped.forEach((action, list) -> index.put(action, list.toArray(EventMapping[]::new)));
    this.byAction = index;
  }

  /**
   * Loads the built-in tables of a provider: every file listed in {@code
   * io/tfdrift/core/mapping/<provider>/catalog.txt}.
   *
   * @param provider {@code aws} or {@code gcp}
   * @return the table
   * @throws ConfigException listing every problem in the tables, with file and key path
   */
  public static MappingTable builtIn(String provider) {
    List<String> files = new ArrayList<>();
    String catalog = ROOT + provider + "/catalog.txt";
    try (InputStream in = resource(catalog);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(l -> files.add(ROOT + provider + "/" + l));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String file : files) {
      try (InputStream in = resource(file)) {
        docs.add(read(file, in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fromDocuments(provider, files, docs);
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = MappingTable.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException("mapping table resource " + name + " is missing from the jar");
    }
    return in;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(String file, InputStream in) {
    try {
      return YAML.readValue(in, Map.class);
    } catch (IOException e) {
      throw new ConfigException(file, "not valid YAML: " + e.getMessage());
    }
  }

  /**
   * Builds a table from parsed YAML documents (one per service), validating every row.
   *
   * @param provider the provider the documents must declare
   * @param names the document names, for messages
   * @param docs the documents
   * @return the table
   * @throws ConfigException listing every problem, with document name and key path
   */
  public static MappingTable fromDocuments(
      String provider, List<String> names, List<Map<String, Object>> docs) {
    List<EventMapping> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, List<EventMapping>> seen = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      String name = names.get(i);
      ComponentConfig doc = ComponentConfig.of(name, docs.get(i));
      try {
        String declared = doc.string("provider");
        if (!declared.equals(provider)) {
          problems.add(
              name + ".provider: '" + declared + "' but this is the " + provider + " table");
        }
        String service = doc.string("service");
        ComponentConfig events = doc.child("events");
        for (String action : events.keys()) {
          try {
            EventMapping row =
                row(
                    provider,
                    service,
                    action,
                    events.child(action),
                    rawRow(docs.get(i), action),
                    name);
            List<EventMapping> same =
                seen.computeIfAbsent(service + " " + row.action(), k -> new ArrayList<>());
            String clash = clash(row, same);
            if (clash != null) {
              problems.add(name + ".events." + action + ": " + clash);
            } else {
              same.add(row);
              rows.add(row);
            }
          } catch (ConfigException e) {
            problems.addAll(e.problems());
          }
        }
        problems.addAll(doc.unknownKeys());
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new MappingTable(provider, rows);
  }

  /**
   * Why a row cannot join the rows already mapping its call in its service, or {@code null}: rows
   * sharing a call must each name the shape of call they take, and no two the same shape.
   */
  private static String clash(EventMapping row, List<EventMapping> same) {
    if (same.isEmpty()) {
      return null;
    }
    boolean shaped = row.shape() != null && same.stream().allMatch(r -> r.shape() != null);
    if (!shaped) {
      return "also mapped in "
          + same.get(0).source()
          + " as "
          + same.get(0).key()
          + "; rows sharing a call need a when: each (the request shape that picks the row)";
    }
    for (EventMapping other : same) {
      if (other.shape().equals(row.shape())) {
        return "has the same when: ("
            + row.shape()
            + ") as "
            + other.key()
            + " in "
            + other.source();
      }
    }
    return null;
  }

  /** A table key: the call name, optionally followed by a variant label in parentheses. */
  private static final java.util.regex.Pattern KEY =
      java.util.regex.Pattern.compile("([^\\s()]+)(?: \\(([^()]+)\\))?");

  private static EventMapping row(
      String provider,
      String service,
      String key,
      ComponentConfig c,
      Map<?, ?> raw,
      String source) {
    java.util.regex.Matcher parts = KEY.matcher(key);
    if (!parts.matches()) {
      throw new ConfigException(
          List.of(
              c.path()
                  + ": a key is a call name, optionally with a variant label: CreateStage (v2)"));
    }
    String action = parts.group(1);
    String variant = parts.group(2) == null ? "" : parts.group(2);
    c.skip("when");
    Map<String, String> typesByPrefix = c.stringMap("types_by_prefix");
    String type = typesByPrefix.isEmpty() ? c.string("type") : c.string("type", "");
    ChangeKind change;
    String changeText = c.string("change");
    try {
      change = ChangeKind.valueOf(changeText.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw c.invalid("change", "'" + changeText + "'; use create, update or delete");
    }
    List<IdTemplate> ids = new ArrayList<>();
    for (Object spec : idSpecs(c, raw.get("ids"))) {
      try {
        if (spec instanceof Map<?, ?> m) {
          ids.add(IdTemplate.parse(String.valueOf(m.get("path")), String.valueOf(m.get("as"))));
        } else {
          ids.add(IdTemplate.parse(spec.toString(), ""));
        }
      } catch (IllegalArgumentException e) {
        throw c.invalid("ids", e.getMessage());
      }
    }
    if (ids.isEmpty()) {
      throw c.invalid("ids", "missing; say where the resource's identifier is, e.g. request.name");
    }
    if (!typesByPrefix.isEmpty() && !ids.get(0).fansOut()) {
      throw c.invalid("types_by_prefix", "needs an ids path with [] (one resource per id)");
    }
    Map<String, EventMapping.AttributeRule> attributes = new LinkedHashMap<>();
    ComponentConfig attrs = c.child("attributes");
    for (String attribute : attrs.keys()) {
      attributes.put(attribute, attributeRule(attrs, attribute, raw.get("attributes")));
    }
    CallShape shape = shape(c, raw.get("when"), variant);
    IamMemberDeltas members = members(c, raw.get("members"));
    List<String> unknown = c.unknownKeys();
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
        source);
  }

  /**
   * {@code state: {value: ENABLED}}: the value a call sets by what it is ({@code EnableRule}), not
   * by a request field.
   */
  private static EventMapping.AttributeRule constantRule(
      ComponentConfig attrs, String attribute, Map<?, ?> spec) {
    Object value = spec.get("value");
    boolean scalar = value instanceof String || value instanceof Boolean || value instanceof Number;
    if (spec.size() != 1 || !scalar) {
      throw attrs.invalid(
          attribute, "write {value: <text, number or boolean>} alone for a value the call implies");
    }
    attrs.child(attribute).skip("value");
    Object plain = value instanceof Integer i ? Long.valueOf(i) : value;
    return new EventMapping.AttributeRule(null, v -> v, "", plain, "= " + plain);
  }

  /** {@code members: {type, of}}: the IAM members a policy delta names, or {@code null}. */
  private static IamMemberDeltas members(ComponentConfig c, Object spec) {
    c.skip("members");
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
      throw c.invalid("members", problem);
    }
    try {
      Object of = m.get("of");
      IdTemplate template =
          of instanceof Map<?, ?> o && o.get("path") instanceof String path
              ? IdTemplate.parse(path, o.get("as") == null ? "" : String.valueOf(o.get("as")))
              : IdTemplate.parse(String.valueOf(of), "");
      return new IamMemberDeltas(type, template);
    } catch (IllegalArgumentException e) {
      throw c.invalid("members", e.getMessage());
    }
  }

  /** The row's {@code when:} shape, or {@code null}; a row with a variant label needs one. */
  private static CallShape shape(ComponentConfig c, Object when, String variant) {
    if (when == null) {
      if (!variant.isEmpty()) {
        throw c.invalid(
            "when",
            "missing; a row with a variant label says which calls it takes, e.g. when:"
                + " request.apiId");
      }
      return null;
    }
    try {
      return CallShape.parse(when);
    } catch (IllegalArgumentException e) {
      throw c.invalid("when", e.getMessage());
    }
  }

  /** The {@code ids} entries: a path, or a list of paths and {@code {path, as}} maps. */
  private static List<Object> idSpecs(ComponentConfig c, Object raw) {
    c.skip("ids");
    List<Object> out = new ArrayList<>();
    List<?> entries = raw instanceof List<?> list ? list : raw == null ? List.of() : List.of(raw);
    for (int i = 0; i < entries.size(); i++) {
      Object entry = entries.get(i);
      if (entry instanceof Map<?, ?> m) {
        if (!(m.get("path") instanceof String) || !List.of("path", "as").containsAll(m.keySet())) {
          throw c.invalid(
              "ids[" + i + "]", "write a path, or {path: <path>, as: arn_name|last_segment}");
        }
        out.add(
            Map.of(
                "path",
                m.get("path"),
                "as",
                m.get("as") == null ? "" : String.valueOf(m.get("as"))));
      } else if (entry instanceof String text) {
        out.add(text);
      } else {
        throw c.invalid("ids[" + i + "]", "write a path such as request.instanceId");
      }
    }
    return out;
  }

  private static Map<?, ?> rawRow(Map<String, Object> doc, String action) {
    return doc.get("events") instanceof Map<?, ?> events
            && events.get(action) instanceof Map<?, ?> row
        ? row
        : Map.of();
  }

  private static EventMapping.AttributeRule attributeRule(
      ComponentConfig attrs, String attribute, Object rawAttributes) {
    if (rawAttributes instanceof Map<?, ?> all
        && all.get(attribute) instanceof Map<?, ?> spec
        && spec.containsKey("value")) {
      return constantRule(attrs, attribute, spec);
    }
    String path;
    String as = "value";
    String merge = "";
    try {
      path = attrs.string(attribute);
    } catch (ConfigException notAScalar) {
      ComponentConfig spec = attrs.child(attribute);
      path = spec.string("path");
      as = spec.string("as", "value");
      merge = spec.string("merge", "");
      if (!merge.isEmpty() && !List.of("add", "remove", "put", "delete").contains(merge)) {
        throw spec.invalid("merge", "'" + merge + "'; use add, remove, put or delete");
      }
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
   * Maps a call to the resources it touched.
   *
   * @param event the call
   * @param out receives the matches
   */
  void map(AuditEvent event, List<ResourceMatch> out) {
    EventMapping row = row(event);
    if (row != null) {
      row.map(event, out);
    }
  }

  /** The row for a call, or {@code null}: two hash probes, no allocation for unknown calls. */
  EventMapping row(AuditEvent event) {
    EventMapping[] candidates = byAction.get(event.action());
    if (candidates == null) {
      String normalised = normalise(event.action());
      candidates = normalised == event.action() ? null : byAction.get(normalised);
      if (candidates == null) {
        return null;
      }
    }
    return choose(candidates, event);
  }

  private static EventMapping choose(EventMapping[] candidates, AuditEvent event) {
    String service = event.service();
    if (service.isEmpty()) {
      return candidates.length == 1 && candidates[0].appliesTo(event) ? candidates[0] : null;
    }
    for (EventMapping row : candidates) {
      if (row.service().equals(service) && row.appliesTo(event)) {
        return row;
      }
    }
    return null;
  }

  /**
   * Drops Lambda's API date ({@code UpdateFunctionConfiguration20150331v2} → {@code
   * UpdateFunctionConfiguration}), CloudFront's ({@code UpdateDistribution2020_05_31} → {@code
   * UpdateDistribution}) and GCP's API version ({@code v1.compute.instances.insert}, {@code
   * beta.compute...} → {@code compute.instances.insert}). Returns the same string when there is
   * nothing to drop.
   */
  static String normalise(String action) {
    int end = action.length();
    if (hasUnderscoredDate(action)) {
      return action.substring(0, end - UNDERSCORED_DATE.length());
    }
    int digits = end;
    while (digits > 0 && Character.isDigit(action.charAt(digits - 1))) {
      digits--;
    }
    if (digits > 0 && digits < end && action.charAt(digits - 1) == 'v') {
      int date = digits - 1;
      int start = date;
      while (start > 0 && Character.isDigit(action.charAt(start - 1))) {
        start--;
      }
      if (date - start == 8 && start > 0) {
        return action.substring(0, start);
      }
    } else if (end - digits == 8 && digits > 0) {
      return action.substring(0, digits);
    }
    int dot = action.indexOf('.');
    if (dot > 0 && isVersion(action, dot)) {
      return action.substring(dot + 1);
    }
    return action;
  }

  /** The shape of CloudFront's API date suffix, {@code 2020_05_31}: digits and underscores. */
  private static final String UNDERSCORED_DATE = "dddd_dd_dd";

  private static boolean hasUnderscoredDate(String action) {
    int start = action.length() - UNDERSCORED_DATE.length();
    if (start < 1 || !Character.isLetter(action.charAt(start - 1))) {
      return false;
    }
    for (int i = 0; i < UNDERSCORED_DATE.length(); i++) {
      char c = action.charAt(start + i);
      boolean ok = UNDERSCORED_DATE.charAt(i) == '_' ? c == '_' : Character.isDigit(c);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean isVersion(String action, int dot) {
    String head = action.substring(0, dot);
    return head.equals("beta")
        || head.equals("alpha")
        || (head.length() >= 2 && head.charAt(0) == 'v' && Character.isDigit(head.charAt(1)));
  }

  /**
   * The provider of this table.
   *
   * @return {@code aws} or {@code gcp}
   */
  public String provider() {
    return provider;
  }

  /** The rows in table order, for tests in this package. */
  List<EventMapping> rows() {
    return rows;
  }

  /**
   * Every row, for {@code tfdrift mappings} and docs.
   *
   * @return the rows in table order
   */
  public List<MappedCall> calls() {
    List<MappedCall> out = new ArrayList<>(rows.size());
    for (EventMapping row : rows) {
      Map<String, String> attrs = new LinkedHashMap<>();
      row.attributes().forEach((name, rule) -> attrs.put(name, rule.description()));
      List<String> identifiers = new ArrayList<>();
      row.ids().forEach(id -> identifiers.add(id.toString()));
      String type =
          row.type().isEmpty()
              ? String.join("|", new java.util.TreeSet<>(row.typesByPrefix().values()))
              : row.type();
      if (row.members() != null) {
        identifiers.add(row.members().toString());
        type = type + "|" + row.members().type();
      }
      out.add(
          new MappedCall(
              row.provider(),
              row.service(),
              row.action(),
              type,
              row.change(),
              identifiers,
              attrs,
              row.shape() == null ? "" : row.shape().toString(),
              row.source()));
    }
    return out;
  }

  /**
   * One mapped call as {@code tfdrift mappings} shows it.
   *
   * @param provider {@code aws} or {@code gcp}
   * @param service the service
   * @param action the call
   * @param type the Terraform type; several joined by {@code |} when the call names resources of
   *     several types (by id prefix, or IAM members beside the policy)
   * @param change what it does
   * @param identifiers where the identifiers are
   * @param attributes each extracted attribute and where its value is
   * @param when the request shape the row takes when the service logs the call name for several
   *     resources (e.g. {@code request.apiId}); empty when it takes every call of the name
   * @param table the table file
   */
  public record MappedCall(
      String provider,
      String service,
      String action,
      String type,
      ChangeKind change,
      List<String> identifiers,
      Map<String, String> attributes,
      String when,
      String table) {}
}
