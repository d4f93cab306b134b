package io.tfdrift.api;

import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One drift finding: one audit event applied to one resource. This is the public contract that
 * notifiers, plugins, the {@code jsonl} file and {@code tfdrift replay --format json} all see; its
 * JSON form is published as {@code docs/drift-event.schema.json}.
 *
 * @param id stable id: the same audit event, resource address and kind always give the same id, so
 *     deliveries can be de-duplicated
 * @param kind what kind of drift
 * @param severity how urgent, after rules
 * @param provider the cloud, e.g. {@code "aws"}
 * @param resource the resource that drifted
 * @param changes the attribute changes, in attribute order; empty for kinds that cannot itemise
 * @param actor who made the change
 * @param event the audit event that revealed the drift
 * @param matchedRules names of the drift rules that matched, in configuration order
 * @param detectedAt when TFDrift detected it
 * @param labels free-form labels added by rules and plugins
 * @param lifecycle where this drift stands in the inventory (opened, escalated, resolved, how often
 *     seen); empty when no inventory is kept ({@code store.type: none}, {@code tfdrift replay}
 *     without {@code --store})
 * @since 0.1.0
 */
public record DriftEvent(
    String id,
    DriftKind kind,
    Severity severity,
    String provider,
    Resource resource,
    List<Change> changes,
    Actor actor,
    Event event,
    List<String> matchedRules,
    Instant detectedAt,
    Map<String, String> labels,
    Optional<Lifecycle> lifecycle) {

  /** Validates the parts and copies the collections. */
  public DriftEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(resource, "resource");
    changes = List.copyOf(changes);
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(event, "event");
    matchedRules = List.copyOf(matchedRules);
    Objects.requireNonNull(detectedAt, "detectedAt");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(lifecycle, "lifecycle");
  }

  /**
   * A copy with another severity and matched rules, as rules produce it.
   *
   * @param newSeverity the severity to set
   * @param rules the names of the matched rules
   * @return the copy
   */
  public DriftEvent withClassification(Severity newSeverity, List<String> rules) {
    return new DriftEvent(
        id,
        kind,
        newSeverity,
        provider,
        resource,
        changes,
        actor,
        event,
        rules,
        detectedAt,
        labels,
        lifecycle);
  }

  /**
   * A copy with more labels; existing keys are overwritten.
   *
   * @param more the labels to add
   * @return the copy
   */
  public DriftEvent withLabels(Map<String, String> more) {
    var merged = new java.util.TreeMap<>(labels);
    merged.putAll(more);
    return new DriftEvent(
        id,
        kind,
        severity,
        provider,
        resource,
        changes,
        actor,
        event,
        matchedRules,
        detectedAt,
        merged,
        lifecycle);
  }

  /**
   * A copy with another place in the inventory, as the inventory produces it.
   *
   * @param value the lifecycle
   * @return the copy
   */
  public DriftEvent withLifecycle(Lifecycle value) {
    return new DriftEvent(
        id,
        kind,
        severity,
        provider,
        resource,
        changes,
        actor,
        event,
        matchedRules,
        detectedAt,
        labels,
        Optional.of(value));
  }

  /**
   * Where one drift stands in the drift inventory when this event was sent: one drift is one {@link
   * DriftKey} (one attribute of one resource for {@code modified} drift), so a notifier can keep
   * one incident, thread or ticket per drift and close it when the drift is resolved.
   *
   * @param key what drifted; stable across occurrences, e.g. PagerDuty's {@code dedup_key}
   * @param transition why notifiers hear of it now
   * @param status the drift's status after this transition
   * @param firstSeen when the drift was first seen (since it last opened)
   * @param lastSeen when it was last seen
   * @param occurrences how many audit events showed it
   * @param resolution how it was resolved, when {@code status} is {@code resolved}
   * @since 0.1.0
   */
  public record Lifecycle(
      DriftKey key,
      Transition transition,
      DriftStatus status,
      Instant firstSeen,
      Instant lastSeen,
      long occurrences,
      Optional<Resolution> resolution) {

    /** Validates the parts. */
    public Lifecycle {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(transition, "transition");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(firstSeen, "firstSeen");
      Objects.requireNonNull(lastSeen, "lastSeen");
      Objects.requireNonNull(resolution, "resolution");
      if ((status == DriftStatus.RESOLVED) != resolution.isPresent()) {
        throw new IllegalArgumentException(
            "a drift has a resolution exactly when it is resolved: status " + status.label());
      }
    }
  }

  /**
   * The resource a drift is about. For {@link DriftKind#UNMANAGED} drift there is no state, so
   * {@code address} is {@code type.id}-shaped and {@code state} is empty.
   *
   * @param address full Terraform address, e.g. {@code module.net.aws_security_group.web["a"]}
   * @param type Terraform resource type
   * @param name resource name in configuration (for unmanaged drift, the cloud's id or name)
   * @param id the cloud's id of the resource
   * @param module module path, empty for the root module
   * @param state name of the configured state holding it, empty if none
   */
  public record Resource(
      String address, String type, String name, String id, String module, String state) {

    /** Validates that no part is {@code null}. */
    public Resource {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(module, "module");
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * One attribute that changed. Values are JSON trees (see {@link AuditEvent}); a value is empty
   * when it is JSON {@code null} or not known (the state lacks the attribute, or the call removed
   * it). Sensitive values are already masked as {@code "(sensitive)"}.
   *
   * <p>The two values are {@link Optional} components, unlike the rest of the model, because
   * "absent" is a real, common value here and a notifier must handle it explicitly.
   *
   * @param attribute the Terraform attribute name, e.g. {@code instance_type}
   * @param expected the value in Terraform state
   * @param actual the value the cloud call set
   */
  public record Change(String attribute, Optional<Object> expected, Optional<Object> actual) {

    /** The text that replaces sensitive values everywhere. */
    public static final String SENSITIVE = "(sensitive)";

    /** Validates that no part is {@code null}. */
    public Change {
      Objects.requireNonNull(attribute, "attribute");
      Objects.requireNonNull(expected, "expected");
      Objects.requireNonNull(actual, "actual");
    }
  }

  /**
   * The audit event that revealed a drift. Unknown strings are empty.
   *
   * @param id the carrier's event id
   * @param source the cloud service, e.g. {@code ec2.amazonaws.com}
   * @param name the API call, e.g. {@code ModifyInstanceAttribute}
   * @param time when the call happened
   * @param region region or location
   * @param accountId AWS account id or GCP project id
   * @param sourceIp caller IP address
   * @param userAgent caller user agent
   */
  public record Event(
      String id,
      String source,
      String name,
      Instant time,
      String region,
      String accountId,
      String sourceIp,
      String userAgent) {

    /** Validates that no part is {@code null}. */
    public Event {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(sourceIp, "sourceIp");
      Objects.requireNonNull(userAgent, "userAgent");
    }

    /**
     * The reference to an audit event.
     *
     * @param audit the audit event
     * @return its reference
     */
    public static Event of(AuditEvent audit) {
      return new Event(
          audit.eventId(),
          audit.service(),
          audit.action(),
          audit.time(),
          audit.region(),
          audit.accountId(),
          audit.sourceIp(),
          audit.userAgent());
    }
  }
}
