package io.tfdrift.source.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in KRaft combined mode (broker and controller in one node), started once per
 * test JVM from the {@code kafka_2.13} artifact, with four listeners: plaintext; {@code
 * SASL_PLAINTEXT} accepting user {@link #SASL_USER} with PLAIN; {@code SSL} with a self-signed
 * certificate made for this run by the JDK's keytool (its PEM in {@link #caFile}); and {@code
 * SASL_SSL} accepting {@link #SASL_USER} with SCRAM-SHA-512. Its data lives under {@code target/}.
 */
final class KafkaBroker {
  static final String SASL_USER = "tfdrift";

  /** A password with the characters a JAAS line must escape. */
  static final String SASL_PASSWORD = "pa\"ss\\word";

  private static final String STORE_PASSWORD = "broker-store-pass";
  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static KafkaBroker instance;

  final String bootstrap;
  final String saslBootstrap;
  final String sslBootstrap;
  final String saslSslBootstrap;

  /** The broker certificate, PEM: the CA bundle a client trusts. */
  final Path caFile;

  final Admin admin;
  private final KafkaProducer<String, byte[]> producer;

  private KafkaBroker() throws Exception {
    int plain = freePort();
    int sasl = freePort();
    int ssl = freePort();
    int saslSsl = freePort();
    int controller = freePort();
    Path dir = Files.createDirectories(Path.of("target")).resolve("kafka-" + Uuid.randomUuid());
    Files.createDirectories(dir);
    Path keystore = dir.resolve("broker.p12");
    caFile = dir.resolve("broker-ca.pem");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=IP:127.0.0.1,DNS:localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keystore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "broker",
        "-keystore",
        keystore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        caFile.toString());
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controller);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:"
            + plain
            + ",SASL_PLAINTEXT://127.0.0.1:"
            + sasl
            + ",SSL://127.0.0.1:"
            + ssl
            + ",SASL_SSL://127.0.0.1:"
            + saslSsl
            + ",CONTROLLER://127.0.0.1:"
            + controller);
    p.put(
        "advertised.listeners",
        "PLAINTEXT://127.0.0.1:"
            + plain
            + ",SASL_PLAINTEXT://127.0.0.1:"
            + sasl
            + ",SSL://127.0.0.1:"
            + ssl
            + ",SASL_SSL://127.0.0.1:"
            + saslSsl);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put(
        "listener.security.protocol.map",
        "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL,SASL_SSL:SASL_SSL,"
            + "CONTROLLER:PLAINTEXT");
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.location", keystore.toString());
    p.put("ssl.keystore.password", STORE_PASSWORD);
    p.put("ssl.key.password", STORE_PASSWORD);
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
    p.put(
        "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required;");
    p.put(
        "listener.name.sasl_plaintext.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required user_"
            + SASL_USER
            + "=\""
            + KafkaSecurity.quoted(SASL_PASSWORD)
            + "\";");
    p.put("log.dirs", dir.toString());
    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.min.session.timeout.ms", "1000");
    // The broker-assigned protocol (group.protocol=consumer): heartbeats fast enough for tests.
    p.put("group.consumer.min.heartbeat.interval.ms", "200");
    p.put("group.consumer.heartbeat.interval.ms", "200");
    p.put("group.consumer.min.session.timeout.ms", "3000");
    p.put("group.consumer.session.timeout.ms", "6000");
    KafkaConfig config = new KafkaConfig(p);
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(1)
        .setClusterId(Uuid.randomUuid().toString())
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(dir.toString())
        .setReleaseVersion(MetadataVersion.latestProduction())
        .addDirectory(dir.toString())
        .run();
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    bootstrap = "127.0.0.1:" + plain;
    saslBootstrap = "127.0.0.1:" + sasl;
    sslBootstrap = "127.0.0.1:" + ssl;
    saslSslBootstrap = "127.0.0.1:" + saslSsl;
    admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    // SCRAM credentials live in the cluster metadata: created through the admin API.
    admin
        .alterUserScramCredentials(
            List.of(
                new UserScramCredentialUpsertion(
                    SASL_USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                    SASL_PASSWORD)))
        .all()
        .get();
    producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", "0"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  static synchronized KafkaBroker get() throws Exception {
    if (instance == null) {
      instance = new KafkaBroker();
    }
    return instance;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A new topic with {@code partitions} partitions; returns its name. */
  String newTopic(int partitions) throws Exception {
    String name = "audit-" + TOPICS.incrementAndGet();
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    return name;
  }

  /** Publishes a message and waits for the broker's acknowledgement. */
  RecordMetadata send(String topic, String key, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("publishing to " + topic + " failed", e.getCause());
    }
  }

  /** Publishes a message to one partition. */
  RecordMetadata send(String topic, int partition, byte[] value) {
    try {
      return producer.send(new ProducerRecord<>(topic, partition, null, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("publishing to " + topic + " failed", e.getCause());
    }
  }

  /** The group's committed offset of a partition, {@code -1} if none. */
  long committed(String group, String topic, int partition) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      OffsetAndMetadata offset = offsets.get(new TopicPartition(topic, partition));
      return offset == null ? -1 : offset.offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(new IOException("listing offsets failed", e.getCause()));
    }
  }

  /** The source's configuration for a topic and group, with fast group membership for tests. */
  Map<String, Object> config(String topic, String group) {
    return config(topic, group, "classic");
  }

  /**
   * The same, for a group protocol: {@code classic} (the client assigns; heartbeat settings are the
   * client's) or {@code consumer} (the broker assigns and sets the heartbeat).
   */
  Map<String, Object> config(String topic, String group, String protocol) {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap_servers", bootstrap);
    config.put("topics", List.of(topic));
    config.put("group_id", group);
    config.put("commit_interval", "100ms");
    config.put(
        "properties",
        protocol.equals("classic")
            ? Map.of("heartbeat.interval.ms", "100", "session.timeout.ms", "6000")
            : Map.of("group.protocol", protocol));
    return config;
  }
}
