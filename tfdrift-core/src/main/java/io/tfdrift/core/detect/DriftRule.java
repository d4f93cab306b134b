package io.tfdrift.core.detect;

import io.tfdrift.api.Actor;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code drift_rules}: which drift it classifies and how.
 *
 * @param name the rule's name, reported in {@code matched_rules}
 * @param resourceTypes globs on the Terraform type ({@code aws_iam_*}); {@code *} for all
 * @param watchedAttributes globs on changed attribute names; {@code *} also matches drift that
 *     cannot itemise attributes (out of band, deleted, unmanaged)
 * @param severity the severity it gives
 * @param environment the environment it is for, empty for every environment
 * @param excludeUsers globs on the actor's name, ARN or principal id whose changes it suppresses
 *     (service roles that legitimately change resources, e.g. {@code AWSServiceRoleForAutoScaling})
 * @param terraformManagedOnly whether it suppresses unmanaged drift
 * @param schedule its maintenance window, if any
 */
public record DriftRule(
    String name,
    List<Glob> resourceTypes,
    List<Glob> watchedAttributes,
    Severity severity,
    String environment,
    List<Glob> excludeUsers,
    boolean terraformManagedOnly,
    Optional<Schedule> schedule) {

  private static final String ASSUMED_ROLE = ":assumed-role/";

  /** Validates the parts and copies the lists. */
  public DriftRule {
    Objects.requireNonNull(name, "name");
    resourceTypes = List.copyOf(resourceTypes);
    watchedAttributes = List.copyOf(watchedAttributes);
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(environment, "environment");
    excludeUsers = List.copyOf(excludeUsers);
    Objects.requireNonNull(schedule, "schedule");
  }

  /** Whether this rule is about the drift at all. */
  boolean appliesTo(Finding drift, String driftEnvironment) {
    if (!environment.isEmpty() && !environment.equals(driftEnvironment)) {
      return false;
    }
    if (!Glob.anyMatches(resourceTypes, drift.resource().type())) {
      return false;
    }
    if (watchesEverything()) {
      return true;
    }
    if (drift.kind() != DriftKind.MODIFIED) {
      return false;
    }
    List<DriftEvent.Change> changes = drift.changes();
    for (int i = 0; i < changes.size(); i++) {
      if (Glob.anyMatches(watchedAttributes, changes.get(i).attribute())) {
        return true;
      }
    }
    return false;
  }

  // Indexed loops here and above: every drift passes every rule, and the iterators of these
  // immutable lists were not scalar-replaced on that path (seen with JFR allocation sampling).
  private boolean watchesEverything() {
    for (int i = 0; i < watchedAttributes.size(); i++) {
      if (watchedAttributes.get(i).pattern().equals("*")) {
        return true;
      }
    }
    return false;
  }

  /** Whether the rule suppresses changes by this actor. */
  boolean excludes(Actor actor) {
    return excludes(actor.name())
        || excludes(actor.arn())
        || excludes(actor.principalId())
        || excludes(assumedRole(actor.arn()));
  }

  private boolean excludes(String identity) {
    return !identity.isEmpty() && Glob.anyMatches(excludeUsers, identity);
  }

  /**
   * The role of an assumed-role session ({@code arn:aws:sts::1:assumed-role/<role>/<session>}), so
   * that excluding a service role by name ({@code AWSServiceRoleForAutoScaling}) excludes its
   * sessions; empty for other ARNs.
   */
  private static String assumedRole(String arn) {
    int at = arn.indexOf(ASSUMED_ROLE);
    if (at < 0) {
      return "";
    }
    int start = at + ASSUMED_ROLE.length();
    int slash = arn.indexOf('/', start);
    return slash < 0 ? arn.substring(start) : arn.substring(start, slash);
  }
}
