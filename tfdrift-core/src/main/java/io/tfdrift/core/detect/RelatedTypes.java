package io.tfdrift.core.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Which type models a sub-resource inline ({@code related-types.txt}), loaded once. */
final class RelatedTypes {
  private static final Map<String, String> PARENTS = load();

  private RelatedTypes() {}

  /** The parent type of a type, or {@code null}. */
  static String parentOf(String type) {
    return PARENTS.get(type);
  }

  private static Map<String, String> load() {
    String name = "io/tfdrift/core/detect/related-types.txt";
    Map<String, String> out = new HashMap<>();
    try (InputStream in = RelatedTypes.class.getClassLoader().getResourceAsStream(name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(
              l -> {
                String[] parts = l.split("\\s+");
                out.put(parts[0], parts[1]);
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(out);
  }
}
