package io.tfdrift.source.kafka;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.registry.AuditFormats;
import io.tfdrift.source.aws.CloudTrailLogFiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Source {@code kafka}: a consumer group over one or more topics carrying audit records as JSON,
 * one message each: CloudTrail records (bare, or a log file's {@code {"Records": [...]}}),
 * EventBridge {@code AWS API Call via CloudTrail} events, GCP audit {@code LogEntry}s, or anything
 * else an installed {@link AuditFormatProvider} accepts (Falco alerts from falcosidekick's Kafka
 * output, with tfdrift-falco; a plugin jar's format), and notifications of CloudTrail log files in
 * S3 (S3 event notifications, CloudTrail's SNS message), whose files are fetched and read.
 *
 * <p>Keys: {@code bootstrap_servers} (required, {@code host:port} list), {@code topics} (required),
 * {@code group_id} (default {@code tfdrift}), {@code client_id}, {@code auto_offset_reset} ({@code
 * earliest} or {@code latest}, default {@code earliest}), {@code max_poll_records} (default 500),
 * {@code commit_interval} (default {@code 1s}), {@code drain_timeout} (default {@code 30s}), {@code
 * max_attempts} (default 10), {@code formats} (default: every installed format), {@code s3_region},
 * {@code s3_endpoint} and {@code s3_path_style} (for log files, {@link
 * CloudTrailLogFiles#configured}), the security keys of {@link KafkaSecurity}, and {@code
 * properties} (any other consumer setting by its Kafka name).
 *
 * <pre>{@code
 * sources:
 *   - type: kafka
 *     bootstrap_servers: [b-1.msk.example:9096, b-2.msk.example:9096]
 *     topics: [cloudtrail]
 *     security_protocol: SASL_SSL
 *     sasl_mechanism: SCRAM-SHA-512
 *     sasl_username: tfdrift
 *     sasl_password_from_env: KAFKA_PASSWORD
 * }</pre>
 */
@AutoService(EventSourceProvider.class)
public final class KafkaSourceProvider implements EventSourceProvider {

  /** The default consumer group. */
  public static final String DEFAULT_GROUP_ID = "tfdrift";

  /** The default interval between commits of completed offsets. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);

  /** The default number of times a failing message is tried before it is skipped. */
  public static final int DEFAULT_MAX_ATTEMPTS = 10;

  /** The default wait for messages in hand on revocation and shutdown. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern HOST_PORT =
      Pattern.compile("[^\\s:,]+:\\d{1,5}|\\[[0-9a-fA-F:]+]:\\d{1,5}");
  private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  /** Consumer settings the source owns, and the key that sets each one instead. */
  private static final Map<String, String> OWNED =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "bootstrap_servers"),
          Map.entry("group.id", "group_id"),
          Map.entry("client.id", "client_id"),
          Map.entry("auto.offset.reset", "auto_offset_reset"),
          Map.entry("max.poll.records", "max_poll_records"),
          Map.entry(
              "enable.auto.commit", "commit_interval (offsets are committed after processing)"),
          Map.entry("auto.commit.interval.ms", "commit_interval"),
          Map.entry("key.deserializer", "nothing (messages are read as bytes)"),
          Map.entry("value.deserializer", "nothing (messages are read as bytes)"),
          Map.entry("security.protocol", "security_protocol"),
          Map.entry("sasl.mechanism", "sasl_mechanism"),
          Map.entry("sasl.jaas.config", "sasl_jaas_config, or sasl_username and sasl_password"),
          Map.entry("ssl.truststore.type", "ssl_ca_file"),
          Map.entry("ssl.truststore.certificates", "ssl_ca_file"),
          Map.entry("ssl.truststore.location", "ssl_ca_file"),
          Map.entry("ssl.truststore.password", "ssl_ca_file (PEM needs no password)"),
          Map.entry("ssl.keystore.type", "ssl_cert_file and ssl_key_file"),
          Map.entry("ssl.keystore.certificate.chain", "ssl_cert_file"),
          Map.entry("ssl.keystore.key", "ssl_key_file"),
          Map.entry("ssl.keystore.location", "ssl_cert_file and ssl_key_file"),
          Map.entry("ssl.keystore.password", "ssl_key_password"),
          Map.entry("ssl.key.password", "ssl_key_password"),
          Map.entry("ssl.endpoint.identification.algorithm", "ssl_endpoint_identification"));

  /** Creates the provider; ServiceLoader calls this. */
  public KafkaSourceProvider() {}

  @Override
  public String type() {
    return "kafka";
  }

  /** Creates the source with the audit formats on the class path (a host without plugins). */
  @Override
  public EventSource create(ComponentConfig config) {
    return create(config, AuditFormats.onClassPath());
  }

  /**
   * Creates the source; its messages are offered to {@code formats} (or those {@code formats}
   * names), in the order of their names.
   */
  @Override
  public EventSource create(ComponentConfig config, Map<String, AuditFormatProvider> formats) {
    return create(config, formats, CloudTrailLogFiles.configured(config));
  }

  /** The same, fetching log files with {@code logFiles} (built on first use). */
  KafkaAuditSource create(
      ComponentConfig config,
      Map<String, AuditFormatProvider> formats,
      CloudTrailLogFiles logFiles) {
    String servers = bootstrapServers(config);
    List<String> topics = topics(config);
    String group = config.string("group_id", DEFAULT_GROUP_ID);
    if (group.isBlank()) {
      throw config.invalid("group_id", "must not be blank; the default is " + DEFAULT_GROUP_ID);
    }
    Map<String, Object> client = new HashMap<>();
    Map<String, String> extra = config.stringMap("properties");
    extra.forEach(
        (key, value) -> {
          String instead = OWNED.get(key);
          if (instead != null) {
            throw config.invalid(
                "properties." + key, "is set by the source; use " + instead + " instead");
          }
          if (key.contains("password") || key.contains("secret") || key.endsWith(".key")) {
            throw config.invalid(
                "properties." + key,
                "looks like a secret, and properties are not read as secrets; put the whole JAAS"
                    + " line in sasl_jaas_config (which accepts sasl_jaas_config_from_env,"
                    + " _from_file, ...)");
          }
          client.put(key, value);
        });
    client.put("bootstrap.servers", servers);
    client.put("group.id", group);
    config.optionalString("client_id").ifPresent(id -> client.put("client.id", id));
    client.put("enable.auto.commit", "false");
    client.put("auto.offset.reset", offsetReset(config));
    client.put("max.poll.records", positive(config, "max_poll_records", 500));
    client.put("key.deserializer", ByteArrayDeserializer.class);
    client.put("value.deserializer", ByteArrayDeserializer.class);
    boolean brokerAssigns =
        "consumer".equalsIgnoreCase(String.valueOf(client.get("group.protocol")));
    if (!brokerAssigns) {
      // Incremental rebalances: only the partitions that move stop, the others keep flowing.
      client.putIfAbsent(
          "partition.assignment.strategy", CooperativeStickyAssignor.class.getName());
    }
    KafkaSecurity.apply(config, client);
    validate(config, client);
    Duration commitInterval = config.duration("commit_interval", DEFAULT_COMMIT_INTERVAL);
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw config.invalid("commit_interval", "must be positive; the default is 1s");
    }
    Duration drain = config.duration("drain_timeout", DEFAULT_DRAIN_TIMEOUT);
    if (drain.isNegative() || drain.compareTo(Duration.ofMinutes(4)) > 0) {
      throw config.invalid(
          "drain_timeout",
          "must be between 0s and 4m (below the consumer's max.poll.interval.ms of 5m); the"
              + " default is 30s");
    }
    int maxAttempts = config.integer("max_attempts", DEFAULT_MAX_ATTEMPTS);
    if (maxAttempts < 0) {
      throw config.invalid(
          "max_attempts",
          maxAttempts
              + " is negative; give how many times a failing message is tried before it is"
              + " rejected and skipped (default "
              + DEFAULT_MAX_ATTEMPTS
              + "), or 0 to retry it for ever");
    }
    return new KafkaAuditSource(
        new KafkaSettings(topics, group, servers, commitInterval, drain, maxAttempts, client),
        new MessageDecoder(formats(config, formats), logFiles));
  }

  private static String bootstrapServers(ComponentConfig config) {
    List<String> servers = new ArrayList<>();
    for (String entry : config.strings("bootstrap_servers")) {
      for (String server : entry.split(",")) {
        String s = server.trim();
        if (s.isEmpty()) {
          continue;
        }
        if (!HOST_PORT.matcher(s).matches()) {
          throw config.invalid(
              "bootstrap_servers", "'" + s + "' is not host:port; e.g. broker-1.example:9092");
        }
        servers.add(s);
      }
    }
    if (servers.isEmpty()) {
      throw config.invalid(
          "bootstrap_servers", "is required: one or more brokers as host:port, e.g. kafka:9092");
    }
    return String.join(",", servers);
  }

  private static List<String> topics(ComponentConfig config) {
    List<String> topics = config.strings("topics");
    if (topics.isEmpty()) {
      throw config.invalid("topics", "is required: one or more topic names, e.g. [cloudtrail]");
    }
    for (String topic : topics) {
      if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
        throw config.invalid(
            "topics",
            "'"
                + topic
                + "' is not a Kafka topic name (letters, digits, '.', '_' and '-', at most 249)");
      }
    }
    return topics;
  }

  private static String offsetReset(ComponentConfig config) {
    String value = config.string("auto_offset_reset", "earliest").toLowerCase(Locale.ROOT);
    if (!value.equals("earliest") && !value.equals("latest")) {
      throw config.invalid(
          "auto_offset_reset",
          "'"
              + value
              + "' is not earliest or latest (where a group without a committed offset starts)");
    }
    return value;
  }

  private static int positive(ComponentConfig config, String key, int defaultValue) {
    int value = config.integer(key, defaultValue);
    if (value < 1) {
      throw config.invalid(key, value + " must be at least 1 (default " + defaultValue + ")");
    }
    return value;
  }

  /** Lets Kafka's own parser check every setting now, at start-up, rather than in start(). */
  private static void validate(ComponentConfig config, Map<String, Object> client) {
    try {
      new ConsumerConfig(client, false) {};
    } catch (org.apache.kafka.common.KafkaException e) {
      throw config.invalid("properties", e.getMessage());
    }
  }

  /** The installed audit formats (or those {@code formats} names), in the order of their names. */
  private static Map<String, AuditFormat> formats(
      ComponentConfig config, Map<String, AuditFormatProvider> providers) {
    Map<String, AuditFormatProvider> installed = new TreeMap<>(providers);
    List<String> wanted = config.strings("formats");
    if (wanted.isEmpty()) {
      wanted = List.copyOf(installed.keySet());
    }
    Map<String, AuditFormat> formats = new LinkedHashMap<>();
    for (String type : new java.util.TreeSet<>(wanted)) {
      AuditFormatProvider provider = installed.get(type);
      if (provider == null) {
        throw config.invalid(
            "formats",
            "'"
                + type
                + "' is not an installed audit format; installed: "
                + installed.keySet()
                + " (a format jar in the plugins/ directory adds others)");
      }
      formats.put(type, provider.create(ConfigSection.of("formats." + type, Map.of())));
    }
    if (formats.isEmpty()) {
      throw config.invalid("formats", "no audit format is installed; tfdrift-core provides them");
    }
    return formats;
  }
}
