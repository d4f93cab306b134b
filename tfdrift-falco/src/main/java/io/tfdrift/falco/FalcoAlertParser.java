package io.tfdrift.falco;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tfdrift.core.decode.Instants;
import io.tfdrift.core.decode.JsonTrees;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Falco JSON alerts (and falcosidekick's webhook payload, the same object plus {@code uuid}),
 * streaming: the body is parsed once with the shared Jackson factory ({@link
 * JsonTrees#jsonFactory()}), unknown keys are skipped without building trees, and only nested
 * {@code output_fields} values are materialised (then written back as compact JSON).
 *
 * <pre>{@code
 * FalcoAlert alert = FalcoAlertParser.parse(body, 0, body.length);
 * }</pre>
 *
 * <p>Thread-safe and stateless.
 */
public final class FalcoAlertParser {

  private FalcoAlertParser() {}

  /**
   * Parses one alert.
   *
   * @param json the bytes holding the alert (UTF-8)
   * @param offset where the alert starts
   * @param length how many bytes it has
   * @return the alert
   * @throws IllegalArgumentException if the JSON is malformed (the message names the line and
   *     column), is not an object, has no {@code source}, or a known key has the wrong type
   */
  public static FalcoAlert parse(byte[] json, int offset, int length) {
    try (JsonParser parser = JsonTrees.jsonFactory().createParser(json, offset, length)) {
      return read(parser);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + problem(e), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable alert: " + e.getMessage(), e);
    }
  }

  /**
   * Parses one alert from text.
   *
   * @param json the alert
   * @return the alert
   * @throws IllegalArgumentException as {@link #parse(byte[], int, int)}
   */
  public static FalcoAlert parse(String json) {
    byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return parse(bytes, 0, bytes.length);
  }

  /**
   * Builds an alert from an already parsed tree ({@link JsonTrees}), as {@code tfdrift replay}
   * reads it.
   *
   * @param tree the alert object
   * @return the alert
   * @throws IllegalArgumentException if {@code source} is missing or a known key has the wrong type
   */
  public static FalcoAlert fromTree(Map<String, Object> tree) {
    Map<String, String> fields = new HashMap<>();
    Object raw = tree.get("output_fields");
    if (raw != null && !(raw instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("output_fields must be a JSON object");
    }
    if (raw instanceof Map<?, ?> map) {
      map.forEach((k, v) -> putField(fields, (String) k, treeText(v)));
    }
    List<String> tags = new ArrayList<>();
    if (tree.get("tags") instanceof List<?> list) {
      list.forEach(t -> tags.add(JsonTrees.text(t)));
    }
    return build(
        JsonTrees.text(tree.get("time")),
        JsonTrees.text(tree.get("priority")),
        JsonTrees.text(tree.get("rule")),
        JsonTrees.text(tree.get("output")),
        JsonTrees.text(tree.get("source")),
        JsonTrees.text(tree.get("hostname")),
        tags,
        fields,
        JsonTrees.text(tree.get("uuid")));
  }

  private static String treeText(Object value) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return JsonTrees.toJson(value);
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toString();
    }
    return JsonTrees.text(value);
  }

  private static FalcoAlert read(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException(
          "expected a JSON object (one Falco alert), found "
              + (first == null ? "nothing (empty body)" : describe(first)));
    }
    String time = "";
    String priority = "";
    String rule = "";
    String output = "";
    String source = "";
    String hostname = "";
    String uuid = "";
    List<String> tags = List.of();
    Map<String, String> fields = Map.of();
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken token = parser.nextToken();
      switch (name) {
        case "time" -> time = scalar(parser, token, name);
        case "priority" -> priority = scalar(parser, token, name);
        case "rule" -> rule = scalar(parser, token, name);
        case "output" -> output = scalar(parser, token, name);
        case "source" -> source = scalar(parser, token, name);
        case "hostname" -> hostname = scalar(parser, token, name);
        case "uuid" -> uuid = scalar(parser, token, name);
        case "tags" -> tags = tags(parser, token);
        case "output_fields" -> fields = outputFields(parser, token);
        default -> parser.skipChildren();
      }
    }
    JsonToken after = parser.nextToken();
    if (after != null) {
      throw new IllegalArgumentException(
          "unexpected content after the alert at "
              + position(parser.currentTokenLocation())
              + "; send one alert per request, or NDJSON with Content-Type application/x-ndjson");
    }
    return build(time, priority, rule, output, source, hostname, tags, fields, uuid);
  }

  private static FalcoAlert build(
      String time,
      String priority,
      String rule,
      String output,
      String source,
      String hostname,
      List<String> tags,
      Map<String, String> fields,
      String uuid) {
    if (source.isEmpty()) {
      throw new IllegalArgumentException(
          "the alert has no source; Falco's json_output alerts carry one (e.g. aws_cloudtrail)");
    }
    return new FalcoAlert(time(time), priority, rule, output, source, hostname, tags, fields, uuid);
  }

  private static Instant time(String text) {
    if (text.isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      return Instants.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "time '" + text + "' is not an RFC 3339 instant such as 2026-07-22T14:24:41.000000000Z",
          e);
    }
  }

  private static String scalar(JsonParser parser, JsonToken token, String key) throws IOException {
    return switch (token) {
      case VALUE_NULL -> "";
      case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
          parser.getText();
      default ->
          throw new IllegalArgumentException(
              "'" + key + "' must be a string, found " + token + " at " + here(parser));
    };
  }

  private static List<String> tags(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (token != JsonToken.START_ARRAY) {
      throw new IllegalArgumentException(
          "'tags' must be an array of strings, found " + token + " at " + here(parser));
    }
    List<String> tags = new ArrayList<>(4);
    JsonToken t;
    while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
      String tag = scalar(parser, t, "tags[]");
      if (!tag.isEmpty()) {
        tags.add(tag);
      }
    }
    return tags;
  }

  private static Map<String, String> outputFields(JsonParser parser, JsonToken token)
      throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    if (token != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException(
          "'output_fields' must be an object, found " + token + " at " + here(parser));
    }
    Map<String, String> fields = new HashMap<>(32);
    String key;
    while ((key = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      switch (value) {
        case VALUE_NULL -> {}
        case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT ->
            putField(fields, key, parser.getText());
        case VALUE_TRUE -> putField(fields, key, "true");
        case VALUE_FALSE -> putField(fields, key, "false");
        default -> putField(fields, key, JsonTrees.toJson(JsonTrees.readValue(parser)));
      }
    }
    return fields;
  }

  private static void putField(Map<String, String> fields, String key, String value) {
    if (value == null || key == null) {
      return;
    }
    int end = key.length();
    while (end > 0 && key.charAt(end - 1) == ' ') {
      end--;
    }
    fields.put(end == key.length() ? key : key.substring(0, end), value);
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  private static String here(JsonParser parser) {
    return position(parser.currentTokenLocation());
  }

  private static String problem(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    if (newline >= 0) {
      message = message.substring(0, newline);
    }
    JsonLocation location = e.getLocation();
    return location == null ? message : message + " at " + position(location);
  }

  private static String position(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }
}
