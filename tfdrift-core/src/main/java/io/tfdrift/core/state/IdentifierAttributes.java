package io.tfdrift.core.state;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Which attributes identify a resource instance, with how strongly: the table in {@code
 * identifier-attributes.txt}.
 */
final class IdentifierAttributes {

  static final String RESOURCE = "identifier-attributes.txt";

  /** How strongly an identifier value claims an instance; declared strongest first. */
  enum Claim {
    PRIMARY,
    SECONDARY,
    NAME;

    boolean beats(Claim other) {
      return ordinal() < other.ordinal();
    }
  }

  /**
   * One row of the table. The attribute is a name ({@code arn}) or a template joining several
   * ({@code {user}/{policy_arn}}), for resources whose id cannot be derived from a cloud call but
   * whose attributes together name them.
   */
  record Rule(String attribute, Claim claim, List<String> types) {
    Rule {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(claim, "claim");
      types = List.copyOf(types);
    }

    /** The identifier this rule reads from an instance's attributes, or {@code null}. */
    String valueIn(Map<String, Object> attributes) {
      int open = attribute.indexOf('{');
      if (open < 0) {
        return text(attributes.get(attribute));
      }
      StringBuilder out = new StringBuilder(attribute.substring(0, open));
      while (open >= 0) {
        int close = attribute.indexOf('}', open);
        String part = text(attributes.get(attribute.substring(open + 1, close)));
        if (part == null) {
          return null;
        }
        out.append(part);
        open = attribute.indexOf('{', close);
        out.append(attribute, close + 1, open < 0 ? attribute.length() : open);
      }
      return out.toString();
    }

    boolean appliesTo(String type) {
      if (types.isEmpty()) {
        return true;
      }
      for (String pattern : types) {
        boolean matches =
            pattern.endsWith("*")
                ? type.startsWith(pattern.substring(0, pattern.length() - 1))
                : type.equals(pattern);
        if (matches) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class Bundled {
    static final IdentifierAttributes TABLE = load();
  }

  private final List<Rule> rules;

  IdentifierAttributes(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The table shipped with TFDrift. */
  static IdentifierAttributes bundled() {
    return Bundled.TABLE;
  }

  List<Rule> rules() {
    return rules;
  }

  /** The rules that apply to one resource type, in table order. */
  List<Rule> rulesFor(String type) {
    List<Rule> applicable = new ArrayList<>();
    for (Rule rule : rules) {
      if (rule.appliesTo(type)) {
        applicable.add(rule);
      }
    }
    return List.copyOf(applicable);
  }

  private static IdentifierAttributes load() {
    try (InputStream in = IdentifierAttributes.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the tfdrift-core jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Parses the table format.
   *
   * @throws IllegalArgumentException naming the line, for a malformed row
   */
  static IdentifierAttributes parse(String text) {
    List<Rule> rules = new ArrayList<>();
    int lineNumber = 0;
    try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        String row = line.strip();
        if (row.isEmpty() || row.startsWith("#")) {
          continue;
        }
        rules.add(parseRow(row, lineNumber));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new IdentifierAttributes(rules);
  }

  private static Rule parseRow(String row, int lineNumber) {
    String[] columns = row.split("\\s+");
    if (columns.length < 2 || columns.length > 3) {
      throw new IllegalArgumentException(
          RESOURCE + " line " + lineNumber + ": expected '<attribute> <claim> [<types>]'");
    }
    Claim claim;
    try {
      claim = Claim.valueOf(columns[1].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          RESOURCE
              + " line "
              + lineNumber
              + ": unknown claim '"
              + columns[1]
              + "'; use primary, secondary or name",
          e);
    }
    List<String> types = columns.length == 3 ? List.of(columns[2].split(",")) : List.of();
    if (!wellFormed(columns[0])) {
      throw new IllegalArgumentException(
          RESOURCE
              + " line "
              + lineNumber
              + ": '"
              + columns[0]
              + "' is neither an attribute name nor a template such as {user}/{policy_arn}");
    }
    return new Rule(columns[0], claim, types);
  }

  private static boolean wellFormed(String attribute) {
    int depth = 0;
    int names = 0;
    for (int i = 0; i < attribute.length(); i++) {
      char c = attribute.charAt(i);
      if (c == '{') {
        if (depth++ > 0 || (i + 1 < attribute.length() && attribute.charAt(i + 1) == '}')) {
          return false;
        }
        names++;
      } else if (c == '}' && depth-- != 1) {
        return false;
      }
    }
    return depth == 0 && (names > 0 || !attribute.contains("}"));
  }

  /** An identifier's text: a non-empty string or an integer; anything else names nothing. */
  static String text(Object value) {
    if (value instanceof String s) {
      return s.isEmpty() ? null : s;
    }
    if (value instanceof Long || value instanceof BigInteger) {
      return value.toString();
    }
    return null;
  }
}
