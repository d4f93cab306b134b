package io.tfdrift.benchmarks.load;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in KRaft combined mode (in this process, as {@code KafkaAuditSourceTest}
 * starts it) and one topic per run. Records are published as raw CloudTrail records keyed by
 * account, the partition key the README recommends, so one resource's calls stay in order.
 */
final class KafkaBus implements AuditBus {
  private final KafkaRaftServer server;
  private final String bootstrap;
  private final Admin admin;
  private final KafkaProducer<String, byte[]> producer;
  private final int partitions;
  private final AtomicReference<Exception> failed = new AtomicReference<>();
  private String topic;
  private String group;

  KafkaBus(Path dir, int partitions) throws Exception {
    this.partitions = partitions;
    int plain = freePort();
    int controller = freePort();
    Path logs = Files.createDirectories(dir.resolve("kafka"));
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + plain + ",CONTROLLER://127.0.0.1:" + controller);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + plain);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logs.toString());
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    KafkaConfig config = new KafkaConfig(p);
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(logs.toString())
        .setReleaseVersion(MetadataVersion.latestProduction())
        .addDirectory(logs.toString())
        .run();
    server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    bootstrap = "127.0.0.1:" + plain;
    admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "2"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String open(String run) throws Exception {
    topic = "audit-" + run;
    group = "tfdrift-" + run;
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    // A killed replica's partitions move after session.timeout.ms (Kafka's default is 45 s).
    return """
          - type: kafka
            bootstrap_servers: %s
            topics: [%s]
            group_id: %s
            commit_interval: 200ms
            properties:
              session.timeout.ms: "6000"
              heartbeat.interval.ms: "1000"
        """
        .formatted(bootstrap, topic, group);
  }

  @Override
  public void publish(int i, String key, ScaleRecords records) {
    producer.send(
        new ProducerRecord<>(topic, key, records.record(i).getBytes(StandardCharsets.UTF_8)),
        (metadata, e) -> {
          if (e != null) {
            failed.compareAndSet(null, e);
          }
        });
  }

  @Override
  public void flush() throws Exception {
    producer.flush();
    Exception e = failed.get();
    if (e != null) {
      throw new IllegalStateException("publishing to " + topic + " failed", e);
    }
  }

  @Override
  public long backlog() throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest =
        partitionsOfTopic().stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
    Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
    long lag = 0;
    for (var end : ends.entrySet()) {
      OffsetAndMetadata done = committed.get(end.getKey());
      lag += end.getValue().offset() - (done == null ? 0 : done.offset());
    }
    return lag;
  }

  private List<TopicPartition> partitionsOfTopic() {
    return java.util.stream.IntStream.range(0, partitions)
        .mapToObj(p -> new TopicPartition(topic, p))
        .toList();
  }

  @Override
  public void close() throws Exception {
    producer.close();
    admin.close();
    server.shutdown();
    server.awaitShutdown();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
