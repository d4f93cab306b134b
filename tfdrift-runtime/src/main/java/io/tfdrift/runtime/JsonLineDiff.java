package io.tfdrift.runtime;

import io.tfdrift.core.json.JsonTrees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Expected → actual as lines: a scalar as {@code - old} and {@code + new}; objects and arrays
 * (policies, rule sets) pretty-printed and compared line by line (longest common subsequence), so a
 * policy reads as the statements removed and added, the same as the dashboard shows it.
 */
final class JsonLineDiff {
  private JsonLineDiff() {}

  static List<String> diff(Object expected, Object actual) {
    List<String> a = pretty(expected);
    List<String> b = pretty(actual);
    List<String> out = new ArrayList<>();
    if (a.size() == 1 && b.size() == 1) {
      out.add("- " + a.get(0));
      out.add("+ " + b.get(0));
      return out;
    }
    int n = a.size();
    int m = b.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a.get(i).equals(b.get(j))) {
        out.add("  " + a.get(i++));
        j++;
      } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        out.add("+ " + b.get(j++));
      } else {
        out.add("- " + a.get(i++));
      }
    }
    return out;
  }

  /** A JSON tree as indented lines (two spaces), objects' keys in their order. */
  static List<String> pretty(Object value) {
    List<String> lines = new ArrayList<>();
    if (value == null) {
      lines.add("(absent)");
      return lines;
    }
    write(value, "", "", "", lines);
    return lines;
  }

  private static void write(
      Object value, String indent, String prefix, String suffix, List<String> lines) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      lines.add(indent + prefix + "{");
      int left = map.size();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = JsonTrees.toJson(String.valueOf(e.getKey())) + ": ";
        write(e.getValue(), indent + "  ", key, --left > 0 ? "," : "", lines);
      }
      lines.add(indent + "}" + suffix);
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      lines.add(indent + prefix + "[");
      int left = list.size();
      for (Object item : list) {
        write(item, indent + "  ", "", --left > 0 ? "," : "", lines);
      }
      lines.add(indent + "]" + suffix);
    } else {
      lines.add(indent + prefix + JsonTrees.toJson(value) + suffix);
    }
  }
}
