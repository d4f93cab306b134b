package io.tfdrift.core.detect;

import io.tfdrift.api.Actor;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Drift as the {@link Detector} finds it, before rules classify it: every part of a {@link
 * DriftEvent} but severity, matched rules and labels. Rules read these parts, and the event is
 * built once, by {@link #classified}, when a finding is kept.
 *
 * @param id the drift's stable id
 * @param kind what kind of drift
 * @param provider the cloud, e.g. {@code "aws"}
 * @param resource the resource that drifted
 * @param changes the attribute changes, in attribute order
 * @param actor who made the change
 * @param event the audit event that revealed it
 * @param detectedAt when it was detected
 */
public record Finding(
    String id,
    DriftKind kind,
    String provider,
    DriftEvent.Resource resource,
    List<DriftEvent.Change> changes,
    Actor actor,
    DriftEvent.Event event,
    Instant detectedAt) {

  /** Validates the parts and copies the list (a one-element immutable list is not copied). */
  public Finding {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(resource, "resource");
    changes = List.copyOf(changes);
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(detectedAt, "detectedAt");
  }

  /**
   * The drift event, classified.
   *
   * @param severity the severity rules gave it
   * @param matchedRules the names of the rules that matched, in configuration order
   * @param labels the labels rules gave it
   * @return the event, without a lifecycle (the inventory adds it)
   */
  public DriftEvent classified(
      Severity severity, List<String> matchedRules, Map<String, String> labels) {
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
        Optional.empty());
  }
}
