package io.tfdrift.core.decode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding characters (JSON lines are UTF-8, and the
 * newline byte never occurs inside a multi-byte UTF-8 sequence). A line's bytes stay valid until
 * the next call to {@link #next()}; a trailing {@code \r} is dropped.
 */
final class InputLines {

  private final InputStream in;
  private final byte[] chunk = new byte[1 << 16];
  private int position;
  private int limit;
  private byte[] line = new byte[1 << 12];
  private int length;
  private long number;

  InputLines(InputStream in) {
    this.in = in;
  }

  /**
   * Advances to the next line.
   *
   * @return {@code false} at the end of the input
   */
  boolean next() throws IOException {
    length = 0;
    boolean any = false;
    while (true) {
      if (position == limit) {
        limit = in.read(chunk);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          if (any) {
            number++;
          }
          return any;
        }
      }
      any = true;
      int newline = indexOfNewline();
      int end = newline < 0 ? limit : newline;
      append(position, end);
      if (newline >= 0) {
        position = newline + 1;
        number++;
        if (length > 0 && line[length - 1] == '\r') {
          length--;
        }
        return true;
      }
      position = limit;
    }
  }

  private int indexOfNewline() {
    for (int i = position; i < limit; i++) {
      if (chunk[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(int from, int to) {
    int count = to - from;
    if (length + count > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
    }
    System.arraycopy(chunk, from, line, length, count);
    length += count;
  }

  /** The current line's bytes, valid up to {@link #length()}. */
  byte[] bytes() {
    return line;
  }

  /** The current line's length in bytes. */
  int length() {
    return length;
  }

  /** The current line's number, starting at 1. */
  long number() {
    return number;
  }
}
