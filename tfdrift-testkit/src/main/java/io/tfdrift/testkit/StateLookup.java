package io.tfdrift.testkit;

import io.tfdrift.api.ManagedResource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a resource by type and identifier as tfdrift's state index does, from the same two tables
 * ({@code identifier-attributes.txt}, {@code type-aliases.txt}; tfdrift-core's tests check that
 * these copies equal core's): every attribute the table lists for the type (id, ARN, self link, a
 * provider's unique id, a name, or a template joining several), the {@code projects/...} path and
 * short name of a Google self link, and the type's other name. When several resources carry the
 * identifier, the strongest claim wins, then the first resource.
 */
final class StateLookup {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9_]+)\\}");

  /** How strongly a value names a resource; strongest first. */
  private enum Claim {
    PRIMARY,
    SECONDARY,
    NAME
  }

  private record Rule(String attribute, Claim claim, List<String> types) {
    boolean appliesTo(String type) {
      if (types.isEmpty()) {
        return true;
      }
      for (String t : types) {
        if (t.endsWith("*") ? type.startsWith(t.substring(0, t.length() - 1)) : type.equals(t)) {
          return true;
        }
      }
      return false;
    }

    String valueIn(Map<String, Object> attributes) {
      if (!attribute.contains("{")) {
        return text(attributes.get(attribute));
      }
      Matcher m = PLACEHOLDER.matcher(attribute);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        String part = text(attributes.get(m.group(1)));
        if (part == null) {
          return null;
        }
        m.appendReplacement(out, Matcher.quoteReplacement(part));
      }
      m.appendTail(out);
      return out.toString();
    }
  }

  private static final List<Rule> RULES = rules(load("identifier-attributes.txt"));
  private static final Map<String, String> CANONICAL = aliases(load("type-aliases.txt"));

  private StateLookup() {}

  static Optional<ManagedResource> find(
      List<ManagedResource> resources, String type, String identifier) {
    ManagedResource best = null;
    Claim bestClaim = null;
    for (ManagedResource r : resources) {
      if (!r.type().equals(type) && !type.equals(CANONICAL.get(r.type()))) {
        continue;
      }
      Claim claim = claimOf(r, identifier);
      if (claim != null && (bestClaim == null || claim.compareTo(bestClaim) < 0)) {
        best = r;
        bestClaim = claim;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The strongest claim the resource has on the identifier, or {@code null}. */
  private static Claim claimOf(ManagedResource r, String identifier) {
    Claim strongest = null;
    for (Rule rule : RULES) {
      if (!rule.appliesTo(r.type())) {
        continue;
      }
      String value = rule.valueIn(r.attributes());
      if (value == null) {
        continue;
      }
      Claim claim = claimOf(value, rule.claim(), identifier);
      if (claim != null && (strongest == null || claim.compareTo(strongest) < 0)) {
        strongest = claim;
      }
    }
    return strongest;
  }

  // Google resources are named by self link, by its path, and by their short name.
  private static Claim claimOf(String value, Claim claim, String identifier) {
    if (value.equals(identifier)) {
      return claim;
    }
    String path = value;
    if (value.startsWith("https://") || value.startsWith("http://")) {
      int projects = value.indexOf("/projects/");
      if (projects < 0) {
        return null;
      }
      path = value.substring(projects + 1);
      if (path.equals(identifier)) {
        return claim;
      }
    }
    if (path.startsWith("projects/")
        && path.substring(path.lastIndexOf('/') + 1).equals(identifier)) {
      return Claim.NAME;
    }
    return null;
  }

  private static String text(Object value) {
    if (value instanceof String s) {
      return s.isEmpty() ? null : s;
    }
    if (value instanceof Long || value instanceof BigInteger) {
      return value.toString();
    }
    return null;
  }

  private static List<Rule> rules(String table) {
    List<Rule> rules = new ArrayList<>();
    for (String[] row : rows(table)) {
      List<String> types = row.length > 2 ? List.of(row[2].split(",")) : List.of();
      rules.add(new Rule(row[0], Claim.valueOf(row[1].toUpperCase(java.util.Locale.ROOT)), types));
    }
    return List.copyOf(rules);
  }

  private static Map<String, String> aliases(String table) {
    Map<String, String> out = new HashMap<>();
    for (String[] row : rows(table)) {
      out.put(row[0], row[1]);
    }
    return Map.copyOf(out);
  }

  private static List<String[]> rows(String table) {
    List<String[]> rows = new ArrayList<>();
    for (String line : table.split("\n")) {
      String row = line.strip();
      if (!row.isEmpty() && !row.startsWith("#")) {
        rows.add(row.split("\\s+"));
      }
    }
    return rows;
  }

  private static String load(String name) {
    try (InputStream in = StateLookup.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the tfdrift-testkit jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
