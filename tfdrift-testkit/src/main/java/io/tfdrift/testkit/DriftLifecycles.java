package io.tfdrift.testkit;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link DriftEvent}s as an inventory hands them to notifiers: {@link
 * DriftEvents#instanceTypeChanged()} opened, escalated, renotified and resolved, all with the key
 * {@code modified|prod|aws_instance.web|instance_type}. For tests of notifiers that keep one
 * incident, thread or issue per drift.
 */
public final class DriftLifecycles {
  /** The drift key of {@link DriftEvents#instanceTypeChanged()}'s one changed attribute. */
  public static final DriftKey KEY =
      DriftKey.of("modified", "prod", "aws_instance.web", "instance_type");

  private DriftLifecycles() {}

  /**
   * The drift seen for the first time.
   *
   * @return the event
   */
  public static DriftEvent opened() {
    return at(DriftEvents.instanceTypeChanged(), Transition.OPENED, 1, Optional.empty());
  }

  /**
   * The drift seen again with a higher severity.
   *
   * @param event the detection that raised it, e.g. {@code instanceTypeChanged()} with {@code
   *     CRITICAL}
   * @return the event
   */
  public static DriftEvent escalated(DriftEvent event) {
    return at(event, Transition.ESCALATED, 2, Optional.empty());
  }

  /**
   * The drift still open after {@code renotify_after}.
   *
   * @return the event
   */
  public static DriftEvent renotified() {
    return at(DriftEvents.instanceTypeChanged(), Transition.RENOTIFIED, 3, Optional.empty());
  }

  /**
   * The drift resolved.
   *
   * @param reason why
   * @param by who or what resolved it, e.g. {@code alice}
   * @param note free text, may be empty
   * @return the event
   */
  public static DriftEvent resolved(Resolution.Reason reason, String by, String note) {
    DriftEvent base = DriftEvents.instanceTypeChanged();
    Instant at = base.event().time().plusSeconds(600);
    return at(base, Transition.RESOLVED, 3, Optional.of(new Resolution(reason, at, by, note)));
  }

  /**
   * Any event with a lifecycle of {@link #KEY}: first seen at the event's time, last seen a minute
   * later, open unless resolved.
   *
   * @param event the detection
   * @param transition why notifiers hear of it
   * @param occurrences how often it was seen
   * @param resolution present exactly when the transition is {@code RESOLVED}
   * @return the event with its lifecycle
   */
  public static DriftEvent at(
      DriftEvent event, Transition transition, long occurrences, Optional<Resolution> resolution) {
    Instant first = event.event().time();
    return event.withLifecycle(
        new DriftEvent.Lifecycle(
            KEY,
            transition,
            resolution.isPresent() ? DriftStatus.RESOLVED : DriftStatus.OPEN,
            first,
            first.plusSeconds(60),
            occurrences,
            resolution));
  }
}
