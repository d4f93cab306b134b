package io.tfdrift.core.mapping;

import io.tfdrift.api.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One map of a mapping-table document as parsed YAML, read by key: the only reader the table parser
 * uses. It knows its key path (for messages) and which of its keys were read, so that a key nobody
 * reads is reported as unknown with the keys that are known there.
 */
final class TableNode {
  private final String path;
  private final Map<String, Object> values;
  private final Set<String> asked = new LinkedHashSet<>();
  private final List<TableNode> children = new ArrayList<>();

  TableNode(String path, Map<?, ?> values) {
    this.path = path;
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(String.valueOf(k), v));
    this.values = copy;
  }

  String path() {
    return path;
  }

  /** The keys in document order. */
  Set<String> keys() {
    return values.keySet();
  }

  /** The value at a key as parsed ({@code null} if absent); the key counts as read. */
  Object raw(String key) {
    asked.add(key);
    return values.get(key);
  }

  /** Whether the key has a value; the key counts as read. */
  boolean has(String key) {
    return raw(key) != null;
  }

  /** A required single value. */
  String string(String key) {
    String value = string(key, null);
    if (value == null) {
      throw invalid(key, "missing; this key is required");
    }
    return value;
  }

  /** An optional single value, or the default. */
  String string(String key, String defaultValue) {
    Object value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    if (value instanceof Map || value instanceof List) {
      throw invalid(key, "expected a single value, found a " + shape(value));
    }
    return value.toString();
  }

  /** A map of names to single values, sorted by name; empty if absent. */
  Map<String, String> stringMap(String key) {
    Object value = raw(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(key, "expected a map of names to values, found a " + shape(value));
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (v == null || v instanceof Map || v instanceof List) {
        throw invalid(key + "." + e.getKey(), "expected a single value, found a " + shape(v));
      }
      out.put(e.getKey().toString(), v.toString());
    }
    return Map.copyOf(out);
  }

  /** The map at a key (empty if absent); its unread keys are reported with this node's. */
  TableNode child(String key) {
    Object value = raw(key);
    if (value != null && !(value instanceof Map)) {
      throw invalid(key, "expected a section (a map of keys), found a " + shape(value));
    }
    TableNode child = new TableNode(pathOf(key), value == null ? Map.of() : (Map<?, ?>) value);
    children.add(child);
    return child;
  }

  /**
   * The map at a key as a node of its own: its unread keys are its own to report (a table row
   * reports them when it is parsed, so a row that failed early does not add noise).
   */
  TableNode section(String key) {
    Object value = raw(key);
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(key, "expected a section (a map of keys), found a " + shape(value));
    }
    return new TableNode(pathOf(key), map);
  }

  /** A problem at a key of this node. */
  ConfigException invalid(String key, String problem) {
    return new ConfigException(pathOf(key), problem);
  }

  /** Every key of this node and the sections read from it that nothing read, with the fix. */
  List<String> unknownKeys() {
    List<String> problems = new ArrayList<>();
    for (String key : values.keySet()) {
      if (!asked.contains(key)) {
        problems.add(
            pathOf(key)
                + ": unknown key; known here: "
                + (asked.isEmpty() ? "none" : String.join(", ", asked)));
      }
    }
    children.forEach(c -> problems.addAll(c.unknownKeys()));
    return problems;
  }

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String shape(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map) {
      return "map";
    }
    return value instanceof List ? "list" : "value";
  }
}
