package io.tfdrift.core.detect;

import io.tfdrift.core.decode.JsonTrees;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether a value from a cloud call means the same as the value in Terraform state. Raw equality is
 * what made upstream report drift for {@code "true"} against {@code true} and for a policy whose
 * JSON text differs only in whitespace; here values are compared by meaning:
 *
 * <ul>
 *   <li>{@code "true"}/{@code "false"} equal the booleans (case-insensitive);
 *   <li>numbers and numeric strings compare by value ({@code "300"} = {@code 300} = {@code 300.0});
 *   <li>a string holding JSON (or URL-encoded JSON) equals the parsed tree; key order and
 *       whitespace never matter;
 *   <li>absent, {@code null}, {@code ""}, {@code []} and {@code {}} are all "empty" and equal;
 *   <li>lists compare in order first, then as multisets, because Terraform keeps sets as lists in
 *       its own order; a one-element list equals its element (IAM's {@code "Action": "s3:x"} is
 *       {@code ["s3:x"]}).
 * </ul>
 */
public final class Values {
  private Values() {}

  /**
   * Compares two values by meaning.
   *
   * @param a one value (may be {@code null})
   * @param b the other (may be {@code null})
   * @return {@code true} if they mean the same
   */
  public static boolean equivalent(Object a, Object b) {
    if (a == b) {
      return true;
    }
    // JSON text is parsed before emptiness is judged: state's "{\"Statement\":[]}" is the
    // document {Statement: []}, not a non-empty string beside an empty map.
    if (a instanceof String s && !(b instanceof String) && b != null) {
      return equivalentParsed(parsed(s), b);
    }
    if (b instanceof String s && !(a instanceof String) && a != null) {
      return equivalentParsed(a, parsed(s));
    }
    if (isEmpty(a) || isEmpty(b)) {
      return isEmpty(a) && isEmpty(b);
    }
    return equivalent(a, b, false);
  }

  private static boolean equivalentParsed(Object a, Object b) {
    if (isEmpty(a) || isEmpty(b)) {
      return isEmpty(a) && isEmpty(b);
    }
    return equivalent(a, b, true);
  }

  private static boolean equivalent(Object a, Object b, boolean parsedOnce) {
    if (a instanceof String x && b instanceof String y) {
      return x.equals(y) || scalarEquals(x, y) || (!parsedOnce && jsonEquals(x, y));
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      return mapsEquivalent(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      return listsEquivalent(x, y);
    }
    if (a instanceof List<?> x && x.size() == 1) {
      return equivalent(x.get(0), b);
    }
    if (b instanceof List<?> y && y.size() == 1) {
      return equivalent(a, y.get(0));
    }
    if (a instanceof Map || b instanceof Map || a instanceof List || b instanceof List) {
      return false;
    }
    return scalarEquals(a.toString(), b.toString());
  }

  private static Object parsed(String s) {
    String t = s.strip();
    if (t.startsWith("{") || t.startsWith("[") || t.startsWith("%7B") || t.startsWith("%5B")) {
      return JsonTrees.parseEmbedded(s);
    }
    return s;
  }

  private static boolean jsonEquals(String x, String y) {
    Object px = parsed(x);
    Object py = parsed(y);
    if (px instanceof String || py instanceof String) {
      return false;
    }
    return equivalent(px, py, true);
  }

  private static boolean scalarEquals(String x, String y) {
    if (x.equals(y)) {
      return true;
    }
    if (isBoolean(x) && isBoolean(y)) {
      return x.equalsIgnoreCase(y);
    }
    BigDecimal nx = number(x);
    BigDecimal ny = nx == null ? null : number(y);
    return nx != null && ny != null && nx.compareTo(ny) == 0;
  }

  private static boolean isBoolean(String s) {
    return s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false");
  }

  private static BigDecimal number(String s) {
    if (s.isEmpty() || s.length() > 64) {
      return null;
    }
    char c = s.charAt(0);
    if (!(Character.isDigit(c) || c == '-' || c == '+' || c == '.')) {
      return null;
    }
    try {
      return new BigDecimal(s.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean mapsEquivalent(Map<?, ?> x, Map<?, ?> y) {
    Set<Object> keys = new HashSet<>(x.keySet());
    keys.addAll(y.keySet());
    for (Object key : keys) {
      if (!equivalent(x.get(key), y.get(key))) {
        return false;
      }
    }
    return true;
  }

  private static boolean listsEquivalent(List<?> x, List<?> y) {
    if (x.size() != y.size()) {
      return false;
    }
    boolean inOrder = true;
    for (int i = 0; i < x.size() && inOrder; i++) {
      inOrder = equivalent(x.get(i), y.get(i));
    }
    if (inOrder) {
      return true;
    }
    List<Object> unmatched = new ArrayList<>(y);
    for (Object item : x) {
      int found = -1;
      for (int j = 0; j < unmatched.size() && found < 0; j++) {
        if (equivalent(item, unmatched.get(j))) {
          found = j;
        }
      }
      if (found < 0) {
        return false;
      }
      unmatched.remove(found);
    }
    return true;
  }

  /**
   * Whether a value is empty: absent, {@code null}, blank text, an empty list, or a map whose
   * values are all empty.
   *
   * @param v the value
   * @return {@code true} if empty
   */
  public static boolean isEmpty(Object v) {
    if (v instanceof Map<?, ?> m) {
      for (Object value : m.values()) {
        if (!isEmpty(value)) {
          return false;
        }
      }
      return true;
    }
    return v == null
        || (v instanceof String s && s.isBlank())
        || (v instanceof List<?> l && l.isEmpty());
  }
}
