package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.ResourceMatch;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Attribute truth: every attribute a mapping table extracts is an attribute of its Terraform type,
 * and what the row puts there fits the attribute's kind, checked against the providers' published
 * schemas ({@code terraform-schemas/aws.tsv}, {@code google.tsv}: type, attribute, kind, element
 * kind, mode, as {@code terraform providers schema -json} prints them; the header of each file
 * names the provider version and where it came from). A row naming an attribute the provider does
 * not have would compare the call with a value no state holds: it could never find drift, or would
 * invent it against an empty value.
 *
 * <p>Kinds are checked twice: by the row's shaper where the shaper fixes the value's shape ({@code
 * as: bool} needs a bool or a string attribute, {@code as: ec2_tags} a map), and by the value every
 * fixture of the row actually produces. Scalars fit as the detector compares them ({@code
 * Values.equivalent}): a string attribute takes any scalar, a number one a number or numeric text,
 * a bool one a boolean or {@code "true"}/{@code "false"}; a list or set takes a list, or a scalar
 * of its element kind (a one-element list equals its element); a map or object takes a map; a
 * nested block takes a map or a list of maps; a JSON document is a string attribute.
 */
class MappingSchemaTest {

  /** One attribute of a resource type, as the schema file lists it. */
  record Attribute(String kind, String element, String mode) {}

  private static final Pattern TEMPLATE_PART = Pattern.compile("\\{([a-z_0-9]+)}");

  private static final Map<String, String> SCHEMA_FILES =
      Map.of("aws", "/terraform-schemas/aws.tsv", "gcp", "/terraform-schemas/google.tsv");

  @Test
  void everyExtractedAttributeIsAnAttributeOfItsType() {
    List<String> problems = new ArrayList<>();
    for (String provider : SCHEMA_FILES.keySet()) {
      Map<String, Map<String, Attribute>> schema = schema(provider);
      for (EventMapping row : BuiltInTables.of(provider).rows()) {
        for (String type : types(row)) {
          Map<String, Attribute> attributes = schema.get(type);
          if (attributes == null) {
            if (!row.attributes().isEmpty()) {
              problems.add(
                  where(row)
                      + ": type "
                      + type
                      + " is not in "
                      + SCHEMA_FILES.get(provider)
                      + "; add its attributes (type, attribute, kind, element, mode) from"
                      + " generated/resource/"
                      + generatedFile(type)
                      + " of the repository and commit the file's header names");
            }
            continue;
          }
          for (String name : row.attributes().keySet()) {
            if (!attributes.containsKey(name)) {
              problems.add(
                  where(row)
                      + ": "
                      + type
                      + " has no attribute '"
                      + name
                      + "' (its attributes: "
                      + new TreeSet<>(attributes.keySet())
                      + ")");
            }
          }
        }
      }
    }
    assertThat(problems).as("attributes the provider does not have").isEmpty();
  }

  @Test
  void everyShaperFitsTheKindOfItsAttribute() {
    List<String> problems = new ArrayList<>();
    for (String provider : SCHEMA_FILES.keySet()) {
      Map<String, Map<String, Attribute>> schema = schema(provider);
      for (EventMapping row : BuiltInTables.of(provider).rows()) {
        row.attributes()
            .forEach(
                (name, rule) -> {
                  for (String type : types(row)) {
                    Attribute attribute = schema.getOrDefault(type, Map.of()).get(name);
                    if (attribute == null) {
                      continue;
                    }
                    Object sample = rule.constant() != null ? rule.constant() : sample(rule);
                    if (sample != null && !fits(sample, attribute, false)) {
                      problems.add(
                          where(row)
                              + ": "
                              + type
                              + "."
                              + name
                              + " is "
                              + describe(attribute)
                              + " but the row makes it "
                              + rule.description());
                    }
                  }
                });
      }
    }
    assertThat(problems).as("shapers that do not fit the attribute's kind").isEmpty();
  }

  @Test
  void everyValueAFixtureYieldsFitsTheKindOfItsAttribute() {
    List<String> problems = new ArrayList<>();
    for (MappingFixturesTest.Fixture f : MappingFixturesTest.fixtures()) {
      Map<String, Map<String, Attribute>> schema = schema(f.provider());
      EventMapping row = BuiltInTables.of(f.provider()).row(f.event());
      if (row == null) {
        continue; // MappingFixturesTest names fixtures without a row
      }
      List<ResourceMatch> matches = new ArrayList<>();
      row.map(f.event(), matches);
      for (ResourceMatch match : matches) {
        Map<String, Attribute> attributes = schema.getOrDefault(match.type(), Map.of());
        match
            .attributes()
            .forEach(
                (name, value) -> {
                  Attribute attribute = attributes.get(name);
                  if (attribute != null && !fits(value, attribute, isJson(row, name))) {
                    problems.add(
                        where(row)
                            + " on the fixture "
                            + f
                            + ": "
                            + match.type()
                            + "."
                            + name
                            + " is "
                            + describe(attribute)
                            + " but the call yields "
                            + value);
                  }
                });
      }
    }
    assertThat(problems).as("values that do not fit the attribute's kind").isEmpty();
  }

  /**
   * The state index finds resources by the provider-specific attributes {@code
   * state/identifier-attributes.txt} names per type ({@code aws_db_instance.identifier}, {@code
   * {user}/{policy_arn}} of a policy attachment): each must be an attribute of those types, or
   * calls naming the resource by it would never find it.
   */
  @Test
  void everyIdentifierAttributeIsAnAttributeOfItsTypes() {
    List<String> problems = new ArrayList<>();
    String file = "/io/tfdrift/core/state/identifier-attributes.txt";
    for (String line : lines(file)) {
      String[] f = line.strip().split("\\s+");
      if (f.length < 3) {
        continue; // every type: id, arn, self_link, name
      }
      List<String> attributes = new ArrayList<>();
      Matcher parts = TEMPLATE_PART.matcher(f[0]);
      while (parts.find()) {
        attributes.add(parts.group(1));
      }
      if (attributes.isEmpty()) {
        attributes.add(f[0]);
      }
      for (String type : f[2].split(",")) {
        if (type.endsWith("*")) {
          continue;
        }
        Map<String, Attribute> known = schema(type.startsWith("google_") ? "gcp" : "aws").get(type);
        if (known == null) {
          problems.add(file + ": " + type + " is not in the schema files");
          continue;
        }
        attributes.stream()
            .filter(a -> !known.containsKey(a))
            .forEach(a -> problems.add(file + ": " + type + " has no attribute '" + a + "'"));
      }
    }
    assertThat(problems).as("identifier attributes the provider does not have").isEmpty();
  }

  @Test
  void aValueFitsOnlyWhatTheDetectorCanCompareItWith() {
    Attribute text = new Attribute("string", "", "optional");
    Attribute number = new Attribute("number", "", "optional");
    Attribute flag = new Attribute("bool", "", "optional");
    Attribute names = new Attribute("set", "string", "optional");
    Attribute tags = new Attribute("map", "string", "optional");
    Attribute block = new Attribute("list", "object", "block max_items=1");
    assertThat(fits("gp3", text, false)).isTrue();
    assertThat(fits(Map.of("Version", "2012-10-17"), text, false)).isFalse();
    assertThat(fits(Map.of("Version", "2012-10-17"), text, true)).isTrue();
    assertThat(fits("300", number, false)).isTrue();
    assertThat(fits("gp3", number, false)).isFalse();
    assertThat(fits("Enabled", flag, false)).isFalse();
    assertThat(fits("false", flag, false)).isTrue();
    assertThat(fits(List.of("a", "b"), names, false)).isTrue();
    assertThat(fits(List.of(Map.of("k", "v")), names, false)).isFalse();
    assertThat(fits(List.of("team"), tags, false)).isFalse();
    assertThat(fits(AttributeChange.deleteKeys(List.of("team")), tags, false)).isTrue();
    assertThat(fits(AttributeChange.addToSet(List.of("x")), tags, false)).isFalse();
    assertThat(fits(AttributeChange.set(List.of("a")), names, false)).isTrue();
    assertThat(fits(List.of(Map.of("status", "Enabled")), block, false)).isTrue();
    assertThat(fits("Enabled", block, false)).isFalse();
  }

  @Test
  void namesTheSchemaRepositoryFileOfAType() {
    assertThat(generatedFile("aws_s3_bucket_public_access_block"))
        .isEqualTo("awsS3BucketPublicAccessBlock.go");
    assertThat(generatedFile("google_cloud_run_v2_service"))
        .isEqualTo("googleCloudRunV2Service.go");
  }

  @Test
  void schemaFilesDescribeEveryTypeOfTheTypeLists() {
    for (Map.Entry<String, String> lists :
        Map.of(
                "aws",
                "/terraform-resource-types/aws.txt",
                "gcp",
                "/terraform-resource-types/google.txt")
            .entrySet()) {
      Set<String> listed = new TreeSet<>(lines(lists.getValue()));
      assertThat(schema(lists.getKey()).keySet())
          .as("types of %s", SCHEMA_FILES.get(lists.getKey()))
          .containsAll(listed);
    }
  }

  /** {@code aws_s3_bucket} → {@code awsS3Bucket.go}, as the schema repositories name files. */
  static String generatedFile(String type) {
    StringBuilder out = new StringBuilder();
    for (String part : type.split("_")) {
      out.append(
          out.length() == 0 ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
    }
    return out + ".go";
  }

  private static String where(EventMapping row) {
    return row.source() + " " + row.key();
  }

  private static List<String> types(EventMapping row) {
    if (!row.typesByPrefix().isEmpty()) {
      return List.copyOf(new TreeSet<>(row.typesByPrefix().values()));
    }
    return List.of(row.type().split("\\|"));
  }

  /**
   * A value of the shape the rule's shaper always yields, or {@code null} if the shape depends on
   * the record ({@code as: value}); the fixtures check those.
   */
  private static Object sample(EventMapping.AttributeRule rule) {
    UnaryOperator<Object> shaper = rule.shaper();
    Map<String, Object> samples =
        Map.ofEntries(
            Map.entry("bool", Boolean.TRUE),
            Map.entry("int", 1L),
            Map.entry("string", "text"),
            Map.entry("single", "text"),
            Map.entry("last_segment", "text"),
            Map.entry("lowercase", "text"),
            Map.entry("json", "{}"),
            Map.entry("ec2_tags", Map.of("k", "v")),
            Map.entry("kv_tags", Map.of("k", "v")),
            Map.entry("s3_tags", Map.of("k", "v")),
            Map.entry("gcp_metadata", Map.of("k", "v")),
            Map.entry("gcp_labels", Map.of("k", "v")),
            Map.entry("s3_versioning", Map.of("status", "Enabled")),
            Map.entry("cloudtrail_event_selectors", List.of(Map.of("read_write_type", "All"))),
            Map.entry("nacl_ingress_entry", List.of(Map.of("rule_no", 100L))),
            Map.entry("nacl_egress_entry", List.of(Map.of("rule_no", 100L))),
            Map.entry("sg_rules", List.of(Map.of("protocol", "tcp"))),
            Map.entry("gcp_firewall_rules", List.of(Map.of("protocol", "tcp"))));
    for (Map.Entry<String, Object> e : samples.entrySet()) {
      if (Extractors.BY_NAME.get(e.getKey()) == shaper) {
        return e.getValue();
      }
    }
    return null;
  }

  private static boolean isJson(EventMapping row, String attribute) {
    EventMapping.AttributeRule rule = row.attributes().get(attribute);
    return rule != null && rule.shaper() == Extractors.BY_NAME.get("json");
  }

  /**
   * Whether a value the detector compares with the state fits an attribute of this kind; {@code
   * json} when the row reads the value as a JSON document, which a string attribute holds.
   */
  static boolean fits(Object value, Attribute attribute, boolean json) {
    if (value instanceof AttributeChange change) {
      return fits(change, attribute, json);
    }
    boolean block = attribute.mode().startsWith("block");
    return switch (attribute.kind()) {
      case "string" -> isScalar(value) || (json && (value instanceof Map || value instanceof List));
      case "number" -> value instanceof Number || (value instanceof String s && isNumber(s));
      case "bool" ->
          value instanceof Boolean
              || (value instanceof String s
                  && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")));
      case "list", "set" ->
          block
              ? value instanceof Map<?, ?> || listOf(value, Map.class)
              : value instanceof List<?> l
                  ? l.stream().allMatch(x -> fits(x, element(attribute), json))
                  : isScalar(value) && fits(value, element(attribute), json);
      case "map" -> value instanceof Map<?, ?>;
      case "object" -> value instanceof Map<?, ?> || (block && listOf(value, Map.class));
      case "dynamic" -> true;
      default -> false;
    };
  }

  /**
   * A change: a new value, {@code add}/{@code remove} elements of a list or set, {@code put}
   * entries into a map or {@code delete} keys from a map.
   */
  private static boolean fits(AttributeChange change, Attribute attribute, boolean json) {
    if (change instanceof AttributeChange.SetValue set) {
      return fits(set.value(), attribute, json);
    }
    if (change instanceof AttributeChange.AddToSet add) {
      return List.of("list", "set").contains(attribute.kind())
          && fits(add.elements(), attribute, json);
    }
    if (change instanceof AttributeChange.RemoveFromSet remove) {
      return List.of("list", "set").contains(attribute.kind())
          && fits(remove.elements(), attribute, json);
    }
    // put/delete keys: of a map, or of a block of at most one element (versioning_configuration).
    return attribute.kind().equals("map")
        || (attribute.kind().equals("list") && attribute.mode().contains("max_items=1"));
  }

  private static Attribute element(Attribute attribute) {
    return new Attribute(attribute.element(), "", "");
  }

  private static boolean listOf(Object value, Class<?> type) {
    return value instanceof List<?> l && l.stream().allMatch(type::isInstance);
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Number || v instanceof Boolean;
  }

  private static boolean isNumber(String s) {
    try {
      new BigDecimal(s.strip());
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String describe(Attribute a) {
    String of = a.element().isEmpty() ? "" : " of " + a.element();
    return a.mode().startsWith("block")
        ? "a nested block (" + a.kind() + ")"
        : "a " + a.kind() + of + " (" + a.mode() + ")";
  }

  private static final Map<String, Map<String, Map<String, Attribute>>> SCHEMAS = new HashMap<>();

  /** The schema file of a provider: type → attribute → kind. */
  static synchronized Map<String, Map<String, Attribute>> schema(String provider) {
    return SCHEMAS.computeIfAbsent(
        provider,
        p -> {
          Map<String, Map<String, Attribute>> out = new HashMap<>();
          String file = SCHEMA_FILES.get(p);
          for (String line : lines(file)) {
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
              throw new IllegalStateException(
                  file + ": '" + line + "' needs 5 tab-separated columns");
            }
            out.computeIfAbsent(f[0], t -> new HashMap<>())
                .put(f[1], new Attribute(f[2], f[3], f[4]));
          }
          return out;
        });
  }

  private static List<String> lines(String resource) {
    return MappingFixturesTest.text(resource)
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .toList();
  }
}
