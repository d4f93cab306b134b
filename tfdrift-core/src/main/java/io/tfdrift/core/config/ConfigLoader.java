package io.tfdrift.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.SecretResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads the YAML configuration file: expands {@code ${VAR}} and {@code ${VAR:-default}}
 * placeholders in every value, then applies {@code TFDRIFT_<UPPER_SNAKE_PATH>} environment
 * overrides ({@code TFDRIFT_FALCO_AUTH_TOKEN} sets {@code falco.auth_token}). Every problem is
 * collected and reported at once, with its key path or line.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String PREFIX = "TFDRIFT_";
  private static final List<String> PROVIDERS = List.of("aws", "gcp");
  private static final List<String> NOTIFIERS =
      List.of("console", "jsonl", "webhook", "slack", "pagerduty");

  /** Environment variables read by logging directly, not overrides of a key. */
  private static final List<String> RESERVED =
      List.of("TFDRIFT_LOG_LEVEL", "TFDRIFT_LOG_COMPONENTS");

  private static final List<String> KNOWN_KEYS = knownKeys();

  private ConfigLoader() {}

  /**
   * The loaded configuration and what the loader could not use.
   *
   * @param tree the expanded, overridden YAML tree
   * @param ignoredOverrides {@code TFDRIFT_*} variables that name no configuration key, to warn
   *     about
   */
  public record Loaded(Map<String, Object> tree, List<String> ignoredOverrides) {

    /**
     * The root section, resolving secrets with the given schemes.
     *
     * @param secrets resolvers by scheme
     * @return the root section
     */
    public ConfigSection root(Map<String, SecretResolver> secrets) {
      return ConfigSection.of("", tree, secrets);
    }

    /**
     * The settings of one secret scheme, {@code secrets.<scheme>}, usually empty.
     *
     * @param scheme the scheme
     * @return the section's keys and values
     */
    public Map<String, Object> secretSettings(String scheme) {
      if (tree.get("secrets") instanceof Map<?, ?> all
          && all.get(scheme) instanceof Map<?, ?> one) {
        Map<String, Object> out = new LinkedHashMap<>();
        one.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
      }
      return Map.of();
    }
  }

  /**
   * Loads a configuration file.
   *
   * @param file the YAML file
   * @param env the environment (usually {@link System#getenv()})
   * @return the configuration
   * @throws ConfigException for a missing or unreadable file, bad YAML, or unset placeholders
   */
  public static Loaded load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "", "configuration file " + file.toAbsolutePath() + " does not exist; check --config");
    } catch (IOException e) {
      throw new ConfigException(
          "", "cannot read configuration file " + file.toAbsolutePath() + ": " + e.getMessage());
    }
    return parse(text, file.toString(), env);
  }

  /**
   * Loads configuration text.
   *
   * @param yaml the YAML text
   * @param source where it came from, for messages
   * @param env the environment
   * @return the configuration
   * @throws ConfigException for bad YAML or unset placeholders
   */
  public static Loaded parse(String yaml, String source, Map<String, String> env) {
    Map<String, Object> tree = readTree(yaml, source);
    List<String> problems = new ArrayList<>();
    @SuppressWarnings("unchecked")
    Map<String, Object> expanded = (Map<String, Object>) expand(tree, "", env, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    List<String> ignored = applyOverrides(expanded, env);
    return new Loaded(expanded, ignored);
  }

  private static Map<String, Object> readTree(String yaml, String source) {
    if (yaml.isBlank()) {
      return new LinkedHashMap<>();
    }
    try {
      Object tree = YAML.readValue(yaml, Object.class);
      if (tree == null) {
        return new LinkedHashMap<>();
      }
      if (!(tree instanceof Map<?, ?> map)) {
        throw new ConfigException("", source + ": the top level must be a map of keys");
      }
      return mutable(map);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException("", source + ": not valid YAML" + where + ": " + problem(e));
    }
  }

  /**
   * What the YAML parser found, without the excerpt of the file it quotes: the excerpt repeats the
   * line, and a line of a configuration file may hold a token or a webhook URL.
   */
  private static String problem(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked) {
      String context = marked.getContext();
      String problem = marked.getProblem();
      return (context == null ? "" : context + ": ") + (problem == null ? "malformed" : problem);
    }
    String message = e.getOriginalMessage();
    int excerpt = message == null ? -1 : message.indexOf('\n');
    return message == null ? "malformed" : excerpt < 0 ? message : message.substring(0, excerpt);
  }

  private static Map<String, Object> mutable(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v instanceof Map<?, ?> m ? mutable(m) : v));
    return out;
  }

  private static Object expand(
      Object value, String path, Map<String, String> env, List<String> problems) {
    if (value instanceof String s) {
      return Placeholders.expand(s, env, path, problems);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, v) ->
              out.put(String.valueOf(k), expand(v, join(path, String.valueOf(k)), env, problems)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        out.add(expand(list.get(i), path + "[" + i + "]", env, problems));
      }
      return out;
    }
    return value;
  }

  /** Applies {@code TFDRIFT_*} overrides; returns the variables that name no key. */
  private static List<String> applyOverrides(Map<String, Object> tree, Map<String, String> env) {
    List<String> ignored = new ArrayList<>();
    for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(PREFIX) || RESERVED.contains(name)) {
        continue;
      }
      String rest = name.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
      if (!override(tree, "", rest, e.getValue())) {
        ignored.add(name);
      }
    }
    return List.copyOf(ignored);
  }

  @SuppressWarnings("unchecked")
  private static boolean override(
      Map<String, Object> node, String path, String rest, String value) {
    String best = null;
    for (String key : candidates(node, path)) {
      boolean fits = rest.equals(key) || rest.startsWith(key + "_");
      if (fits && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    if (best == null) {
      return false;
    }
    if (rest.equals(best)) {
      Object old = node.get(best);
      if (old instanceof Map) {
        return false;
      }
      boolean list = old instanceof List<?> || KNOWN_KEYS.contains(join(path, best) + "[]");
      node.put(best, list ? List.of(value.split("\\s*,\\s*")) : value);
      return true;
    }
    Object child = node.get(best);
    if (child == null) {
      child = new LinkedHashMap<String, Object>();
      node.put(best, child);
    }
    if (!(child instanceof Map<?, ?>)) {
      return false;
    }
    return override(
        (Map<String, Object>) child, join(path, best), rest.substring(best.length() + 1), value);
  }

  /** Keys an override may name at a path: those in the file and those in config-keys.txt. */
  private static List<String> candidates(Map<String, Object> node, String path) {
    List<String> out = new ArrayList<>(node.keySet());
    String prefix = path.isEmpty() ? "" : path + ".";
    for (String known : KNOWN_KEYS) {
      if (known.startsWith(prefix)) {
        String next = known.substring(prefix.length()).replace("[]", "");
        int dot = next.indexOf('.');
        out.add(dot < 0 ? next : next.substring(0, dot));
      }
    }
    return out;
  }

  /**
   * The documented keys directly under a section, from the configuration reference (e.g. {@code
   * providers.aws.state} gives {@code local_path}, {@code s3_bucket}, ...): the vocabulary for "did
   * you mean" suggestions where the component that reads the section could not be created.
   *
   * @param section a section's key path, list indexes and all ({@code providers.aws.states[1]} is
   *     read as {@code providers.aws.state})
   * @return the key names, without the section's path
   */
  public static List<String> documentedKeys(String section) {
    String prefix = section.replaceAll("\\.states\\[\\d+]$", ".state") + ".";
    List<String> out = new ArrayList<>();
    for (String known : KNOWN_KEYS) {
      if (known.startsWith(prefix)) {
        String rest = known.substring(prefix.length()).replace("[]", "");
        if (rest.indexOf('.') < 0 && !out.contains(rest)) {
          out.add(rest);
        }
      }
    }
    return List.copyOf(out);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static List<String> knownKeys() {
    List<String> out = new ArrayList<>();
    String name = "io/tfdrift/core/config/config-keys.txt";
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(name);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      r.lines()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .forEach(
              l -> {
                for (String provider : PROVIDERS) {
                  for (String notifier : NOTIFIERS) {
                    String key = l.replace("<provider>", provider).replace("<notifier>", notifier);
                    if (!out.contains(key)) {
                      out.add(key);
                    }
                  }
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(out);
  }
}
