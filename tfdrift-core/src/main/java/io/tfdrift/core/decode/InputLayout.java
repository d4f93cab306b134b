package io.tfdrift.core.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;

/**
 * How an audit file is laid out, decided from its first bytes: one JSON document (an object, an
 * array, or several documents one after another), or JSON lines (one object per line, which is read
 * line by line so that a bad line costs only itself).
 */
enum InputLayout {
  /** Nothing but whitespace. */
  EMPTY,
  /** One JSON document, read with a single streaming parser. */
  DOCUMENT,
  /** One JSON object per line. */
  LINES;

  /**
   * Decides the layout. Input starting with {@code [} is a document. Input starting with {@code {}
   * is JSON lines when its first line, or (if the first line is broken) its second line, is a
   * complete object on its own; a pretty-printed document never has that, since its first line
   * is {@code {} or {@code {"Records": [}. Input whose first line does not end within the prefix
   * is read as a document, which also copes with several objects one after another.
   *
   * @param prefix the first bytes of the (decompressed) input
   * @param length how many bytes of {@code prefix} are valid
   * @param whole whether the prefix is the whole input
   */
  static InputLayout detect(byte[] prefix, int length, boolean whole) {
    int start = skipBlank(prefix, skipByteOrderMark(prefix, length), length);
    if (start == length) {
      return EMPTY;
    }
    if (prefix[start] != '{') {
      return DOCUMENT;
    }
    int firstEnd = lineEnd(prefix, start, length);
    if (firstEnd == length) {
      return DOCUMENT;
    }
    if (isObjectLine(prefix, start, firstEnd)) {
      return LINES;
    }
    int secondStart = firstEnd + 1;
    int secondEnd = lineEnd(prefix, secondStart, length);
    if (secondEnd == length && !whole) {
      return DOCUMENT;
    }
    return isObjectLine(prefix, secondStart, secondEnd) ? LINES : DOCUMENT;
  }

  static int skipByteOrderMark(byte[] bytes, int length) {
    boolean bom =
        length >= 3
            && bytes[0] == (byte) 0xEF
            && bytes[1] == (byte) 0xBB
            && bytes[2] == (byte) 0xBF;
    return bom ? 3 : 0;
  }

  static int skipBlank(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to
        && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
      i++;
    }
    return i;
  }

  private static int lineEnd(byte[] bytes, int from, int length) {
    for (int i = from; i < length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return length;
  }

  /** Whether the bytes hold exactly one complete JSON object, surrounded by whitespace only. */
  private static boolean isObjectLine(byte[] bytes, int from, int to) {
    int start = skipBlank(bytes, from, to);
    if (start == to || bytes[start] != '{') {
      return false;
    }
    try (JsonParser parser = JsonTrees.jsonFactory().createParser(bytes, start, to - start)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
