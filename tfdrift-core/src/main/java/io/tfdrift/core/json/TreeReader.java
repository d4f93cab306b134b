package io.tfdrift.core.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * Reads JSON values from a {@link JsonParser} into {@link JsonObject} / {@link JsonArray} trees:
 * the one reader of JSON trees, for audit records and Terraform state alike. Keeps one scratch
 * buffer per nesting depth and thread, so that reading an object allocates only its exactly sized
 * entry array; buffers that grew large are not retained.
 */
final class TreeReader {

  private static final ThreadLocal<TreeReader> PER_THREAD =
      ThreadLocal.withInitial(TreeReader::new);
  private static final int INITIAL_SLOTS = 16;
  private static final int RETAINED_SLOTS = 1 << 12;

  private Object[][] scratch = new Object[8][];
  private int depth;
  private boolean busy;
  private Set<String> nullMembers;

  private TreeReader() {}

  /**
   * Reads the value at the parser's current token, leaving the parser on its last token.
   *
   * @return the tree value, or {@code null} for JSON {@code null}
   */
  static Object readCurrent(JsonParser parser) throws IOException {
    return readCurrent(parser, null);
  }

  /**
   * Reads the value at the parser's current token, adding the names of the outermost object's
   * {@code null} members to {@code nullMembers}: they are left out of the tree like every {@code
   * null}, but they tell a member the writer knows from one it does not (Terraform writes every
   * attribute of a resource's schema).
   *
   * @param nullMembers where to add the names, or {@code null} to not collect them
   * @return the tree value, or {@code null} for JSON {@code null}
   */
  static Object readCurrent(JsonParser parser, Set<String> nullMembers) throws IOException {
    TreeReader reader = PER_THREAD.get();
    if (reader.busy) {
      reader = new TreeReader();
    }
    reader.busy = true;
    reader.nullMembers = nullMembers;
    try {
      return reader.value(parser, parser.currentToken());
    } finally {
      reader.busy = false;
      reader.depth = 0;
      reader.nullMembers = null;
    }
  }

  private Object value(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      throw new JsonParseException(parser, "expected a JSON value, found the end of the input");
    }
    return switch (token) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> array(parser);
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> integer(parser);
      case VALUE_NUMBER_FLOAT -> decimal(parser);
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new JsonParseException(parser, "expected a JSON value, found " + token);
    };
  }

  /**
   * A decimal, or a parse error for one such as {@code 1e5555555555} that no {@link
   * java.math.BigDecimal} holds: Jackson throws {@link NumberFormatException} there, which no
   * reader of outside bytes expects (found by FalcoAlertFuzzTest#ndjsonBatch).
   */
  private static Object decimal(JsonParser parser) throws IOException {
    try {
      return parser.getDecimalValue();
    } catch (NumberFormatException e) {
      throw new JsonParseException(
          parser, "a number whose exponent is beyond what a decimal holds");
    }
  }

  private static Object integer(JsonParser parser) throws IOException {
    JsonParser.NumberType type = parser.getNumberType();
    if (type == JsonParser.NumberType.BIG_INTEGER) {
      return parser.getBigIntegerValue();
    }
    return parser.getLongValue();
  }

  private Object[] buffer(int level) {
    if (level == scratch.length) {
      scratch = Arrays.copyOf(scratch, level * 2);
    }
    Object[] buffer = scratch[level];
    if (buffer == null) {
      buffer = new Object[INITIAL_SLOTS];
      scratch[level] = buffer;
    }
    return buffer;
  }

  private Object[] grow(int level, Object[] buffer) {
    Object[] bigger = Arrays.copyOf(buffer, buffer.length * 2);
    scratch[level] = bigger;
    return bigger;
  }

  private void release(int level, Object[] buffer, int used) {
    if (buffer.length > RETAINED_SLOTS) {
      scratch[level] = null;
    } else {
      Arrays.fill(buffer, 0, used, null);
    }
  }

  private JsonObject object(JsonParser parser) throws IOException {
    int level = depth++;
    Object[] buffer = buffer(level);
    int used = 0;
    try {
      String name;
      while ((name = parser.nextFieldName()) != null) {
        Object value = value(parser, parser.nextToken());
        if (value == null) {
          if (level == 0 && nullMembers != null) {
            nullMembers.add(name);
          }
          continue;
        }
        if (used + 2 > buffer.length) {
          buffer = grow(level, buffer);
        }
        buffer[used++] = name;
        buffer[used++] = value;
      }
    } finally {
      depth = level;
    }
    if (used == 0) {
      return JsonObject.EMPTY;
    }
    Object[] entries = Arrays.copyOf(buffer, used);
    release(level, buffer, used);
    return JsonObject.of(entries, used / 2);
  }

  private JsonArray array(JsonParser parser) throws IOException {
    int level = depth++;
    Object[] buffer = buffer(level);
    int used = 0;
    try {
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
        Object value = value(parser, token);
        if (value == null) {
          continue;
        }
        if (used == buffer.length) {
          buffer = grow(level, buffer);
        }
        buffer[used++] = value;
      }
    } finally {
      depth = level;
    }
    if (used == 0) {
      return JsonArray.EMPTY;
    }
    Object[] items = Arrays.copyOf(buffer, used);
    release(level, buffer, used);
    return JsonArray.of(items);
  }
}
