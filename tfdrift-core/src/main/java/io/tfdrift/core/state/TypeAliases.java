package io.tfdrift.core.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Resource types the provider registers under a second name ({@code aws_alb} is {@code aws_lb}):
 * the table in {@code type-aliases.txt}, loaded once. State keeps whichever name the configuration
 * used, mapping tables name the canonical one.
 */
final class TypeAliases {
  static final String RESOURCE = "type-aliases.txt";

  private static final Map<String, String> CANONICAL = parse(load());

  private TypeAliases() {}

  /**
   * The type an alias stands for.
   *
   * @param type a resource type as state holds it
   * @return the canonical type, or {@code null} if {@code type} is not an alias
   */
  static String canonicalOf(String type) {
    return CANONICAL.get(type);
  }

  private static String load() {
    try (InputStream in = TypeAliases.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the tfdrift-core jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Parses the table format: {@code <alias> <canonical type>} per line, {@code #} comments.
   *
   * @throws IllegalArgumentException naming the line, for a malformed row
   */
  static Map<String, String> parse(String text) {
    Map<String, String> out = new HashMap<>();
    int lineNumber = 0;
    try (BufferedReader lines = new BufferedReader(new java.io.StringReader(text))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        String row = line.strip();
        if (row.isEmpty() || row.startsWith("#")) {
          continue;
        }
        String[] columns = row.split("\\s+");
        if (columns.length != 2 || columns[0].equals(columns[1])) {
          throw new IllegalArgumentException(
              RESOURCE + " line " + lineNumber + ": expected '<alias> <canonical type>'");
        }
        if (out.put(columns[0], columns[1]) != null) {
          throw new IllegalArgumentException(
              RESOURCE + " line " + lineNumber + ": " + columns[0] + " is listed twice");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(out);
  }
}
