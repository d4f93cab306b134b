package io.tfdrift.core.detect;

import java.util.List;

/**
 * A shell-style pattern: {@code *} matches any run of characters, {@code ?} one character,
 * everything else itself. Used by drift rules ({@code aws_iam_*}) and principal lists ({@code
 * arn:aws:iam::*:role/terraform-*}).
 *
 * @param pattern the pattern as written
 */
public record Glob(String pattern) {

  /**
   * Whether the text matches.
   *
   * @param text the text
   * @return {@code true} on a match
   */
  public boolean matches(String text) {
    return matches(pattern, 0, text, 0);
  }

  /**
   * Whether any of the patterns matches the text.
   *
   * @param globs the patterns
   * @param text the text
   * @return {@code true} if one matches
   */
  public static boolean anyMatches(List<Glob> globs, String text) {
    // Indexed, not for-each: on the detection path the iterator is not always scalar-replaced.
    for (int i = 0; i < globs.size(); i++) {
      if (globs.get(i).matches(text)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(String p, int pi, String t, int ti) {
    int star = -1;
    int mark = 0;
    while (ti < t.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == t.charAt(ti))) {
        pi++;
        ti++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = ti;
      } else if (star >= 0) {
        pi = star + 1;
        ti = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }
}
