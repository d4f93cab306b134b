package io.tfdrift.core.config;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Secret;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.core.secrets.BuiltInSecrets;
import java.time.Duration;
import java.util.ArrayList;
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
 * The host's side of a {@link ComponentConfig}: a section of the YAML configuration (a map of
 * strings, numbers, booleans, lists and maps) at a key path, which remembers which keys its
 * component read. After a provider's {@code create}, the host {@link #unknownKeys() reports} every
 * key nobody read, with a "did you mean" suggestion, and {@link #skip(String) skips} sections a
 * command deliberately leaves alone; neither is part of the plugin-facing interface.
 *
 * <pre>{@code
 * ConfigSection slack = ConfigSection.of("notifications.slack", Map.of("chanel", "#drift"));
 * provider.create(slack);
 * slack.unknownKeys(); // ["notifications.slack.chanel: unknown key; did you mean 'channel'?"]
 * }</pre>
 */
public final class ConfigSection implements ComponentConfig {
  /** The longest wrong value a message quotes (see {@link #quoted}). */
  private static final int QUOTED_MAX = 16;

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final String FROM = "_from_";

  private final String path;
  private final Map<String, ?> values;
  private final Map<String, SecretResolver> secrets;
  private final ReadKeys read;

  /**
   * A section backed by a map of YAML-shaped values.
   *
   * @param path the key path of this section, e.g. {@code notifications.slack}
   * @param values the section's keys and values
   * @param secrets resolvers by scheme ({@code env}, {@code file}, ...) for the {@code _from_*}
   *     keys
   * @return the section
   */
  public static ConfigSection of(
      String path, Map<String, ?> values, Map<String, SecretResolver> secrets) {
    return new ConfigSection(path, values, secrets, new ReadKeys());
  }

  /**
   * A section backed by a map, with the built-in {@code env} and {@code file} secret schemes.
   *
   * @param path the key path of this section
   * @param values the section's keys and values
   * @return the section
   */
  public static ConfigSection of(String path, Map<String, ?> values) {
    return of(path, values, BuiltInSecrets.RESOLVERS);
  }

  /**
   * The host's view of a configuration it handed out: every {@link ComponentConfig} the host makes
   * (the root and each {@link #child}/{@link #children} section) is a {@code ConfigSection}.
   *
   * @param config a configuration made by the host
   * @return the same object as a section
   * @throws IllegalArgumentException if it was made by someone else
   */
  public static ConfigSection of(ComponentConfig config) {
    if (config instanceof ConfigSection section) {
      return section;
    }
    throw new IllegalArgumentException(
        "not a configuration section made by tfdrift: " + config.getClass().getName());
  }

  private ConfigSection(
      String path, Map<String, ?> values, Map<String, SecretResolver> secrets, ReadKeys read) {
    this.path = path;
    this.values = new LinkedHashMap<>(values);
    this.secrets = Map.copyOf(secrets);
    this.read = read;
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
    read.ask(pathOf(key));
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
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Map || value instanceof List) {
      throw invalid(key, "expected a single value, found a " + shape(value));
    }
    return Optional.of(value.toString());
  }

  @Override
  public int integer(String key, int defaultValue) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(text.get().trim());
    } catch (NumberFormatException e) {
      throw invalid(key, quoted(text.get()) + " is not a whole number");
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
      default -> throw invalid(key, quoted(text.get()) + " is not a boolean; use true or false");
    };
  }

  @Override
  public Duration duration(String key, Duration defaultValue) {
    Optional<String> text = optionalString(key);
    if (text.isEmpty()) {
      return defaultValue;
    }
    return parseDuration(text.get().trim().toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                invalid(
                    key,
                    quoted(text.get())
                        + " is not a duration; use a value such as 500ms, 10s, 5m, 1h or 1h30m"));
  }

  static Optional<Duration> parseDuration(String text) {
    try {
      return parseDurationParts(text);
    } catch (NumberFormatException | ArithmeticException beyondLong) {
      // 90444...4s is no duration: say so, do not crash (found by ConfigFuzzTest).
      return Optional.empty();
    }
  }

  private static Optional<Duration> parseDurationParts(String text) {
    if (text.matches("\\d+")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    Matcher m = DURATION_PART.matcher(text);
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
    return end == text.length() && end > 0 ? Optional.of(total) : Optional.empty();
  }

  @Override
  public List<String> strings(String key) {
    Object value = take(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      if (value instanceof Map) {
        throw invalid(key, "expected a list of values, found a map");
      }
      return List.of(value.toString());
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      Object item = list.get(i);
      if (item == null || item instanceof Map || item instanceof List) {
        throw invalid(key + "[" + i + "]", "expected a single value, found a " + shape(item));
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
      throw invalid(key, "expected a map of names to values, found a " + shape(value));
    }
    Map<String, String> out = new TreeMap<>();
    map.forEach(
        (k, v) -> {
          if (v == null || v instanceof Map || v instanceof List) {
            throw invalid(key + "." + k, "expected a single value, found a " + shape(v));
          }
          out.put(k.toString(), v.toString());
        });
    return Map.copyOf(out);
  }

  /**
   * Marks a key and everything under it as read without reading it, for a command that deliberately
   * leaves a section alone ({@code tfdrift replay} without {@code --notify} does not build
   * notifiers). A skipped section is not checked for unknown keys.
   *
   * @param key the key
   */
  public void skip(String key) {
    read.consume(pathOf(key));
  }

  @Override
  public ConfigSection child(String key) {
    read.ask(pathOf(key));
    Object value = values.get(key);
    if (value == null) {
      return new ConfigSection(pathOf(key), Map.of(), secrets, read);
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(key, "expected a section (a map of keys), found a " + shape(value));
    }
    return new ConfigSection(pathOf(key), stringKeys(map), secrets, read);
  }

  @Override
  public List<ComponentConfig> children(String key) {
    read.ask(pathOf(key));
    Object value = values.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw invalid(key, "expected a list of sections, found a " + shape(value));
    }
    List<ComponentConfig> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      String itemPath = pathOf(key) + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw new ConfigException(
            itemPath, "expected a section (a map of keys), found a " + shape(list.get(i)));
      }
      out.add(new ConfigSection(itemPath, stringKeys(map), secrets, read));
    }
    return List.copyOf(out);
  }

  @Override
  public Secret secret(String key) {
    return optionalSecret(key)
        .orElseThrow(
            () ->
                invalid(
                    key,
                    "missing; set "
                        + key
                        + " or one of "
                        + key
                        + FROM
                        + String.join(", " + key + FROM, schemeKeys())));
  }

  @Override
  public Optional<Secret> optionalSecret(String key) {
    List<String> forms = new ArrayList<>();
    if (has(key)) {
      forms.add(key);
    }
    for (String scheme : schemeKeys()) {
      if (has(key + FROM + scheme)) {
        forms.add(key + FROM + scheme);
      }
    }
    for (String other : values.keySet()) {
      if (other.startsWith(key + FROM) && !forms.contains(other)) {
        read.consume(pathOf(other));
        throw invalid(
            other,
            "unknown secret source; use one of "
                + key
                + FROM
                + String.join(", " + key + FROM, schemeKeys()));
      }
    }
    if (forms.isEmpty()) {
      return Optional.empty();
    }
    if (forms.size() > 1) {
      throw invalid(key, "set only one of " + String.join(", ", forms));
    }
    String form = forms.get(0);
    String reference = string(form);
    if (form.equals(key)) {
      return Optional.of(Secret.of(reference));
    }
    String scheme = form.substring(key.length() + FROM.length()).replace('_', '-');
    try {
      return Optional.of(secrets.get(scheme).resolve(reference));
    } catch (ConfigException e) {
      throw invalid(form, e.getMessage());
    }
  }

  private List<String> schemeKeys() {
    return secrets.keySet().stream().map(s -> s.replace('-', '_')).sorted().toList();
  }

  /**
   * One problem line for every key under this section (at any depth) that was set but never read,
   * with a "did you mean" suggestion taken from the keys that were asked for, e.g. {@code
   * notifications.slack.chanel: unknown key; did you mean 'channel'?}. The host calls this after a
   * provider's {@code create} so that a misspelt key fails start-up instead of being ignored.
   *
   * @return the problems, empty if every key was read
   */
  public List<String> unknownKeys() {
    List<String> problems = new ArrayList<>();
    collectUnread(path, values, problems);
    return List.copyOf(problems);
  }

  private void collectUnread(String at, Map<?, ?> map, List<String> problems) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String keyPath = at.isEmpty() ? e.getKey().toString() : at + "." + e.getKey();
      if (read.consumed.contains(keyPath) || e.getValue() == null) {
        continue;
      }
      if (read.asked.contains(keyPath) && e.getValue() instanceof Map<?, ?> inner) {
        collectUnread(keyPath, inner, problems);
      } else if (read.asked.contains(keyPath) && e.getValue() instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i) instanceof Map<?, ?> inner) {
            collectUnread(keyPath + "[" + i + "]", inner, problems);
          }
        }
      } else {
        problems.add(keyPath + ": unknown key" + suggestion(at, e.getKey().toString()));
      }
    }
  }

  private String suggestion(String at, String key) {
    String prefix = at.isEmpty() ? "" : at + ".";
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String asked : read.asked) {
      if (!asked.startsWith(prefix) || asked.indexOf('.', prefix.length()) >= 0) {
        continue;
      }
      String candidate = asked.substring(prefix.length());
      int d = distance(key, candidate);
      if (d < bestDistance || (d == bestDistance && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3)
        ? "; did you mean '" + best + "'?"
        : "; remove it or check the documentation for the keys of "
            + (at.isEmpty() ? "the root" : at);
  }

  /** Levenshtein distance, for "did you mean" suggestions. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private Object take(String key) {
    read.consume(pathOf(key));
    return values.get(key);
  }

  private String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /**
   * A wrong value as a message shows it: a short one (a typo such as {@code 'ten seconds'}) in
   * quotes, a long one only by its length. A long value in the wrong key is usually a secret or a
   * URL that a placeholder put there ({@code ${SLACK_WEBHOOK}}), and messages end up in logs.
   */
  static String quoted(String value) {
    return value.length() <= QUOTED_MAX
        ? "'" + value + "'"
        : "a value of " + value.length() + " characters (not shown: it may be a secret)";
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

  @Override
  public String toString() {
    return "ComponentConfig[" + path + "]";
  }
}
