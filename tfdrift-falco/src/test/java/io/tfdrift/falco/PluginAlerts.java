package io.tfdrift.falco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the Falco alert a record turns into: the shipped rule's output fields, each extracted the
 * way the plugin's source does it (falcosecurity/plugins at the commits in {@code
 * plugin-fields/*.tsv}: {@code plugins/cloudtrail/pkg/cloudtrail/extract.go} {@code getfieldStr},
 * {@code plugins/gcpaudit/pkg/gcpaudit/extract.go} {@code Extract}, {@code
 * plugins/json/pkg/json/json.go} {@code Extract}), rendered as Falco 0.44's {@code json_output}
 * renders them ({@code userspace/engine/formats.cpp}): a field the plugin does not extract is JSON
 * {@code null}; a gRPC alert carries {@code <NA>} instead ({@link #naInsteadOfNull}).
 *
 * <p>fastjson semantics the extractors rely on, modelled here: {@code Get} finds a key whatever its
 * value (JSON {@code null} included); {@code GetStringBytes} yields a string's content and nothing
 * (so {@code ""}) for any other type; {@code MarshalTo} writes compact JSON, {@code null} for a
 * JSON null.
 */
final class PluginAlerts {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter FALCO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");

  /** The time Falco received a GCP entry: the gcpaudit plugin sets no event time. */
  static final Instant RECEIVED = Instant.parse("2026-12-04T10:00:00.123456789Z");

  private final String rule;
  private final String source;
  private final String output;
  private final List<String> fields;

  private PluginAlerts(String rule, String source, String output) {
    this.rule = rule;
    this.source = source;
    this.output = output.strip();
    this.fields = List.copyOf(outputFields(output));
  }

  /** A builder for a hand-written rule. */
  static PluginAlerts of(String rule, String source, String output) {
    return new PluginAlerts(rule, source, output);
  }

  /** The builder for the rule in the shipped rules file of a plugin. */
  static PluginAlerts forPlugin(String plugin) {
    try {
      JsonNode file = new ObjectMapper(new YAMLFactory()).readTree(FalcoRules.text(plugin));
      for (JsonNode item : file) {
        if (item.has("rule")) {
          return new PluginAlerts(
              item.get("rule").asText(), item.get("source").asText(), item.get("output").asText());
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new IllegalStateException("no rule in the " + plugin + " rules file");
  }

  /** The output line of the rule. */
  String output() {
    return output;
  }

  /** The output fields of the rule, in order of appearance. */
  List<String> fields() {
    return fields;
  }

  /**
   * The alert for a record, or empty if the plugin would not produce an event for it (the
   * cloudtrail plugin skips records without an RFC 3339 {@code eventTime} or without {@code
   * eventType}, and insights).
   */
  Optional<ObjectNode> alert(JsonNode record) {
    Instant time;
    if (source.equals("aws_cloudtrail")) {
      JsonNode eventTime = record.get("eventTime");
      JsonNode eventType = record.get("eventType");
      if (eventTime == null
          || !eventTime.isTextual()
          || eventType == null
          || !eventType.isTextual()
          || eventType.asText().equals("AwsCloudTrailInsight")) {
        return Optional.empty();
      }
      try {
        time = OffsetDateTime.parse(eventTime.asText()).toInstant();
      } catch (DateTimeParseException e) {
        // the plugin reads eventTime as RFC 3339 and skips a record it cannot parse (a SIEM
        // export's
        // "2022-10-13 16:35:33", say): source.go, nextEvent
        return Optional.empty();
      }
    } else {
      time = RECEIVED;
    }
    ObjectNode values = NODES.objectNode();
    for (String field : fields) {
      String value = extract(record, field);
      values.put(field, value);
    }
    ObjectNode alert = NODES.objectNode();
    alert.put("hostname", "falco-0");
    alert.put(
        "output", FALCO_TIME.format(time.atOffset(ZoneOffset.UTC)) + ": Notice " + format(values));
    alert.put("priority", "Notice");
    alert.put("rule", rule);
    alert.put("source", source);
    alert.set("tags", NODES.arrayNode().add("aws").add("drift").add("terraform").add("tfdrift"));
    alert.put("time", FALCO_TIME.format(time.atOffset(ZoneOffset.UTC)));
    alert.set("output_fields", values);
    return Optional.of(alert);
  }

  /** The same alert as the gRPC output carries it: every missing field is {@code <NA>}. */
  static ObjectNode naInsteadOfNull(ObjectNode alert) {
    ObjectNode copy = alert.deepCopy();
    ObjectNode values = (ObjectNode) copy.get("output_fields");
    values
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNull()) {
                e.setValue(NODES.textNode("<NA>"));
              }
            });
    return copy;
  }

  private String format(ObjectNode values) {
    String line = output;
    for (String field : fields) {
      JsonNode value = values.get(field);
      line = line.replace("%" + field, value.isNull() ? "<NA>" : value.asText());
    }
    return line;
  }

  /** One field's value, {@code null} if the plugin does not extract it. */
  static String extract(JsonNode record, String field) {
    if (field.startsWith("json.value[") && field.endsWith("]")) {
      return jsonValue(record, field.substring("json.value[".length(), field.length() - 1));
    }
    if (field.startsWith("ct.") || field.startsWith("s3.") || field.startsWith("ecr.")) {
      return CloudTrailFields.extract(record, field);
    }
    if (field.startsWith("gcp.")) {
      return GcpAuditFields.extract(record, field);
    }
    throw new IllegalArgumentException("the alert builder does not model field " + field);
  }

  /** json.go: walk the pointer; a string is its content, anything else compact JSON. */
  private static String jsonValue(JsonNode record, String pointer) {
    JsonNode value = record;
    String path = pointer.startsWith("/") ? pointer.substring(1) : pointer;
    for (String key : path.split("/", -1)) {
      key = key.replace("~1", "/").replace("~0", "~");
      value = get(value, key);
      if (value == null) {
        return null;
      }
    }
    return value.isTextual() ? value.asText() : marshal(value);
  }

  /** fastjson {@code Get} with one key: objects by key, arrays by index. */
  static JsonNode get(JsonNode node, String key) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      return node.get(key);
    }
    if (node.isArray()) {
      try {
        return node.get(Integer.parseInt(key));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  static JsonNode get(JsonNode node, String... keys) {
    JsonNode value = node;
    for (String key : keys) {
      value = get(value, key);
    }
    return value;
  }

  /** fastjson {@code GetStringBytes}: a string's content, else nothing ({@code ""}). */
  static String stringBytes(JsonNode value) {
    return value != null && value.isTextual() ? value.asText() : "";
  }

  /** fastjson {@code MarshalTo}: compact JSON. */
  static String marshal(JsonNode value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code %field} names of an output line. */
  static Set<String> outputFields(String output) {
    Set<String> found = new LinkedHashSet<>();
    int i = output.indexOf('%');
    while (i >= 0) {
      int end = i + 1;
      int depth = 0;
      while (end < output.length()) {
        char c = output.charAt(end);
        if (c == '[') {
          depth++;
        } else if (c == ']') {
          depth--;
        } else if (depth == 0 && !(Character.isLetterOrDigit(c) || c == '.' || c == '_')) {
          break;
        }
        end++;
      }
      found.add(output.substring(i + 1, end));
      i = output.indexOf('%', end);
    }
    return found;
  }

  /** Every record of a file: an array, {"Records": [...]}, one object or NDJSON lines. */
  static List<JsonNode> records(String text) throws java.io.IOException {
    List<JsonNode> records = new ArrayList<>();
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return records;
    }
    List<JsonNode> roots = new ArrayList<>();
    try {
      roots.add(JSON.readTree(trimmed));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      for (String line : trimmed.lines().toList()) {
        if (!line.isBlank()) {
          roots.add(JSON.readTree(line));
        }
      }
    }
    for (JsonNode root : roots) {
      if (root.isArray()) {
        root.forEach(records::add);
      } else if (root.has("Records") && root.get("Records").isArray()) {
        root.get("Records").forEach(records::add);
      } else if (root.has("detail") && root.get("detail").isObject()) {
        records.add(root.get("detail"));
      } else {
        records.add(root);
      }
    }
    return records;
  }
}
