package io.tfdrift.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.core.notify.DeliveryPolicy;
import io.tfdrift.core.notify.Dispatcher;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.InMemoryDriftStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OutboxTest {
  private final InMemoryDriftStore store = new InMemoryDriftStore();

  /** What a threaded notifier saw: the transition and the thread it was handed. */
  private record Seen(Transition transition, Optional<String> thread) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  private final Notifier threaded =
      new Notifier() {
        @Override
        public void send(DriftEvent event) {
          throw new AssertionError("deliver, not send");
        }

        @Override
        public Optional<String> deliver(DriftEvent event, Optional<String> thread) {
          Transition t = event.lifecycle().orElseThrow().transition();
          seen.add(new Seen(t, thread));
          return thread.isPresent() ? Optional.empty() : Optional.of("thread-of-" + t.label());
        }
      };

  private static DeliveryPolicy policy(String name) {
    return new DeliveryPolicy(
        name,
        Duration.ofSeconds(5),
        0,
        Duration.ofMillis(10),
        Duration.ofMillis(10),
        0,
        Duration.ofSeconds(1),
        Severity.INFO,
        List.of(),
        Duration.ofMinutes(10),
        EnumSet.allOf(Transition.class));
  }

  @Test
  void aDeliveredNotificationLeavesTheOutboxWithoutWaitingForTheRelaysNextRound() throws Exception {
    // What a replica killed between delivering and removing leaves to be delivered again is what
    // waits for removal: the notifier's thread removes it, not the relay's next round.
    Dispatcher dispatcher =
        Dispatcher.builder().route(policy("slack"), threaded).workers(2).build();
    Outbox outbox =
        new Outbox(
            store,
            dispatcher,
            "r1",
            Clock.systemUTC(),
            Duration.ofSeconds(30),
            Duration.ofHours(1),
            new SimpleMeterRegistry());
    Inventory inventory =
        new Inventory(
            store,
            new Lifecycle(Map.of("slack", Set.of(Transition.values()))),
            new SimpleMeterRegistry(),
            () -> {});
    inventory.record(DriftEvents.instanceTypeChanged());
    try {
      assertThat(outbox.relayOnce()).isEqualTo(1); // the relay's thread is never started
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 1 && dispatcher.idle());
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(outbox.inFlight()).isZero());
      assertThat(store.claim("r2", 10, Instant.now().plusSeconds(3600), Duration.ofMinutes(1)))
          .as("removed by the notifier's thread")
          .isEmpty();
    } finally {
      outbox.close();
      dispatcher.close(Duration.ofSeconds(5));
    }
  }

  @Test
  void oneDriftsNotificationsReachANotifierInOrderWithTheThreadTheFirstReturned() throws Exception {
    Dispatcher dispatcher =
        Dispatcher.builder().route(policy("slack"), threaded).workers(4).build();
    Outbox outbox =
        new Outbox(
            store,
            dispatcher,
            "r1",
            Clock.systemUTC(),
            Duration.ofSeconds(30),
            Duration.ofMillis(50),
            new SimpleMeterRegistry());
    Inventory inventory =
        new Inventory(
            store,
            new Lifecycle(Map.of("slack", Set.of(Transition.values()))),
            new SimpleMeterRegistry(),
            outbox::wake);
    DriftEvent drift = DriftEvents.instanceTypeChanged();
    // Three transitions committed before the relay starts: one batch holds them all.
    inventory.record(drift);
    DriftEvent.Event e = drift.event();
    inventory.record(
        new DriftEvent(
            drift.id(),
            drift.kind(),
            Severity.CRITICAL,
            drift.provider(),
            drift.resource(),
            drift.changes(),
            drift.actor(),
            new DriftEvent.Event(
                "a-later-event",
                e.source(),
                e.name(),
                e.time().plusSeconds(60),
                e.region(),
                e.accountId(),
                e.sourceIp(),
                e.userAgent()),
            List.of("prod"),
            drift.detectedAt(),
            drift.labels(),
            Optional.empty()));
    inventory.resolve(
        DriftKeys.of(drift).get(0),
        new Resolution(Resolution.Reason.MANUAL, Instant.now(), "alice", "fixed"));
    outbox.start();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3 && dispatcher.idle());
    } finally {
      outbox.close();
      dispatcher.close(Duration.ofSeconds(5));
    }
    assertThat(seen)
        .containsExactly(
            new Seen(Transition.OPENED, Optional.empty()),
            new Seen(Transition.ESCALATED, Optional.of("thread-of-opened")),
            new Seen(Transition.RESOLVED, Optional.of("thread-of-opened")));
    assertThat(store.claim("r2", 10, Instant.now().plusSeconds(3600), Duration.ofMinutes(1)))
        .as("the outbox is empty")
        .isEmpty();
  }

  @Test
  void aNotificationForANotifierNoLongerConfiguredIsDeadLetteredAndRemoved() throws Exception {
    Dispatcher dispatcher = Dispatcher.builder().route(policy("slack"), threaded).build();
    Outbox outbox =
        new Outbox(
            store,
            dispatcher,
            "r1",
            Clock.systemUTC(),
            Duration.ofSeconds(30),
            Duration.ofMillis(50),
            new SimpleMeterRegistry());
    Inventory inventory =
        new Inventory(
            store,
            new Lifecycle(Map.of("teams", Set.of(Transition.values()))),
            new SimpleMeterRegistry(),
            () -> {});
    inventory.record(DriftEvents.instanceTypeChanged());
    assertThat(outbox.drain(Duration.ofSeconds(10))).isTrue();
    dispatcher.close(Duration.ofSeconds(5));
    assertThat(seen).isEmpty();
    assertThat(store.claim("r2", 10, Instant.now().plusSeconds(3600), Duration.ofMinutes(1)))
        .isEmpty();
  }
}
