package io.tfdrift.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.Secret;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.registry.AuditFormats;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaAuditSourceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger GROUPS = new AtomicInteger();

  private KafkaBroker broker;
  private String group;

  @BeforeEach
  void broker() throws Exception {
    broker = KafkaBroker.get();
    group = "tfdrift-test-" + GROUPS.incrementAndGet();
  }

  private EventSource source(String topic, Map<String, Object> extra) {
    Map<String, Object> config = broker.config(topic, group);
    config.putAll(extra);
    return source(config);
  }

  private static EventSource source(Map<String, Object> config) {
    return new KafkaSourceProvider().create(ConfigSection.of("sources.kafka", config));
  }

  private static void await(Callable<Boolean> condition, String what) {
    Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition);
  }

  @Test
  void realCloudTrailAndGcpRecordsDecodeAsReplayDecodesThem() throws Exception {
    String topic = broker.newTopic(3);
    List<Map<String, Object>> records = Fixtures.cloudTrailRecords();
    // Each record on its own, keyed by account (the recommended partition key) ...
    for (Map<String, Object> record : records) {
      broker.send(topic, JsonTrees.text(record.get("recipientAccountId")), Fixtures.json(record));
    }
    // ... a whole log file object, an EventBridge event, and GCP entries keyed by project.
    broker.send(topic, "log-file", Fixtures.resource(Fixtures.CLOUDTRAIL));
    broker.send(topic, "eventbridge", Fixtures.eventBridge(records.get(0)));
    for (String entry : Fixtures.gcpEntries()) {
      broker.send(topic, "project", entry.getBytes(StandardCharsets.UTF_8));
    }
    int expected = 60 + 60 + 1 + 10;
    PipelineSink sink = PipelineSink.completing();
    try (EventSource source = source(topic, Map.of())) {
      source.start(sink);
      await(() -> sink.events().size() == expected, "every record of every message");
      await(() -> broker.committed(group, topic, 0) >= 0, "offsets committed");
    }
    List<AuditEvent> replayedTrail = Fixtures.replayed(Fixtures.CLOUDTRAIL);
    List<AuditEvent> replayedGcp = Fixtures.replayed(Fixtures.GCP);
    List<AuditEvent> events = sink.events();
    assertThat(sink.rejected()).isEmpty();
    // Order across partitions is not defined; each event equals its replayed twin.
    assertThat(events.stream().filter(e -> e.provider().equals("gcp")))
        .containsExactlyInAnyOrderElementsOf(replayedGcp);
    List<AuditEvent> aws = events.stream().filter(e -> e.provider().equals("aws")).toList();
    List<AuditEvent> twice = new ArrayList<>(replayedTrail);
    twice.addAll(replayedTrail);
    assertThat(aws).hasSize(121);
    // The log file object arrives as one message: its 60 events in file order, in one submission.
    assertThat(sink.submissions())
        .anySatisfy(s -> assertThat(s.events()).containsExactlyElementsOf(replayedTrail));
    AuditEvent viaEventBridge =
        aws.stream()
            .filter(e -> e.attributes().containsKey("aws.eventBridgeId"))
            .findFirst()
            .orElseThrow();
    assertThat(viaEventBridge.eventId()).isEqualTo(replayedTrail.get(0).eventId());
    assertThat(viaEventBridge.action()).isEqualTo(replayedTrail.get(0).action());
    assertThat(aws.stream().filter(e -> !e.attributes().containsKey("aws.eventBridgeId")))
        .containsExactlyInAnyOrderElementsOf(twice);
  }

  @Test
  void badMessagesAreRejectedNamingTopicPartitionAndOffsetAndCommitted() throws Exception {
    String topic = broker.newTopic(1);
    Map<String, Object> good = Fixtures.cloudTrailRecords().get(3);
    Map<String, Object> s3 = new LinkedHashMap<>();
    s3.put("eventSource", "aws:s3");
    s3.put("eventName", "ObjectCreated:Put");
    s3.put("s3", Map.of("object", Map.of("key", "AWSLogs/1/CloudTrail/us-east-1/x.json.gz")));
    broker.send(topic, 0, "{not json".getBytes(StandardCharsets.UTF_8)); // 0
    broker.send(topic, 0, Fixtures.json(Map.of("Records", List.of(s3)))); // 1
    broker.send(topic, 0, Fixtures.json(Map.of("hello", "world"))); // 2
    broker.send(topic, 0, new byte[0]); // 3
    broker.send(topic, 0, Fixtures.json(Map.of("Records", List.of(good, "oops")))); // 4
    broker.send(topic, 0, Fixtures.json(good)); // 5
    PipelineSink sink = PipelineSink.completing();
    try (EventSource source = source(topic, Map.of())) {
      source.start(sink);
      await(() -> sink.events().size() == 2, "the two good records");
      await(() -> broker.committed(group, topic, 0) == 6, "every message committed");
    }
    String at = "kafka topic " + topic + " partition 0 offset ";
    assertThat(sink.rejected())
        .hasSize(5)
        .satisfiesExactly(
            r -> assertThat(r).startsWith(at + "0: not a JSON object"),
            r ->
                assertThat(r)
                    .startsWith(at + "1: a CloudTrail log-file notification that Records[0]")
                    .contains("without s3.bucket.name"),
            r ->
                assertThat(r)
                    .startsWith(at + "2: not an audit record any installed format accepts")
                    .contains("its keys: [hello]"),
            r -> assertThat(r).startsWith(at + "3: an empty message"),
            r ->
                assertThat(r)
                    .startsWith(at + "4#Records[1]: expected a JSON object, found \"oops\""));
    assertThat(sink.rejected()).noneMatch(r -> r.contains("Exception"));
  }

  @Test
  void anOffsetIsCommittedOnlyAfterItsMessageAndEveryEarlierOneCompleted() throws Exception {
    String topic = broker.newTopic(1);
    List<Map<String, Object>> records = Fixtures.cloudTrailRecords();
    for (int i = 0; i < 4; i++) {
      broker.send(topic, 0, Fixtures.json(records.get(i)));
    }
    PipelineSink first = PipelineSink.manual();
    EventSource source = source(topic, Map.of("drain_timeout", "200ms"));
    source.start(first);
    await(() -> first.submissions().size() == 4, "four messages in the pipeline");
    first.submissions().get(0).done().complete(null);
    await(() -> broker.committed(group, topic, 0) == 1, "the first message committed");
    // The fourth completes before the second and third: the commit waits for them.
    first.submissions().get(3).done().complete(null);
    first.submissions().get(1).done().complete(null);
    await(() -> broker.committed(group, topic, 0) == 2, "the second message committed");
    source.close();
    assertThat(broker.committed(group, topic, 0)).isEqualTo(2);

    // A consumer restarted before the third completed reads the third and fourth again.
    PipelineSink second = PipelineSink.completing();
    try (EventSource restarted = source(topic, Map.of())) {
      restarted.start(second);
      await(() -> broker.committed(group, topic, 0) == 4, "the rest committed");
    }
    assertThat(second.events())
        .extracting(AuditEvent::eventId)
        .containsExactly(
            JsonTrees.text(records.get(2).get("eventID")),
            JsonTrees.text(records.get(3).get("eventID")));
  }

  @Test
  void aMessageWhoseProcessingFailedIsReadAgain() throws Exception {
    String topic = broker.newTopic(1);
    List<Map<String, Object>> records = Fixtures.cloudTrailRecords();
    broker.send(topic, 0, Fixtures.json(records.get(0)));
    broker.send(topic, 0, Fixtures.json(records.get(1)));
    PipelineSink sink = PipelineSink.manual();
    try (EventSource source = source(topic, Map.of())) {
      source.start(sink);
      await(() -> sink.submissions().size() == 2, "both messages in the pipeline");
      sink.submissions()
          .get(0)
          .done()
          .completeExceptionally(new IllegalStateException("store down"));
      sink.submissions().get(1).done().complete(null);
      await(() -> sink.submissions().size() == 4, "both read again after the failure");
      assertThat(broker.committed(group, topic, 0)).isEqualTo(-1);
      sink.submissions().get(2).done().complete(null);
      sink.submissions().get(3).done().complete(null);
      await(() -> broker.committed(group, topic, 0) == 2, "committed after the retry");
    }
    assertThat(sink.submissions())
        .extracting(s -> s.events().get(0).eventId())
        .containsExactly(
            JsonTrees.text(records.get(0).get("eventID")),
            JsonTrees.text(records.get(1).get("eventID")),
            JsonTrees.text(records.get(0).get("eventID")),
            JsonTrees.text(records.get(1).get("eventID")));
  }

  @ParameterizedTest(name = "group.protocol={0}")
  @ValueSource(strings = {"classic", "consumer"})
  void aRebalanceWhileConsumingLosesNothingAndRepeatsNoCompletedMessage(String protocol)
      throws Exception {
    String topic = broker.newTopic(4);
    List<Map<String, Object>> records = Fixtures.cloudTrailRecords();
    int total = 240;
    // Real records, each message made unique by a suffix on its eventID so it can be counted.
    List<byte[]> messages = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      Map<String, Object> record = new LinkedHashMap<>(records.get(i % records.size()));
      record.put("eventID", JsonTrees.text(record.get("eventID")) + "#" + i);
      messages.add(Fixtures.json(record));
    }
    Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();
    Map<String, String> processedBy = new ConcurrentHashMap<>();
    PipelineSink a = pipeline("a", processed, processedBy);
    PipelineSink b = pipeline("b", processed, processedBy);
    for (int i = 0; i < total / 2; i++) {
      broker.send(topic, i % 4, messages.get(i));
    }
    Map<String, Object> config = broker.config(topic, group, protocol);
    config.put("max_poll_records", 5);
    try (EventSource first = source(config)) {
      first.start(a);
      await(() -> processed.size() >= 20, "the first consumer under way");
      try (EventSource second = source(config)) {
        second.start(b);
        await(second::connected, "the second consumer joined the group");
        // One message per look until the second consumer has done some work (its partitions may
        // come a round later under the cooperative protocols), then the rest at once.
        AtomicInteger next = new AtomicInteger(total / 2);
        await(
            () -> {
              int i = next.getAndIncrement();
              if (i < total) {
                broker.send(topic, i % 4, messages.get(i));
              }
              return processedBy.containsValue("b") || i >= total;
            },
            "the second consumer under way");
        for (int i = next.get(); i < total; i++) {
          broker.send(topic, i % 4, messages.get(i));
        }
        await(() -> processed.size() == total, "every message processed");
        await(
            () -> {
              long sum = 0;
              for (int p = 0; p < 4; p++) {
                sum += broker.committed(group, topic, p);
              }
              return sum == total;
            },
            "every offset committed");
      }
    } finally {
      a.stop();
      b.stop();
    }
    assertThat(processed.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(processedBy.values()).contains("a", "b");
  }

  private static PipelineSink pipeline(
      String name, Map<String, AtomicInteger> processed, Map<String, String> processedBy) {
    return PipelineSink.processing(
        4,
        s -> {
          for (AuditEvent e : s.events()) {
            processed.computeIfAbsent(e.eventId(), k -> new AtomicInteger()).incrementAndGet();
            processedBy.put(e.eventId(), name);
          }
          // The time a real pipeline takes, so that the rebalance finds messages in flight.
          long until = System.nanoTime() + Duration.ofMillis(3).toNanos();
          while (System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        });
  }

  @Test
  void consumesOverSaslPlainWithThePasswordFromASecretForm() throws Exception {
    String topic = broker.newTopic(1);
    broker.send(topic, 0, Fixtures.json(Fixtures.cloudTrailRecords().get(0)));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("bootstrap_servers", broker.saslBootstrap);
    config.put("security_protocol", "SASL_PLAINTEXT");
    config.put("sasl_mechanism", "PLAIN");
    config.put("sasl_username", KafkaBroker.SASL_USER);
    config.put("sasl_password_from_env", "TFDRIFT_TEST_KAFKA_PASSWORD");
    PipelineSink sink = PipelineSink.completing();
    Map<String, Object> all = broker.config(topic, group);
    all.putAll(config);
    ConfigSection section =
        ConfigSection.of(
            "sources.kafka",
            all,
            Map.of(
                "env",
                name -> {
                  assertThat(name).isEqualTo("TFDRIFT_TEST_KAFKA_PASSWORD");
                  return Secret.of(KafkaBroker.SASL_PASSWORD);
                }));
    try (EventSource source = new KafkaSourceProvider().create(section)) {
      source.start(sink);
      await(() -> sink.events().size() == 1, "the record, over SASL");
    }
  }

  @Test
  void aPluginsAuditFormatDecodesTheMessagesTheClassPathsFormatsDoNotKnow() throws Exception {
    String topic = broker.newTopic(1);
    List<String> azure =
        new String(Fixtures.resource("samples/azure/activity.ndjson"), StandardCharsets.UTF_8)
            .lines()
            .toList();
    for (String record : azure) {
      broker.send(topic, 0, record.getBytes(StandardCharsets.UTF_8));
    }
    broker.send(topic, 0, Fixtures.json(Fixtures.cloudTrailRecords().get(0)));

    // Without the plugin's format (the class path's only): refused, named, and committed.
    PipelineSink without = PipelineSink.completing();
    try (EventSource source = source(broker.config(topic, group))) {
      source.start(without);
      await(() -> broker.committed(group, topic, 0) == 3, "all three messages committed");
    }
    assertThat(without.events()).hasSize(1);
    assertThat(without.rejected())
        .hasSize(2)
        .allSatisfy(
            r ->
                assertThat(r)
                    .contains("not an audit record any installed format accepts (tried ")
                    .contains("cloudtrail")
                    .doesNotContain(AzureActivityFormat.TYPE));

    // With the registry's formats, the plugin's among them, as the runtime hands them over.
    Map<String, AuditFormatProvider> formats = new TreeMap<>(AuditFormats.onClassPath());
    formats.put(AzureActivityFormat.TYPE, new AzureActivityFormat.Provider());
    PipelineSink with = PipelineSink.completing();
    try (EventSource source =
        new KafkaSourceProvider()
            .create(
                ConfigSection.of("sources.kafka", broker.config(topic, group + "-plugin")),
                formats)) {
      source.start(with);
      await(() -> with.events().size() == 3, "the two Azure records and the CloudTrail record");
    }
    assertThat(with.rejected()).isEmpty();
    assertThat(with.submissions()).hasSize(3).allSatisfy(s -> assertThat(s.events()).hasSize(1));
    assertThat(with.events().subList(0, 2))
        .extracting(AuditEvent::provider, AuditEvent::service, AuditEvent::action)
        .containsExactly(
            tuple("azure", "MICROSOFT.EVENTHUB", "NAMESPACES/AUTHORIZATIONRULES/LISTKEYS/ACTION"),
            tuple("azure", "Microsoft.Resourcehealth", "healthevent/Updated/action"));
    assertThat(with.events().get(2).eventId())
        .isEqualTo(JsonTrees.text(Fixtures.cloudTrailRecords().get(0).get("eventID")));
  }

  @Test
  void aPoisonMessageIsRejectedAfterMaxAttemptsAndItsPartitionGoesOn() throws Exception {
    String topic = broker.newTopic(1);
    List<Map<String, Object>> records = Fixtures.cloudTrailRecords();
    for (int i = 0; i < 3; i++) {
      broker.send(topic, 0, Fixtures.json(records.get(i)));
    }
    String poison = JsonTrees.text(records.get(1).get("eventID"));
    AtomicInteger poisonAttempts = new AtomicInteger();
    // The pipeline fails the middle message every time (a host whose processing throws on it).
    PipelineSink sink =
        PipelineSink.processing(
            100,
            s -> {
              if (s.events().get(0).eventId().equals(poison)) {
                poisonAttempts.incrementAndGet();
                throw new IllegalStateException("cannot process " + poison);
              }
            });
    try (EventSource source = source(topic, Map.of("max_attempts", 2))) {
      source.start(sink);
      await(() -> broker.committed(group, topic, 0) == 3, "every message committed");
    } finally {
      sink.stop();
    }
    assertThat(poisonAttempts.get()).isEqualTo(2);
    assertThat(sink.rejected())
        .singleElement()
        .asString()
        .startsWith("kafka topic " + topic + " partition 0 offset 1: processing failed 2 times")
        .contains("IllegalStateException: cannot process " + poison)
        .contains("--reset-offsets --to-offset 1 --topic " + topic + ":0");
    assertThat(sink.events())
        .extracting(AuditEvent::eventId)
        .contains(
            JsonTrees.text(records.get(0).get("eventID")),
            JsonTrees.text(records.get(2).get("eventID")));
  }
}
