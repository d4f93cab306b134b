package io.tfdrift.testkit;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small {@link ComponentConfig} over a map for tests: the accessors read values as tfdrift does
 * (same duration syntax, key paths in messages, {@code _from_env}/{@code _from_file} secrets) and
 * remember what was read, so a test can check that a provider reads every key it documents.
 * tfdrift's own implementation adds "did you mean" suggestions and pluggable secret schemes.
 */
final class MapConfig implements ComponentConfig {
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final String path;
  private final Map<String, Object> values;
  private final Set<String> read;

  MapConfig(String path, Map<?, ?> values, Set<String> read) {
    this.path = path;
    this.values = new LinkedHashMap<>();
    values.forEach((k, v) -> this.values.put(String.valueOf(k), v));
    this.read = read;
  }

  static MapConfig root(String path, Map<String, ?> values) {
    return new MapConfig(path, values, new HashSet<>());
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Set<String> keys() {
    return Set.copyOf(values.keySet());
  }

  @Override
  public boolean has(String key) {
    return values.get(key) != null;
  }

  @Override
  public String string(String key) {
    return optionalString(key).orElseThrow(() -> invalid(key, "missing; this key is required"));
  }

  @Override
  public String string(String key, String defaultValue) {
    return optionalString(key).orElse(defaultValue);
  }

  @Override
  public Optional<String> optionalString(String key) {
    Object value = take(key);
    if (value instanceof Map || value instanceof List) {
      throw invalid(key, "expected a single value");
    }
    return Optional.ofNullable(value).map(Object::toString);
  }

  @Override
  public int integer(String key, int defaultValue) {
    Optional<String> text = optionalString(key);
    try {
      return text.map(t -> Integer.parseInt(t.trim())).orElse(defaultValue);
    } catch (NumberFormatException e) {
      throw invalid(key, "'" + text.get() + "' is not a whole number");
    }
  }

  @Override
  public boolean bool(String key, boolean defaultValue) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    return switch (text.get().trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, "'" + text.get() + "' is not a boolean; use true or false");
    };
  }

  @Override
  public Duration duration(String key, Duration defaultValue) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    String t = text.get().trim().toLowerCase(Locale.ROOT);
    Duration total;
    try {
      total = parseDuration(t);
    } catch (NumberFormatException | ArithmeticException beyondLong) {
      total = null;
    }
    if (total == null) {
      throw invalid(key, "'" + text.get() + "' is not a duration; use a value such as 10s or 5m");
    }
    return total;
  }

  private static Duration parseDuration(String t) {
    if (t.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(t));
    }
    Matcher m = DURATION_PART.matcher(t);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total =
          total.plus(
              switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
              });
      end = m.end();
    }
    return end == 0 || end != t.length() ? null : total;
  }

  @Override
  public List<String> strings(String key) {
    Object value = take(key);
    if (value == null) {
      return List.of();
    }
    if (value instanceof Map) {
      throw invalid(key, "expected a list of values, found a map");
    }
    if (!(value instanceof List<?> list)) {
      return List.of(value.toString());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item == null || item instanceof Map || item instanceof List) {
        throw invalid(key + "[" + i + "]", "expected a single value");
      }
      out.add(item.toString());
    }
    return List.copyOf(out);
  }

  @Override
  public Map<String, String> stringMap(String key) {
    Object value = take(key);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(key, "expected a map of names to values");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (v == null || v instanceof Map || v instanceof List) {
        throw invalid(key + "." + e.getKey(), "expected a single value");
      }
      out.put(String.valueOf(e.getKey()), v.toString());
    }
    return Map.copyOf(out);
  }

  @Override
  public ComponentConfig child(String key) {
    Object value = values.get(key);
    if (value != null && !(value instanceof Map)) {
      take(key);
      throw invalid(key, "expected a section (a map of keys)");
    }
    return new MapConfig(pathOf(key), value == null ? Map.of() : (Map<?, ?>) value, read);
  }

  @Override
  public List<ComponentConfig> children(String key) {
    Object value = values.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      take(key);
      throw invalid(key, "expected a list of sections");
    }
    List<ComponentConfig> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        take(key);
        throw invalid(key + "[" + i + "]", "expected a section (a map of keys)");
      }
      out.add(new MapConfig(pathOf(key) + "[" + i + "]", map, read));
    }
    return List.copyOf(out);
  }

  @Override
  public Secret secret(String key) {
    return optionalSecret(key)
        .orElseThrow(
            () -> invalid(key, "missing; set " + key + ", " + key + "_from_env or _from_file"));
  }

  @Override
  public Optional<Secret> optionalSecret(String key) {
    for (String other : values.keySet()) {
      if (other.startsWith(key + "_from_")
          && !other.equals(key + "_from_env")
          && !other.equals(key + "_from_file")) {
        take(other);
        throw invalid(
            other, "unknown secret source; use one of " + key + "_from_env, " + key + "_from_file");
      }
    }
    Optional<String> plain = optionalString(key);
    Optional<String> env = optionalString(key + "_from_env");
    Optional<String> file = optionalString(key + "_from_file");
    if (plain.isPresent()
        ? env.isPresent() || file.isPresent()
        : env.isPresent() && file.isPresent()) {
      throw invalid(
          key, "set only one of " + key + ", " + key + "_from_env, " + key + "_from_file");
    }
    if (env.isPresent()) {
      String value = System.getenv(env.get());
      if (value == null || value.isEmpty()) {
        throw invalid(key + "_from_env", "environment variable " + env.get() + " is not set");
      }
      return Optional.of(Secret.of(value));
    }
    if (file.isPresent()) {
      try {
        return Optional.of(
            Secret.of(Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip()));
      } catch (IOException e) {
        throw invalid(key + "_from_file", "cannot read secret file " + file.get());
      }
    }
    return plain.map(Secret::of);
  }

  /** Keys set under this configuration, at any depth, that nobody read. */
  List<String> unknownKeys() {
    List<String> out = new ArrayList<>();
    collect(path, values, out);
    return List.copyOf(out);
  }

  private void collect(String at, Map<?, ?> map, List<String> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String keyPath = at.isEmpty() ? e.getKey().toString() : at + "." + e.getKey();
      if (read.contains(keyPath) || e.getValue() == null) {
        continue;
      }
      if (e.getValue() instanceof Map<?, ?> inner && !inner.isEmpty()) {
        collect(keyPath, inner, out);
      } else if (e.getValue() instanceof List<?> list
          && !list.isEmpty()
          && list.stream().allMatch(Map.class::isInstance)) {
        for (int i = 0; i < list.size(); i++) {
          collect(keyPath + "[" + i + "]", (Map<?, ?>) list.get(i), out);
        }
      } else {
        out.add(keyPath + ": unknown key");
      }
    }
  }

  private Object take(String key) {
    read.add(pathOf(key));
    return values.get(key);
  }

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  @Override
  public String toString() {
    return "MapConfig[" + path + ", keys=" + values.keySet() + "]";
  }
}
