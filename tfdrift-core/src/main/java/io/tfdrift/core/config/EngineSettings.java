package io.tfdrift.core.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Severity;
import io.tfdrift.core.detect.DriftRule;
import io.tfdrift.core.detect.Glob;
import io.tfdrift.core.detect.RuleSet;
import io.tfdrift.core.detect.Schedule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the detection engine needs from the configuration: the states, the drift rules and who
 * applies Terraform. Reading collects every problem and throws them together.
 *
 * @param states the configured states
 * @param rules the drift rules (the built-in ones when none are configured)
 * @param terraformPrincipals patterns of the identities that run {@code terraform apply}
 */
public record EngineSettings(
    List<StateSettings> states, RuleSet rules, List<String> terraformPrincipals) {

  /** How often states are re-fetched unless a state says otherwise. */
  public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(5);

  private static final List<String> CLOUDS = List.of("aws", "gcp");

  /** Copies the lists. */
  public EngineSettings {
    states = List.copyOf(states);
    terraformPrincipals = List.copyOf(terraformPrincipals);
  }

  /**
   * Reads the engine's part of the configuration.
   *
   * @param root the root section
   * @return the settings
   * @throws ConfigException listing every problem with its key path
   */
  public static EngineSettings read(ComponentConfig root) {
    Problems problems = new Problems();
    EngineSettings settings = read(root, problems);
    problems.throwIfAny();
    return settings;
  }

  /**
   * Reads the engine's part of the configuration, collecting problems instead of throwing, so that
   * a caller can go on validating other sections and report everything at once.
   *
   * @param root the root section
   * @param problems where problems go
   * @return the settings, built from what could be read
   */
  public static EngineSettings read(ComponentConfig root, Problems problems) {
    Duration refresh =
        problems
            .read(() -> root.duration("state_refresh_interval", DEFAULT_REFRESH))
            .orElse(DEFAULT_REFRESH);
    List<StateSettings> states = new ArrayList<>();
    ComponentConfig providers = root.child("providers");
    for (String cloud : CLOUDS) {
      problems.check(() -> readProvider(providers.child(cloud), cloud, refresh, states));
    }
    for (String other : providers.keys()) {
      if (!CLOUDS.contains(other)) {
        problems.add("providers." + other + ": unknown provider; use aws or gcp");
        ConfigSection.of(providers).skip(other);
      }
    }
    Set<String> names = new HashSet<>();
    for (StateSettings s : states) {
      if (!names.add(s.name())) {
        problems.add(
            s.section().path()
                + ".name: another state is also named '"
                + s.name()
                + "'; give each a unique name");
      }
    }
    List<String> principals =
        problems.read(() -> root.strings("terraform_principals")).orElse(List.of());
    RuleSet rules =
        root.has("drift_rules")
            ? readRules(root.children("drift_rules"), problems)
            : defaultRules();
    return new EngineSettings(states, rules, principals);
  }

  private static void readProvider(
      ComponentConfig section, String cloud, Duration refresh, List<StateSettings> out) {
    if (section.keys().isEmpty() || !section.bool("enabled", true)) {
      return;
    }
    section.strings(cloud.equals("aws") ? "regions" : "projects");
    String environment = section.string("environment", "");
    if (section.has("state") && section.has("states")) {
      throw section.invalid("states", "set either state or states, not both");
    }
    if (section.has("state")) {
      out.add(state(section.child("state"), cloud, cloud, environment, refresh));
    }
    List<ComponentConfig> many = section.children("states");
    for (int i = 0; i < many.size(); i++) {
      out.add(state(many.get(i), cloud, cloud + "-" + (i + 1), environment, refresh));
    }
  }

  private static StateSettings state(
      ComponentConfig s, String cloud, String defaultName, String environment, Duration refresh) {
    return new StateSettings(
        s.string("name", defaultName),
        cloud,
        s.string("backend", "local"),
        s,
        s.string("environment", environment),
        s.duration("refresh_interval", refresh));
  }

  /**
   * Reads {@code drift_rules}.
   *
   * @param entries the rule sections
   * @param problems where problems go
   * @return the rules
   */
  static RuleSet readRules(List<ComponentConfig> entries, Problems problems) {
    List<DriftRule> rules = new ArrayList<>();
    for (ComponentConfig r : entries) {
      problems.read(() -> rule(r)).ifPresent(rules::add);
    }
    return new RuleSet(rules);
  }

  private static DriftRule rule(ComponentConfig r) {
    String severityText = r.string("severity", "medium");
    Severity severity;
    try {
      severity = Severity.parse(severityText);
    } catch (IllegalArgumentException e) {
      throw r.invalid("severity", e.getMessage());
    }
    List<String> types = r.strings("resource_types");
    List<String> attributes = r.strings("watched_attributes");
    return new DriftRule(
        r.string("name"),
        globs(types.isEmpty() ? List.of("*") : types),
        globs(attributes.isEmpty() ? List.of("*") : attributes),
        severity,
        r.string("environment", ""),
        globs(r.strings("exclude_users")),
        r.bool("terraform_managed_only", false),
        r.has("schedule") ? Optional.of(schedule(r.child("schedule"))) : Optional.empty());
  }

  private static Schedule schedule(ComponentConfig s) {
    String hours = s.string("allowed_hours");
    String[] parts = hours.split("-");
    LocalTime from;
    LocalTime to;
    try {
      if (parts.length != 2) {
        throw new DateTimeParseException("two times expected", hours, 0);
      }
      from = LocalTime.parse(parts[0].strip());
      to = LocalTime.parse(parts[1].strip());
    } catch (DateTimeParseException e) {
      throw s.invalid(
          "allowed_hours", Quoted.value(hours) + " is not a time range; write it as 09:00-18:00");
    }
    String zone = s.string("timezone", "UTC");
    ZoneId zoneId;
    try {
      zoneId = ZoneId.of(zone);
    } catch (DateTimeException e) {
      throw s.invalid(
          "timezone",
          Quoted.value(zone) + " is not a time zone; use a name such as Europe/Berlin or UTC");
    }
    String inWindow = s.string("in_window", "downgrade");
    if (!inWindow.equals("downgrade") && !inWindow.equals("suppress")) {
      throw s.invalid("in_window", Quoted.value(inWindow) + "; use downgrade or suppress");
    }
    return new Schedule(
        from, to, zoneId, s.bool("weekdays_only", false), inWindow.equals("suppress"));
  }

  private static List<Glob> globs(List<String> patterns) {
    return patterns.stream().map(Glob::new).toList();
  }

  /**
   * The built-in rules, used when the configuration has no {@code drift_rules}.
   *
   * @return the rules
   */
  public static RuleSet defaultRules() {
    String name = "io/tfdrift/core/config/default-rules.yaml";
    try (InputStream in = EngineSettings.class.getClassLoader().getResourceAsStream(name)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
      Problems problems = new Problems();
      RuleSet rules = readRules(ConfigSection.of(name, tree).children("drift_rules"), problems);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("built-in rules are invalid: " + problems.list());
      }
      return rules;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
