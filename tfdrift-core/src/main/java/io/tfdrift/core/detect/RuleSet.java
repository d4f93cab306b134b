package io.tfdrift.core.detect;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Classifies drift with the configured {@code drift_rules}: severity is the highest of the matching
 * rules' severities, {@code medium} when none matches (unmatched drift is never dropped); rules may
 * suppress drift by excluded users, unmanaged drift, or drift inside their maintenance window.
 *
 * @param rules the rules in configuration order
 */
public record RuleSet(List<DriftRule> rules) {

  /** The severity of drift that no rule classifies. */
  public static final Severity DEFAULT_SEVERITY = Severity.MEDIUM;

  /** Copies the list. */
  public RuleSet {
    rules = List.copyOf(rules);
  }

  /**
   * The outcome of classification: the classified drift, or why it was suppressed.
   *
   * @param drift the classified drift, empty when suppressed
   * @param suppressedBy why it was suppressed, e.g. {@code rule 'asg': excluded user}
   */
  public record Classification(Optional<DriftEvent> drift, String suppressedBy) {}

  /**
   * Classifies one finding and, unless a rule suppresses it, builds its drift event: the only place
   * the engine makes one.
   *
   * @param drift the finding, as detected
   * @param environment the environment of the state it came from, empty if none; labels the event
   *     {@code environment}
   * @return the classification
   */
  public Classification classify(Finding drift, String environment) {
    Severity severity = null;
    String first = null;
    List<String> more = null;
    for (int i = 0; i < rules.size(); i++) {
      DriftRule rule = rules.get(i);
      if (!rule.appliesTo(drift, environment)) {
        continue;
      }
      if (rule.excludes(drift.actor())) {
        return suppressed("rule '" + rule.name() + "': excluded user " + drift.actor().name());
      }
      if (rule.terraformManagedOnly() && drift.kind() == DriftKind.UNMANAGED) {
        return suppressed("rule '" + rule.name() + "': terraform_managed_only");
      }
      Severity given = rule.severity();
      if (rule.schedule().isPresent() && rule.schedule().get().contains(drift.event().time())) {
        if (rule.schedule().get().suppress()) {
          return suppressed("rule '" + rule.name() + "': inside its maintenance window");
        }
        given = Severity.LOW;
      }
      if (first == null) {
        first = rule.name();
      } else {
        if (more == null) {
          more = new ArrayList<>(4);
          more.add(first);
        }
        more.add(rule.name());
      }
      severity = severity == null || given.compareTo(severity) < 0 ? given : severity;
    }
    List<String> matched = more != null ? more : first != null ? List.of(first) : List.of();
    DriftEvent classified =
        drift.classified(
            severity == null ? DEFAULT_SEVERITY : severity,
            matched,
            environment.isEmpty() ? Map.of() : Map.of("environment", environment));
    return new Classification(Optional.of(classified), "");
  }

  private static Classification suppressed(String why) {
    return new Classification(Optional.empty(), why);
  }
}
