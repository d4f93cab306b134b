package io.tfdrift.core.config;

import java.util.List;
import java.util.Map;

/** {@code ${VAR}} and {@code ${VAR:-default}} in configuration values; {@code $$} is a dollar. */
final class Placeholders {
  private Placeholders() {}

  static String expand(String text, Map<String, String> env, String path, List<String> problems) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        int close = text.indexOf('}', i);
        int nameEnd = nameEnd(text, i + 2);
        boolean named =
            nameEnd > i + 2
                && close >= 0
                && (nameEnd == close || text.startsWith(":-", nameEnd) && nameEnd < close);
        if (!named) {
          // The value is not repeated: it may be a token with a '$' in it (found by fuzzing).
          problems.add(
              path
                  + ": '${' at character "
                  + (i + 1)
                  + (close < 0 ? " is never closed" : " is not followed by a variable name")
                  + "; write ${NAME} (letters, digits and _), ${NAME:-default}, or $$ for a"
                  + " dollar");
          return text;
        }
        out.append(resolve(text.substring(i + 2, close), env, path, problems));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Where a variable name starting at {@code start} ends ({@code start} if there is none). */
  private static int nameEnd(String text, int start) {
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      boolean letter = c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
      if (!(letter || i > start && c >= '0' && c <= '9')) {
        break;
      }
      i++;
    }
    return i;
  }

  private static String resolve(
      String expr, Map<String, String> env, String path, List<String> problems) {
    int dflt = expr.indexOf(":-");
    String name = dflt < 0 ? expr : expr.substring(0, dflt);
    String value = env.get(name);
    if (value != null && !value.isEmpty()) {
      return value;
    }
    if (dflt >= 0) {
      return expr.substring(dflt + 2);
    }
    problems.add(
        path
            + ": environment variable "
            + name
            + " is not set; export it or write ${"
            + name
            + ":-default}");
    return "";
  }
}
