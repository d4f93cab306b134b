package io.tfdrift.source.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Status;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.notify.DeliveryPolicy;
import io.tfdrift.core.notify.Dispatcher;
import io.tfdrift.testkit.RecordingEventSink;
import io.tfdrift.testkit.RecordingNotifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PubSubAuditSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private FakePubSub pubsub;

  @BeforeEach
  void startPubSub() throws Exception {
    pubsub = new FakePubSub();
  }

  @AfterEach
  void stopPubSub() throws Exception {
    pubsub.close();
  }

  private EventSource source(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put("subscription", "projects/p/subscriptions/audit");
    config.put("endpoint", pubsub.endpoint());
    config.put("plaintext", true);
    return new GcpPubSubSourceProvider().create(ConfigSection.of("source", config));
  }

  /** A sink whose handover waits for the test to open the gate. */
  static final class GatedSink implements EventSink {
    final RecordingEventSink recorded = new RecordingEventSink();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch gate = new CountDownLatch(1);

    @Override
    public boolean offer(AuditEvent event) {
      throw new AssertionError("a pull source waits for room: put, not offer");
    }

    @Override
    public void put(AuditEvent event) throws InterruptedException {
      entered.countDown();
      gate.await();
      recorded.put(event);
    }

    @Override
    public void reject(String input, String problem) {
      recorded.reject(input, problem);
    }
  }

  @Test
  void acknowledgesOnlyAfterTheEventWasHandedOver() throws Exception {
    GatedSink sink = new GatedSink();
    try (EventSource source = source(Map.of())) {
      source.start(sink);
      String held = pubsub.publish(Fixtures.logEntries().get(6));
      assertThat(sink.entered.await(30, TimeUnit.SECONDS)).isTrue();
      // The sync point: a second message, rejected and acked while the first is still in hand.
      // Acks go out in order, so had the first been acked on receipt it would be acked by now.
      String rejected = pubsub.publish("{not json");
      pubsub.awaitAcks(1, WAIT);
      assertThat(pubsub.acked())
          .as("acked while the pipeline still holds %s", held)
          .singleElement()
          .asString()
          .startsWith("ack-" + rejected + "-");

      sink.gate.countDown();
      pubsub.awaitAcks(2, WAIT);
      assertThat(pubsub.acked()).anySatisfy(a -> assertThat(a).startsWith("ack-" + held + "-"));
      assertThat(sink.recorded.events()).containsExactly(Fixtures.replayed().get(6));
      assertThat(pubsub.nacked()).isEmpty();
      assertThat(pubsub.subscriptions()).contains("projects/p/subscriptions/audit");
    }
  }

  @Test
  void acknowledgesOnceTheDriftIsCommittedAndNacksWhatTheHostGaveUp() throws Exception {
    Map<AuditEvent, CompletableFuture<Void>> commits =
        new java.util.concurrent.ConcurrentHashMap<>();
    EventSink committing =
        new EventSink() {
          @Override
          public boolean offer(AuditEvent event) {
            throw new AssertionError("a pull source waits for room");
          }

          @Override
          public void put(AuditEvent event) {
            throw new AssertionError("a queue source hands a message over with submit");
          }

          @Override
          public CompletionStage<Void> submit(List<AuditEvent> events) {
            CompletableFuture<Void> commit = new CompletableFuture<>();
            commits.put(events.get(0), commit);
            return commit;
          }

          @Override
          public void reject(String input, String problem) {
            throw new AssertionError(input + ": " + problem);
          }
        };
    try (EventSource source = source(Map.of())) {
      source.start(committing);
      String first = pubsub.publish(Fixtures.logEntries().get(6));
      String second = pubsub.publish(Fixtures.logEntries().get(5));
      org.awaitility.Awaitility.await("both handed over")
          .atMost(WAIT)
          .until(() -> commits.size() == 2);
      assertThat(pubsub.acked()).as("handed over, not committed").isEmpty();

      commits.get(Fixtures.replayed().get(5)).complete(null);
      pubsub.awaitAcks(1, WAIT);
      assertThat(pubsub.acked()).singleElement().asString().startsWith("ack-" + second + "-");
      commits
          .get(Fixtures.replayed().get(6))
          .completeExceptionally(new IllegalStateException("tfdrift stopping"));
      pubsub.awaitNacks(1, WAIT);
      assertThat(pubsub.nacked()).singleElement().asString().contains(first);
    }
  }

  @Test
  void rejectsAndAcknowledgesWhatCanNeverBeDecoded() throws Exception {
    RecordingEventSink sink = new RecordingEventSink();
    try (EventSource source = source(Map.of())) {
      source.start(sink);
      String notJson = pubsub.publish("{not json");
      String notAudit =
          pubsub.publish(
              "{\"logName\":\"projects/p/logs/syslog\",\"textPayload\":\"hello\","
                  + "\"timestamp\":\"2026-11-23T10:00:00Z\"}");
      String noMethod =
          pubsub.publish(
              "{\"protoPayload\":{\"@type\":\"type.googleapis.com/google.cloud.audit.AuditLog\"},"
                  + "\"timestamp\":\"2026-11-23T10:00:00Z\"}");
      pubsub.awaitAcks(3, WAIT);

      assertThat(sink.events()).isEmpty();
      assertThat(sink.rejected())
          .hasSize(3)
          .anySatisfy(r -> assertThat(r).contains(notJson).contains("not a JSON LogEntry"))
          .anySatisfy(r -> assertThat(r).contains(notAudit).contains("not an audit LogEntry"))
          .anySatisfy(r -> assertThat(r).contains(noMethod));
      assertThat(pubsub.nacked()).isEmpty();
      assertThat(pubsub.deliveries()).hasSize(3);
    }
  }

  @Test
  void everySampleEntryGivesTheEventReplayingTheFileGives() throws Exception {
    RecordingEventSink sink = new RecordingEventSink();
    List<String> entries = Fixtures.logEntries();
    try (EventSource source = source(Map.of("max_outstanding_messages", 2))) {
      source.start(sink);
      entries.forEach(pubsub::publish);
      sink.awaitEvents(entries.size(), WAIT);
      pubsub.awaitAcks(entries.size(), WAIT);
    }
    assertThat(sink.events()).containsExactlyInAnyOrderElementsOf(Fixtures.replayed());
    assertThat(sink.rejected()).isEmpty();
  }

  @Test
  void anInterruptedHandoverIsNackedAndItsRedeliveryIsNotNotifiedTwice() throws Exception {
    String entry = Fixtures.logEntries().get(6);
    GatedSink stuck = new GatedSink();
    EventSource first = source(Map.of());
    first.start(stuck);
    pubsub.publish(entry);
    assertThat(stuck.entered.await(30, TimeUnit.SECONDS)).isTrue();
    first.close();
    pubsub.awaitNacks(1, WAIT);
    assertThat(pubsub.acked()).isEmpty();

    // The same message, delivered again to a restarted source (at least once), then once more
    // as if its ack had been lost.
    TfDrift engine = Fixtures.engine();
    RecordingNotifier notifier = new RecordingNotifier();
    DeliveryPolicy policy =
        new DeliveryPolicy(
            "recording",
            Duration.ofSeconds(5),
            0,
            Duration.ofMillis(10),
            Duration.ofMillis(10),
            0,
            Duration.ofSeconds(1),
            Severity.INFO,
            List.of(),
            Duration.ofMinutes(10),
            java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
    List<DriftEvent> detected = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Dispatcher dispatcher = Dispatcher.builder().route(policy, notifier).build();
        EventSource second = source(Map.of())) {
      RecordingEventSink recorded = new RecordingEventSink();
      second.start(
          new EventSink() {
            @Override
            public boolean offer(AuditEvent event) {
              throw new AssertionError("put expected");
            }

            @Override
            public void put(AuditEvent event) throws InterruptedException {
              recorded.put(event);
              for (DriftEvent drift : engine.process(event).drift()) {
                detected.add(drift);
                dispatcher.submit(drift);
              }
            }

            @Override
            public void reject(String input, String problem) {
              throw new AssertionError(input + ": " + problem);
            }
          });
      pubsub.awaitAcks(1, WAIT);
      pubsub.publish(entry);
      recorded.awaitEvents(2, WAIT);
      pubsub.awaitAcks(2, WAIT);
      assertThat(recorded.events().get(0)).isEqualTo(recorded.events().get(1));
      assertThat(recorded.events().get(0)).isEqualTo(Fixtures.replayed().get(6));
      await("the dispatcher idle").atMost(WAIT).until(dispatcher::idle);
    }
    assertThat(pubsub.deliveries())
        .filteredOn(d -> d.messageId().equals("m1"))
        .extracting(FakePubSub.Delivery::attempt)
        .startsWith(1, 2);
    List<DriftEvent> replayed = Fixtures.engine().process(Fixtures.replayed().get(6)).drift();
    assertThat(replayed).hasSize(1);
    // At least once: a delivery that raced the first stream's shutdown may come a third time.
    assertThat(detected)
        .hasSizeGreaterThanOrEqualTo(2)
        .extracting(DriftEvent::id)
        .containsOnly(replayed.get(0).id());
    assertThat(notifier.events()).extracting(DriftEvent::id).containsExactly(replayed.get(0).id());
  }

  @Test
  void isNotConnectedWhileTheSubscriptionRefusesAndRecoversWhenItAccepts() throws Exception {
    pubsub.refuseStreams(Status.NOT_FOUND.withDescription("Resource not found"));
    RecordingEventSink sink = new RecordingEventSink();
    try (EventSource source = source(Map.of())) {
      source.start(sink);
      pubsub.awaitRefusals(1, WAIT);
      await("not connected while refused")
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(source.connected())
                      .as("state %s", ((PubSubAuditSource) source).state())
                      .isFalse());
      pubsub.refuseStreams(null);
      pubsub.publish(Fixtures.logEntries().get(6));
      sink.awaitEvents(1, WAIT);
      assertThat(source.connected()).isTrue();
    }
  }
}
