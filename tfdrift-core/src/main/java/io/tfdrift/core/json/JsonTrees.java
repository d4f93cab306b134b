package io.tfdrift.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads and writes the JSON tree representation that {@link io.tfdrift.api.AuditEvent} fixes for
 * request and response bodies, straight from Jackson's streaming parser.
 *
 * <p>Trees read here are:
 *
 * <ul>
 *   <li>objects: immutable {@link Map}s with {@code String} keys in document order (the later of
 *       two equal keys wins, in the first one's position);
 *   <li>arrays: immutable {@link List}s;
 *   <li>strings: {@link String}; booleans: {@link Boolean};
 *   <li>integers: {@link Long}, or {@link BigInteger} when they do not fit;
 *   <li>numbers with a fraction or exponent: {@link BigDecimal}, exactly as written;
 *   <li>JSON {@code null}: omitted, both as an object member and as an array element, so a missing
 *       key and a null value read the same.
 * </ul>
 *
 * <p>Lookups ({@link #at}, {@link #text(Map, String...)}) allocate nothing and return {@code null}
 * / {@code ""} for anything absent, because they run once per field per event on the hot path.
 *
 * <pre>{@code
 * Map<String, Object> record = JsonTrees.parseObject(bytes);
 * String bucket = JsonTrees.text(record, "requestParameters", "bucketName");
 * Object policy = JsonTrees.parseEmbedded(JsonTrees.text(record, "requestParameters", "policy"));
 * }</pre>
 */
public final class JsonTrees {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private JsonTrees() {}

  /**
   * The Jackson factory every decoder shares: it does not close the streams it reads, and interns
   * field names (which makes lookups by constant keys succeed on identity).
   *
   * @return the shared, thread-safe factory
   */
  public static JsonFactory jsonFactory() {
    return FACTORY;
  }

  /**
   * Reads the object the parser is positioned on into a tree, leaving the parser on its {@code
   * END_OBJECT}.
   *
   * @param parser a parser whose current token is {@code START_OBJECT}
   * @return the object, immutable
   * @throws IOException if the JSON is malformed or the input cannot be read
   * @throws IllegalStateException if the parser is not positioned on {@code START_OBJECT}
   */
  public static Map<String, Object> readObject(JsonParser parser) throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalStateException(
          "expected the parser on START_OBJECT, found " + parser.currentToken());
    }
    return asObject(TreeReader.readCurrent(parser));
  }

  /**
   * Reads the object the parser is positioned on into a tree, as {@link #readObject(JsonParser)}
   * does, and adds the names of its own members written as {@code null} to {@code nullMembers}.
   * They are left out of the tree like every {@code null}, but they tell a member the writer knows
   * from one it does not: Terraform writes every attribute of a resource's schema, unset ones as
   * {@code null}.
   *
   * @param parser a parser whose current token is {@code START_OBJECT}
   * @param nullMembers where the names of the object's {@code null} members are added (not those of
   *     nested objects)
   * @return the object, immutable
   * @throws IOException if the JSON is malformed or the input cannot be read
   * @throws IllegalStateException if the parser is not positioned on {@code START_OBJECT}
   */
  public static Map<String, Object> readObject(JsonParser parser, Set<String> nullMembers)
      throws IOException {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      throw new IllegalStateException(
          "expected the parser on START_OBJECT, found " + parser.currentToken());
    }
    return asObject(TreeReader.readCurrent(parser, Objects.requireNonNull(nullMembers)));
  }

  /**
   * A read-only copy of a map as a tree object, in the map's iteration order; lookups by key are as
   * fast as in the trees this class parses.
   *
   * @param map string keys to tree values
   * @return the object
   */
  public static Map<String, Object> objectOf(Map<String, Object> map) {
    return JsonObject.copyOf(map);
  }

  /**
   * Reads the value the parser is positioned on (any token that starts a value) into a tree,
   * leaving the parser on the value's last token.
   *
   * @param parser a parser whose current token starts a value
   * @return the value, or {@code null} for JSON {@code null}
   * @throws IOException if the JSON is malformed or the input cannot be read
   */
  public static Object readValue(JsonParser parser) throws IOException {
    return TreeReader.readCurrent(parser);
  }

  /**
   * Parses a complete JSON document that must be one object.
   *
   * @param json UTF-8 (or UTF-16/32, detected) JSON text
   * @return the object, immutable
   * @throws IllegalArgumentException if the text is not valid JSON, is not an object, or has
   *     content after the object; the message names the line and column
   */
  public static Map<String, Object> parseObject(byte[] json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return parseObject(parser);
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  /**
   * Parses a complete JSON document that must be one object.
   *
   * @param json JSON text
   * @return the object, immutable
   * @throws IllegalArgumentException if the text is not valid JSON, is not an object, or has
   *     content after the object; the message names the line and column
   */
  public static Map<String, Object> parseObject(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return parseObject(parser);
    } catch (IOException e) {
      throw invalid(e);
    }
  }

  private static Map<String, Object> parseObject(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException(
          "expected a JSON object, found " + describe(first) + " at line 1");
    }
    Map<String, Object> object = asObject(TreeReader.readCurrent(parser));
    JsonToken after = parser.nextToken();
    if (after != null) {
      throw new IllegalArgumentException(
          "unexpected content after the JSON object at " + position(parser.currentTokenLocation()));
    }
    return object;
  }

  /**
   * Describes a token the way error messages name it: {@code "an array"}, {@code "a string"}.
   *
   * @param token a token, or {@code null} for the end of the input
   * @return a short description
   */
  public static String describe(JsonToken token) {
    if (token == null) {
      return "nothing (empty input)";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.toString();
    };
  }

  /**
   * The message of a Jackson error without the source excerpt, with its position.
   *
   * @param e the error
   * @return e.g. {@code "Unexpected character ('x' (code 120)) at line 3, column 7"}
   */
  static String problem(IOException e) {
    if (e instanceof JsonProcessingException json) {
      String message = originalMessage(json);
      JsonLocation location = json.getLocation();
      return location == null ? message : message + " at " + position(location);
    }
    return e.toString();
  }

  /**
   * The first line of a Jackson error's message, without location or source excerpt.
   *
   * @param e the error
   * @return the message's first line
   */
  public static String originalMessage(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String position(JsonLocation location) {
    return "line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static IllegalArgumentException invalid(IOException e) {
    return new IllegalArgumentException("invalid JSON: " + problem(e), e);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object value) {
    return (Map<String, Object>) value;
  }

  /**
   * Follows object keys from a tree.
   *
   * @param tree the tree to start from
   * @param path object keys, outermost first; none returns {@code tree} itself
   * @return the value at the path, or {@code null} if a key is missing or a step is not an object
   */
  public static Object at(Map<String, Object> tree, String... path) {
    Object current = tree;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
      if (current == null) {
        return null;
      }
    }
    return current;
  }

  /**
   * The scalar at a path as text.
   *
   * @param tree the tree to start from
   * @param path object keys, outermost first
   * @return see {@link #text(Object)}
   */
  public static String text(Map<String, Object> tree, String... path) {
    return text(at(tree, path));
  }

  /**
   * A scalar tree value as text: strings as they are, numbers in their JSON spelling ({@link
   * BigDecimal#toString()}), booleans as {@code "true"}/{@code "false"}.
   *
   * @param value a tree value or {@code null}
   * @return the text, or {@code ""} for {@code null}, objects and arrays
   */
  public static String text(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Boolean || value instanceof Number) {
      return value.toString();
    }
    return "";
  }

  /**
   * The object at a path.
   *
   * @param tree the tree to start from
   * @param path object keys, outermost first
   * @return the object, or an empty map if absent or not an object
   */
  public static Map<String, Object> object(Map<String, Object> tree, String... path) {
    Object value = at(tree, path);
    if (value instanceof Map<?, ?>) {
      return asObject(value);
    }
    return JsonObject.EMPTY;
  }

  /**
   * Parses JSON carried inside a string value, as AWS does for IAM policy documents ({@code
   * requestParameters.policyDocument}), also when it is percent-encoded ({@code
   * responseElements.role.assumeRolePolicyDocument} reads {@code %7B%22Statement...}). Only text
   * that is a JSON object or array (after optional leading whitespace) is parsed; anything else,
   * including scalars such as {@code "300"} and text that merely starts with a brace, is returned
   * unchanged. Percent-decoding follows RFC 3986: {@code +} stays {@code +}.
   *
   * @param text a string value
   * @return the parsed tree ({@link Map} or {@link List}), or {@code text} itself
   */
  public static Object parseEmbedded(String text) {
    int start = 0;
    while (start < text.length() && isWhitespace(text.charAt(start))) {
      start++;
    }
    if (start == text.length()) {
      return text;
    }
    char first = text.charAt(start);
    if (first == '{' || first == '[') {
      Object tree = tryParse(text);
      return tree == null ? text : tree;
    }
    if (first == '%' && startsStructure(text, start)) {
      byte[] decoded = percentDecode(text);
      Object tree = decoded == null ? null : tryParse(decoded);
      return tree == null ? text : tree;
    }
    return text;
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
  }

  /** Whether {@code %7B} or {@code %5B} (any case) starts at {@code start}. */
  private static boolean startsStructure(String text, int start) {
    if (start + 3 > text.length()) {
      return false;
    }
    char high = text.charAt(start + 1);
    char low = Character.toUpperCase(text.charAt(start + 2));
    return (high == '7' || high == '5') && low == 'B';
  }

  private static Object tryParse(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      return parseWhole(parser);
    } catch (IOException e) {
      return null;
    }
  }

  private static Object tryParse(byte[] json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return parseWhole(parser);
    } catch (IOException e) {
      return null;
    }
  }

  /** Reads one object or array and nothing after it, or returns {@code null}. */
  private static Object parseWhole(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
      return null;
    }
    Object tree = TreeReader.readCurrent(parser);
    return parser.nextToken() == null ? tree : null;
  }

  /** Decodes {@code %XX} escapes into UTF-8 bytes; {@code null} if an escape is malformed. */
  private static byte[] percentDecode(String text) {
    byte[] out = new byte[text.length() * 3];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          return null;
        }
        int high = Character.digit(text.charAt(i + 1), 16);
        int low = Character.digit(text.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return null;
        }
        out[n++] = (byte) (high << 4 | low);
        i += 2;
      } else if (c < 0x80) {
        out[n++] = (byte) c;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < text.length()) {
          encoded = text.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        System.arraycopy(encoded, 0, out, n, encoded.length);
        n += encoded.length;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Writes a tree as compact JSON, keys in the tree's iteration order. Accepts the tree types
   * listed above plus any other {@link Number}, and writes {@code null} as JSON {@code null}.
   *
   * @param tree a tree value
   * @return the JSON text
   * @throws IllegalArgumentException if the tree holds a value of another type or a non-string key
   */
  public static String toJson(Object tree) {
    StringWriter out = new StringWriter();
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      write(generator, tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private static void write(JsonGenerator generator, Object value) throws IOException {
    if (value == null) {
      generator.writeNull();
    } else if (value instanceof String s) {
      generator.writeString(s);
    } else if (value instanceof Map<?, ?> map) {
      generator.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException("not a JSON object key: " + entry.getKey());
        }
        generator.writeFieldName(key);
        write(generator, entry.getValue());
      }
      generator.writeEndObject();
    } else if (value instanceof List<?> list) {
      generator.writeStartArray();
      for (Object item : list) {
        write(generator, item);
      }
      generator.writeEndArray();
    } else if (value instanceof Boolean b) {
      generator.writeBoolean(b);
    } else if (value instanceof Number number) {
      writeNumber(generator, number);
    } else {
      throw new IllegalArgumentException("not a JSON tree value: " + value.getClass().getName());
    }
  }

  private static void writeNumber(JsonGenerator generator, Number number) throws IOException {
    if (number instanceof BigDecimal decimal) {
      generator.writeNumber(decimal);
    } else if (number instanceof BigInteger integer) {
      generator.writeNumber(integer);
    } else if (number instanceof Double || number instanceof Float) {
      generator.writeNumber(number.doubleValue());
    } else {
      generator.writeNumber(number.longValue());
    }
  }
}
