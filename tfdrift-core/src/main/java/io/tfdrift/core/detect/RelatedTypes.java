package io.tfdrift.core.detect;

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
    Map<String, String> out = new HashMap<>();
    for (String[] row :
        DataRows.read("io/tfdrift/core/detect/related-types.txt", 2, "<type> <parent type>")) {
      out.put(row[0], row[1]);
    }
    return Map.copyOf(out);
  }
}
