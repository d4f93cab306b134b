package io.tfdrift.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Acknowledgement;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Notification;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.InMemoryDriftStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  private static final Instant T0 = Instant.parse("2026-11-23T09:31:07.123456Z");

  private final DriftStore store = new InMemoryDriftStore();
  private final Lifecycle lifecycle =
      new Lifecycle(
          Map.of(
              "slack", Set.of(Transition.OPENED, Transition.ESCALATED, Transition.RESOLVED),
              "pagerduty", Set.of(Transition.OPENED, Transition.RESOLVED)));

  private static DriftEvent drift(String eventId, Instant time, Severity severity) {
    DriftEvent d = DriftEvents.instanceTypeChanged();
    DriftEvent.Event e = d.event();
    return new DriftEvent(
        d.id(),
        d.kind(),
        severity,
        d.provider(),
        d.resource(),
        d.changes(),
        d.actor(),
        new DriftEvent.Event(
            eventId,
            e.source(),
            e.name(),
            time,
            e.region(),
            e.accountId(),
            e.sourceIp(),
            e.userAgent()),
        d.matchedRules(),
        d.detectedAt(),
        d.labels(),
        Optional.empty());
  }

  private DriftStore.Result see(DriftEvent d) throws Exception {
    DriftKey key = DriftKeys.of(d).get(0);
    Sighting s = new Sighting(key, d, d.changes().get(0).attribute(), DriftEventJson.write(d));
    return store.apply(key, c -> lifecycle.seen(c, s));
  }

  private DriftRecord stored() throws Exception {
    return store.find(key()).orElseThrow();
  }

  private static DriftKey key() {
    return DriftKeys.of(DriftEvents.instanceTypeChanged()).get(0);
  }

  private List<String> notified() throws Exception {
    return store.claim("test", 100, T0.plus(Duration.ofDays(9)), Duration.ofMinutes(1)).stream()
        .map(n -> n.notifier() + ":" + n.transition().label())
        .toList();
  }

  @Test
  void aModifiedDriftIsKeyedByStateAddressAndAttribute() {
    assertThat(key().value()).isEqualTo("modified|prod|aws_instance.web|instance_type");
  }

  @Test
  void theFirstSightingOpensTheDriftAndTellsEveryNotifierThatWantsIt() throws Exception {
    assertThat(see(drift("e-1", T0, Severity.HIGH))).isEqualTo(DriftStore.Result.WRITTEN);

    DriftRecord r = stored();
    assertThat(r.status()).isEqualTo(DriftStatus.OPEN);
    assertThat(r.kind()).isEqualTo(DriftKind.MODIFIED);
    assertThat(r.attribute()).isEqualTo("instance_type");
    assertThat(r.firstSeen()).isEqualTo(Instant.parse("2026-11-23T09:31:07.123Z"));
    assertThat(r.occurrences()).isEqualTo(1);
    assertThat(r.actor()).isEqualTo("alice");
    assertThat(notified()).containsExactly("pagerduty:opened", "slack:opened");
  }

  @Test
  void repeatsAreCountedNotNotified() throws Exception {
    see(drift("e-1", T0, Severity.HIGH));
    notified();
    see(drift("e-2", T0.plusSeconds(60), Severity.HIGH));
    see(drift("e-3", T0.plusSeconds(120), Severity.MEDIUM));

    assertThat(stored().occurrences()).isEqualTo(3);
    assertThat(stored().lastSeen())
        .isEqualTo(T0.plusSeconds(120).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(stored().severity()).isEqualTo(Severity.HIGH);
    assertThat(notified()).isEmpty();
  }

  @Test
  void aRedeliveredEventChangesNothing() throws Exception {
    see(drift("e-1", T0, Severity.HIGH));
    assertThat(see(drift("e-1", T0, Severity.HIGH))).isEqualTo(DriftStore.Result.DUPLICATE);
    assertThat(stored().occurrences()).isEqualTo(1);
    assertThat(notified()).hasSize(2);
  }

  @Test
  void aHigherSeverityEscalatesToTheNotifiersThatAskedForIt() throws Exception {
    see(drift("e-1", T0, Severity.MEDIUM));
    notified();
    see(drift("e-2", T0.plusSeconds(60), Severity.CRITICAL));

    assertThat(stored().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(notified()).containsExactly("slack:escalated");
  }

  @Test
  void anOlderEventArrivingLateDoesNotMoveLastSeenBack() throws Exception {
    see(drift("e-2", T0.plusSeconds(60), Severity.HIGH));
    see(drift("e-1", T0, Severity.HIGH));
    assertThat(stored().lastSeen()).isAfter(T0);
    assertThat(stored().occurrences()).isEqualTo(2);
  }

  @Test
  void anAcknowledgedDriftSeenAgainIsOpenAgain() throws Exception {
    see(drift("e-1", T0, Severity.HIGH));
    notified();
    store.apply(
        key(),
        c -> lifecycle.acknowledge(c, new Acknowledgement(T0.plusSeconds(5), "bob", "known")));
    assertThat(stored().status()).isEqualTo(DriftStatus.ACKNOWLEDGED);

    see(drift("e-2", T0.plusSeconds(60), Severity.HIGH));
    assertThat(stored().status()).isEqualTo(DriftStatus.OPEN);
    assertThat(stored().acknowledgement()).isEmpty();
    assertThat(notified()).containsExactly("pagerduty:opened", "slack:opened");
  }

  @Test
  void aResolvedDriftSeenAgainReopensWithANewFirstSeen() throws Exception {
    see(drift("e-1", T0, Severity.HIGH));
    Resolution reverted =
        new Resolution(Resolution.Reason.REVERTED, T0.plusSeconds(30), "alice", "");
    assertThat(store.apply(key(), c -> lifecycle.resolve(c, reverted)))
        .isEqualTo(DriftStore.Result.WRITTEN);
    assertThat(stored().status()).isEqualTo(DriftStatus.RESOLVED);
    assertThat(store.apply(key(), c -> lifecycle.resolve(c, reverted)))
        .as("resolving twice")
        .isEqualTo(DriftStore.Result.UNCHANGED);

    see(drift("e-2", T0.plusSeconds(90), Severity.HIGH));
    DriftRecord r = stored();
    assertThat(r.status()).isEqualTo(DriftStatus.OPEN);
    assertThat(r.resolution()).isEmpty();
    assertThat(r.firstSeen())
        .isEqualTo(T0.plusSeconds(90).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    assertThat(r.occurrences()).isEqualTo(2);
    List<Notification> all =
        store.claim("t", 100, T0.plus(Duration.ofDays(9)), Duration.ofMinutes(1));
    assertThat(all)
        .extracting(n -> n.notifier() + ":" + n.transition().label())
        .containsExactly(
            "pagerduty:opened",
            "slack:opened",
            "pagerduty:resolved",
            "slack:resolved",
            "pagerduty:opened",
            "slack:opened");
  }

  @Test
  void onlyAnOpenDriftCanBeAcknowledged() throws Exception {
    Acknowledgement ack = new Acknowledgement(T0, "bob", "");
    assertThat(store.apply(key(), c -> lifecycle.acknowledge(c, ack)))
        .isEqualTo(DriftStore.Result.UNCHANGED);
    see(drift("e-1", T0, Severity.HIGH));
    store.apply(
        key(),
        c -> lifecycle.resolve(c, new Resolution(Resolution.Reason.MANUAL, T0, "bob", "ok")));
    assertThat(store.apply(key(), c -> lifecycle.acknowledge(c, ack)))
        .isEqualTo(DriftStore.Result.UNCHANGED);
  }

  @Test
  void otherKindsAreKeyedByTheirResourceOrCloudId() {
    DriftEvent d = DriftEvents.instanceTypeChanged();
    DriftEvent deleted =
        new DriftEvent(
            d.id(),
            DriftKind.DELETED,
            d.severity(),
            d.provider(),
            d.resource(),
            List.of(),
            d.actor(),
            d.event(),
            d.matchedRules(),
            d.detectedAt(),
            d.labels(),
            Optional.empty());
    DriftEvent unmanaged =
        new DriftEvent(
            d.id(),
            DriftKind.UNMANAGED,
            d.severity(),
            d.provider(),
            d.resource(),
            List.of(),
            d.actor(),
            d.event(),
            d.matchedRules(),
            d.detectedAt(),
            d.labels(),
            Optional.empty());
    assertThat(DriftKeys.of(deleted))
        .extracting(DriftKey::value)
        .containsExactly("deleted|prod|aws_instance.web");
    assertThat(DriftKeys.of(unmanaged))
        .extracting(DriftKey::value)
        .containsExactly("unmanaged|aws|aws_instance|" + d.resource().id());
  }
}
