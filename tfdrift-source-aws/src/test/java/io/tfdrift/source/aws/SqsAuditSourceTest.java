package io.tfdrift.source.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.notify.DeliveryPolicy;
import io.tfdrift.core.notify.Dispatcher;
import io.tfdrift.testkit.RecordingEventSink;
import io.tfdrift.testkit.RecordingNotifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SqsAuditSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private AwsPeers peers;
  private String queueUrl;

  @BeforeEach
  void newQueue() throws Exception {
    peers = AwsPeers.get();
    queueUrl = peers.newQueue();
  }

  private EventSource source(Map<String, Object> extra) {
    Map<String, Object> config = peers.config(queueUrl);
    config.putAll(extra);
    return new AwsSqsSourceProvider().create(ConfigSection.of("source", config));
  }

  private static void await(Callable<Boolean> condition, String what) {
    Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition);
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
  void anEventBridgeEventDirectOrThroughSnsGivesTheReplayedRecord() throws Exception {
    Map<String, Object> record = Fixtures.record();
    AuditEvent replayed = new CloudTrailDecoder().decodeRecord(record);
    RecordingEventSink sink = new RecordingEventSink();
    try (EventSource source = source(Map.of())) {
      source.start(sink);
      peers.send(queueUrl, Fixtures.eventBridge(record));
      peers.send(queueUrl, Fixtures.sns(Fixtures.eventBridge(record)));
      sink.awaitEvents(2, WAIT);
      await(() -> peers.messagesLeft(queueUrl) == 0, "both messages deleted");
    }
    assertThat(sink.events()).containsExactly(replayed, replayed);
    assertThat(sink.rejected()).isEmpty();
  }

  @Test
  void anS3NotificationOfALogFileDeliversEveryRecordOfTheFile() throws Exception {
    String key = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/23/trail file+1.json.gz";
    peers.put("trail-bucket", key, Fixtures.resource(Fixtures.LOG_FILE));
    List<AuditEvent> replayed = Fixtures.replayedLogFile();
    RecordingEventSink sink = new RecordingEventSink();
    try (EventSource source = source(Map.of())) {
      source.start(sink);
      peers.send(queueUrl, Fixtures.s3Notification("trail-bucket", key));
      sink.awaitEvents(replayed.size(), WAIT);
      await(() -> peers.messagesLeft(queueUrl) == 0, "the notification deleted");
    }
    assertThat(replayed).hasSize(60);
    assertThat(sink.events()).containsExactlyElementsOf(replayed);
    assertThat(sink.rejected()).isEmpty();
  }

  @Test
  void whatCanNeverBeDecodedIsRejectedAndDeleted() throws Exception {
    RecordingEventSink sink = new RecordingEventSink();
    try (EventSource source = source(Map.of())) {
      source.start(sink);
      peers.send(queueUrl, "{not json");
      peers.send(
          queueUrl,
          "{\"detail-type\":\"EC2 Instance State-change Notification\","
              + "\"detail\":{\"instance-id\":\"i-1\",\"state\":\"running\"}}");
      peers.send(queueUrl, Fixtures.s3Notification("trail-bucket", "AWSLogs/gone.json.gz"));
      peers.send(queueUrl, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}");
      await(() -> sink.rejected().size() == 3, "three rejections");
      await(() -> peers.messagesLeft(queueUrl) == 0, "every message deleted");
    }
    assertThat(sink.events()).isEmpty();
    assertThat(sink.rejected())
        .anySatisfy(r -> assertThat(r).contains("invalid JSON"))
        .anySatisfy(r -> assertThat(r).contains("AWS API Call via CloudTrail"))
        .anySatisfy(r -> assertThat(r).contains("s3://trail-bucket/AWSLogs/gone.json.gz"));
  }

  @Test
  void aMessageInHandStaysHiddenPastItsVisibilityTimeoutAndIsDeletedAfterTheHandover()
      throws Exception {
    GatedSink sink = new GatedSink();
    // The heartbeat extends every half timeout: a 4s timeout leaves 2s for a late heartbeat on a
    // loaded machine (with 2s, a one-second stall let the message reappear). Watched for 6s.
    try (EventSource source = source(Map.of("visibility_timeout", "4s"))) {
      source.start(sink);
      peers.send(queueUrl, Fixtures.eventBridge(Fixtures.record()));
      assertThat(sink.entered.await(30, TimeUnit.SECONDS)).isTrue();
      long until = System.nanoTime() + Duration.ofMillis(6000).toNanos();
      while (System.nanoTime() < until) {
        assertThat(
                peers.sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages())
            .as("visible again while in hand")
            .isEmpty();
      }
      assertThat(peers.messagesLeft(queueUrl)).isEqualTo(1);
      sink.gate.countDown();
      sink.recorded.awaitEvents(1, WAIT);
      await(() -> peers.messagesLeft(queueUrl) == 0, "the message deleted");
    }
  }

  /** A sink that says when a message's events are committed only when the test completes it. */
  static final class CommittingSink implements EventSink {
    final RecordingEventSink recorded = new RecordingEventSink();
    final List<CompletableFuture<Void>> commits = new CopyOnWriteArrayList<>();

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
      commits.add(commit);
      events.forEach(recorded::offer);
      return commit;
    }

    @Override
    public void reject(String input, String problem) {
      recorded.reject(input, problem);
    }
  }

  @Test
  void aMessageIsDeletedOnlyOnceItsDriftIsCommitted() throws Exception {
    CommittingSink sink = new CommittingSink();
    try (EventSource source = source(Map.of("visibility_timeout", "4s"))) {
      source.start(sink);
      peers.send(queueUrl, Fixtures.eventBridge(Fixtures.record()));
      sink.recorded.awaitEvents(1, WAIT);
      await(() -> sink.commits.size() == 1, "the message handed over");
      assertThat(peers.messagesLeft(queueUrl)).as("handed over, not committed").isEqualTo(1);

      sink.commits.get(0).completeExceptionally(new IllegalStateException("tfdrift stopping"));
      await(() -> sink.commits.size() == 2, "given up: left in the queue and received again");
      assertThat(peers.messagesLeft(queueUrl)).isEqualTo(1);

      sink.commits.get(1).complete(null);
      await(() -> peers.messagesLeft(queueUrl) == 0, "deleted once committed");
    }
    assertThat(sink.recorded.events()).hasSize(2);
  }

  @Test
  void aMessageNotDeletedIsDeliveredAgainAndNotifiedOnce() throws Exception {
    String body = Fixtures.eventBridge(Fixtures.record());
    GatedSink stuck = new GatedSink();
    EventSource first = source(Map.of());
    first.start(stuck);
    peers.send(queueUrl, body);
    assertThat(stuck.entered.await(30, TimeUnit.SECONDS)).isTrue();
    first.close();
    assertThat(peers.messagesLeft(queueUrl)).as("not deleted").isEqualTo(1);

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
    List<DriftEvent> detected = new CopyOnWriteArrayList<>();
    RecordingEventSink recorded = new RecordingEventSink();
    try (Dispatcher dispatcher = Dispatcher.builder().route(policy, notifier).build();
        EventSource second = source(Map.of())) {
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
      recorded.awaitEvents(1, WAIT);
      // Its delete lost: the same message once more.
      peers.send(queueUrl, body);
      recorded.awaitEvents(2, WAIT);
      await(() -> peers.messagesLeft(queueUrl) == 0, "both deliveries deleted");
      await(dispatcher::idle, "the dispatcher idle");
    }
    List<DriftEvent> replayed =
        Fixtures.engine().process(new CloudTrailDecoder().decodeRecord(Fixtures.record())).drift();
    assertThat(replayed).hasSize(1);
    assertThat(recorded.events().get(0)).isEqualTo(recorded.events().get(1));
    assertThat(detected).hasSize(2).extracting(DriftEvent::id).containsOnly(replayed.get(0).id());
    assertThat(notifier.events()).extracting(DriftEvent::id).containsExactly(replayed.get(0).id());
  }
}
