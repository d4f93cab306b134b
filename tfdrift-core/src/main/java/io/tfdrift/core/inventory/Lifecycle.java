package io.tfdrift.core.inventory;

import io.tfdrift.api.Actor;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.Acknowledgement;
import io.tfdrift.api.inventory.DriftChange;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Occurrence;
import io.tfdrift.api.inventory.PendingNotification;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.core.json.DriftEventJson;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a drift's record changes. Pure functions of the stored record and what happened, so that a
 * store may run them again inside a retried transaction.
 *
 * <ul>
 *   <li>A first sighting, or one after the drift was resolved, <b>opens</b> it.
 *   <li>Another sighting of an open drift counts an occurrence; if its severity is higher the drift
 *       <b>escalates</b>. Notifiers hear of neither a repeat nor an equal severity.
 *   <li>A sighting of an acknowledged drift means it changed again: it is open again, and notifiers
 *       hear of it as opened.
 *   <li>A sighting of an open drift after {@code renotifyAfter} of quiet (no sighting) is
 *       <b>renotified</b>, when {@code renotifyAfter} is set.
 *   <li>A resolution closes an open or acknowledged drift; an acknowledgement mutes an open one.
 * </ul>
 *
 * Every notification's payload is the drift's DriftEvent JSON with its {@link DriftEvent.Lifecycle}
 * after the change, so notifiers see the status, the occurrences and the resolution.
 *
 * <p>Times are kept to the millisecond, as stores keep them.
 */
public final class Lifecycle {
  private final Map<String, Set<Transition>> notifyOn;
  private final Duration renotifyAfter;

  /**
   * A lifecycle that never renotifies.
   *
   * @param notifyOn for each notifier, the transitions it is told of
   */
  public Lifecycle(Map<String, Set<Transition>> notifyOn) {
    this(notifyOn, Duration.ZERO);
  }

  /**
   * @param notifyOn for each notifier, the transitions it is told of
   * @param renotifyAfter after how long without a sighting a new one is notified again; zero for
   *     never
   */
  public Lifecycle(Map<String, Set<Transition>> notifyOn, Duration renotifyAfter) {
    this.notifyOn = Map.copyOf(notifyOn);
    this.renotifyAfter = renotifyAfter;
  }

  /**
   * The change one sighting makes.
   *
   * @param current the stored drift, if any
   * @param s the sighting
   * @return the change; never empty (every new occurrence is recorded)
   */
  public Optional<DriftChange> seen(Optional<DriftRecord> current, Sighting s) {
    DriftEvent d = s.drift();
    Instant time = millis(d.event().time());
    Occurrence occurrence = new Occurrence(d.event().id(), time, actor(d.actor()), s.json());
    if (current.isEmpty() || current.get().status() == DriftStatus.RESOLVED) {
      long before = current.map(DriftRecord::occurrences).orElse(0L);
      DriftRecord opened =
          DriftRecord.builder()
              .key(s.key())
              .kind(d.kind())
              .severity(d.severity())
              .provider(d.provider())
              .state(d.resource().state())
              .address(d.resource().address())
              .resourceType(d.resource().type())
              .resourceId(d.resource().id())
              .attribute(s.attribute())
              .actor(actor(d.actor()))
              .firstSeen(time)
              .lastSeen(time)
              .occurrences(before + 1)
              .event(s.json())
              .build();
      return change(opened, occurrence, Transition.OPENED, d);
    }
    DriftRecord c = current.get();
    boolean later = !time.isBefore(c.lastSeen());
    DriftRecord.Builder next =
        c.toBuilder().occurrences(c.occurrences() + 1).lastSeen(later ? time : c.lastSeen());
    if (later) {
      next.actor(actor(d.actor())).event(s.json());
    }
    if (c.status() == DriftStatus.ACKNOWLEDGED) {
      DriftRecord reopened =
          next.status(DriftStatus.OPEN)
              .acknowledgement(Optional.empty())
              .severity(d.severity())
              .build();
      return change(reopened, occurrence, Transition.OPENED, d);
    }
    if (d.severity().compareTo(c.severity()) < 0) {
      return change(next.severity(d.severity()).build(), occurrence, Transition.ESCALATED, d);
    }
    if (!renotifyAfter.isZero()
        && !time.isBefore(c.lastSeen().plus(renotifyAfter))
        && c.status() == DriftStatus.OPEN) {
      return change(next.build(), occurrence, Transition.RENOTIFIED, d);
    }
    return Optional.of(new DriftChange(next.build(), Optional.of(occurrence), List.of()));
  }

  /**
   * Resolves an open or acknowledged drift.
   *
   * @param current the stored drift, if any
   * @param resolution how, when and by whom
   * @return the change, empty if there is no such drift or it is resolved already
   */
  public Optional<DriftChange> resolve(Optional<DriftRecord> current, Resolution resolution) {
    if (current.isEmpty() || current.get().status() == DriftStatus.RESOLVED) {
      return Optional.empty();
    }
    DriftRecord c = current.get();
    Resolution at =
        new Resolution(
            resolution.reason(), millis(resolution.at()), resolution.by(), resolution.note());
    DriftRecord resolved =
        c.toBuilder()
            .status(DriftStatus.RESOLVED)
            .acknowledgement(Optional.empty())
            .resolution(Optional.of(at))
            .build();
    DriftEvent last = DriftEventJson.read(c.event());
    return Optional.of(
        new DriftChange(
            resolved, Optional.empty(), notifications(resolved, Transition.RESOLVED, last)));
  }

  /**
   * Mutes an open drift until it is seen again.
   *
   * @param current the stored drift, if any
   * @param acknowledgement who and why
   * @return the change, empty unless the drift is open
   */
  public Optional<DriftChange> acknowledge(
      Optional<DriftRecord> current, Acknowledgement acknowledgement) {
    if (current.isEmpty() || current.get().status() != DriftStatus.OPEN) {
      return Optional.empty();
    }
    Acknowledgement at =
        new Acknowledgement(
            millis(acknowledgement.at()), acknowledgement.by(), acknowledgement.note());
    DriftRecord muted =
        current.get().toBuilder()
            .status(DriftStatus.ACKNOWLEDGED)
            .acknowledgement(Optional.of(at))
            .build();
    return Optional.of(new DriftChange(muted, Optional.empty(), List.of()));
  }

  private Optional<DriftChange> change(
      DriftRecord record, Occurrence occurrence, Transition transition, DriftEvent drift) {
    return Optional.of(
        new DriftChange(record, Optional.of(occurrence), notifications(record, transition, drift)));
  }

  /** The notifications of one transition, each with the drift as it stands after it. */
  private List<PendingNotification> notifications(
      DriftRecord record, Transition transition, DriftEvent drift) {
    List<String> to =
        notifyOn.entrySet().stream()
            .filter(e -> e.getValue().contains(transition))
            .map(Map.Entry::getKey)
            .sorted()
            .toList();
    if (to.isEmpty()) {
      return List.of();
    }
    String payload =
        DriftEventJson.write(
            drift.withLifecycle(
                new DriftEvent.Lifecycle(
                    record.key(),
                    transition,
                    record.status(),
                    record.firstSeen(),
                    record.lastSeen(),
                    record.occurrences(),
                    record.resolution())));
    List<PendingNotification> out = new ArrayList<>(to.size());
    to.forEach(n -> out.add(new PendingNotification(n, transition, payload)));
    return out;
  }

  private static String actor(Actor actor) {
    return actor.name().isEmpty() ? actor.arn() : actor.name();
  }

  private static Instant millis(Instant t) {
    return t.truncatedTo(ChronoUnit.MILLIS);
  }
}
