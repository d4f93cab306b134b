package io.tfdrift.core.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one JSON value from a streaming parser into the tree shape the API promises: {@link Map}
 * (string keys), {@link List}, {@link String}, {@link Boolean}, {@link Long}, {@link
 * java.math.BigInteger}, {@link java.math.BigDecimal}; {@code null} members and elements are
 * omitted; maps and lists are immutable.
 */
final class JsonTreeReader {

  private JsonTreeReader() {}

  /**
   * Reads the value at the parser's current token and leaves the parser on its last token.
   *
   * @return the value, or {@code null} for JSON {@code null}
   */
  static Object readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      token = parser.nextToken();
    }
    return switch (token) {
      case START_OBJECT -> readObject(parser);
      case START_ARRAY -> readArray(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NUMBER_INT -> readInteger(parser);
      case VALUE_NUMBER_FLOAT -> parser.getDecimalValue();
      case VALUE_NULL -> null;
      default ->
          throw new IOException("unexpected JSON token " + token + " where a value was expected");
    };
  }

  /** Reads an object whose START_OBJECT is the current token. */
  static Map<String, Object> readObject(JsonParser parser) throws IOException {
    return readObject(parser, null);
  }

  /**
   * Reads an object whose START_OBJECT is the current token, adding the names of its {@code null}
   * members to {@code nullMembers} (when not {@code null}): they are left out of the map, but they
   * tell a member the writer knows from one it does not.
   */
  static Map<String, Object> readObject(JsonParser parser, Set<String> nullMembers)
      throws IOException {
    Map<String, Object> values = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      parser.nextToken();
      Object value = readValue(parser);
      if (value == null) {
        if (nullMembers != null) {
          nullMembers.add(field);
        }
        continue;
      }
      if (values == null) {
        values = new HashMap<>();
      }
      values.put(field, value);
    }
    return values == null ? Map.of() : Map.copyOf(values);
  }

  private static List<Object> readArray(JsonParser parser) throws IOException {
    List<Object> values = null;
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      Object value = readValue(parser);
      if (value == null) {
        continue;
      }
      if (values == null) {
        values = new ArrayList<>();
      }
      values.add(value);
    }
    return values == null ? List.of() : List.copyOf(values);
  }

  private static Object readInteger(JsonParser parser) throws IOException {
    return switch (parser.getNumberType()) {
      case INT, LONG -> parser.getLongValue();
      default -> parser.getBigIntegerValue();
    };
  }
}
