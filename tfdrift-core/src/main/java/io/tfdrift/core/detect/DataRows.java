package io.tfdrift.core.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The rows of a shipped data file: whitespace-separated words, {@code #} comments skipped. */
final class DataRows {
  private DataRows() {}

  /**
   * Reads a class-path data file once, at class initialisation.
   *
   * @param name the resource
   * @param columns the fewest words a row needs
   * @param shape the row's shape, for the error ({@code <type> <parent>})
   * @return each row's words
   * @throws IllegalStateException naming the file and the row that has too few words
   */
  static List<String[]> read(String name, int columns, String shape) {
    try (InputStream in = DataRows.class.getClassLoader().getResourceAsStream(name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(
              l -> {
                String[] words = l.split("\\s+");
                if (words.length < columns) {
                  throw new IllegalStateException(name + ": '" + l + "' is not '" + shape + "'");
                }
                return words;
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
