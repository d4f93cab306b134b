package io.tfdrift.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Secret;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.config.ConfigSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSourceProviderTest {
  private static final String PASSWORD = "hunter2-kafka";

  @TempDir Path dir;

  private static Map<String, Object> base() {
    Map<String, Object> config = new HashMap<>();
    config.put("bootstrap_servers", "kafka-1.example:9092, kafka-2.example:9092");
    config.put("topics", List.of("cloudtrail", "gcp-audit"));
    return config;
  }

  private static ConfigSection section(Map<String, Object> values) {
    return ConfigSection.of("sources.kafka", values, Map.of("env", name -> Secret.of(PASSWORD)));
  }

  private static KafkaAuditSource create(Map<String, Object> values) {
    return (KafkaAuditSource) new KafkaSourceProvider().create(section(values));
  }

  private static void rejects(Map<String, Object> values, String key, String... fragments) {
    assertThatThrownBy(() -> create(values))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.kafka." + key)
        .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
  }

  @Test
  void createsFromItsKeysWithoutConnecting() {
    Map<String, Object> values = base();
    values.put("group_id", "drift");
    values.put("auto_offset_reset", "latest");
    values.put("max_poll_records", 50);
    values.put("commit_interval", "2s");
    values.put("drain_timeout", "10s");
    values.put("max_attempts", 0);
    values.put("formats", List.of("cloudtrail", "gcp-audit"));
    values.put("properties", Map.of("fetch.max.wait.ms", "250"));
    ConfigSection section = section(values);
    try (EventSource source = new KafkaSourceProvider().create(section)) {
      assertThat(source.connected()).isFalse();
    }
    assertThat(section.unknownKeys()).isEmpty();
  }

  @Test
  void requiresBrokersAndTopicsNamingTheKeys() {
    Map<String, Object> values = base();
    values.remove("bootstrap_servers");
    rejects(values, "bootstrap_servers", "host:port");
    values = base();
    values.put("bootstrap_servers", "kafka-1.example");
    rejects(values, "bootstrap_servers", "'kafka-1.example' is not host:port");
    values = base();
    values.remove("topics");
    rejects(values, "topics", "one or more topic names");
    values = base();
    values.put("topics", List.of("cloud trail"));
    rejects(values, "topics", "'cloud trail' is not a Kafka topic name");
    values = base();
    values.put("max_attempts", -1);
    rejects(values, "max_attempts", "-1 is negative", "0 to retry it for ever");
    values = base();
    values.put("auto_offset_reset", "none");
    rejects(values, "auto_offset_reset", "earliest or latest");
    values = base();
    values.put("formats", List.of("azure-activity"));
    rejects(values, "formats", "'azure-activity' is not an installed audit format", "cloudtrail");
  }

  @Test
  void refusesPropertiesTheSourceOwnsOrThatHoldSecrets() {
    Map<String, Object> values = base();
    values.put("properties", Map.of("enable.auto.commit", "true"));
    rejects(values, "properties.enable.auto.commit", "is set by the source");
    values.put("properties", Map.of("sasl.jaas.config", "x required;"));
    rejects(values, "properties.sasl.jaas.config", "use sasl_jaas_config");
    values.put("properties", Map.of("sasl.oauthbearer.client.credentials.client.secret", "s"));
    rejects(values, "properties.sasl.oauthbearer", "looks like a secret");
    values.put("properties", Map.of("fetch.max.wait.ms", "soon"));
    rejects(values, "properties", "fetch.max.wait.ms");
  }

  @Test
  void saslAndTlsCombinationsThatCannotWorkAreClearErrors() {
    Map<String, Object> values = base();
    values.put("security_protocol", "TLS");
    rejects(values, "security_protocol", "'TLS' is not a Kafka security protocol", "SASL_SSL");

    values = base();
    values.put("sasl_username", "tfdrift");
    rejects(values, "sasl_username", "security_protocol is PLAINTEXT", "SASL_SSL");

    values = base();
    values.put("security_protocol", "SASL_SSL");
    rejects(values, "sasl_mechanism", "is required with security_protocol SASL_SSL");

    values.put("sasl_mechanism", "SCRAM-SHA-512");
    rejects(values, "sasl_username", "is required with sasl_mechanism SCRAM-SHA-512");

    values.put("sasl_username", "tfdrift");
    rejects(values, "sasl_password", "sasl_password_from_env");

    values.put("sasl_mechanism", "OAUTHBEARER");
    values.put("sasl_password_from_env", "KAFKA_PASSWORD");
    rejects(values, "sasl_mechanism", "needs sasl_jaas_config");

    values = base();
    values.put("security_protocol", "SASL_PLAINTEXT");
    values.put("sasl_mechanism", "PLAIN");
    values.put("sasl_username", "tfdrift");
    values.put("sasl_password_from_env", "KAFKA_PASSWORD");
    values.put("ssl_ca_file", "/etc/kafka/ca.pem");
    rejects(values, "ssl_ca_file", "security_protocol SASL_SSL", "is SASL_PLAINTEXT");
  }

  @Test
  void tlsFilesAreReadAndCheckedAtStartUp() throws Exception {
    Map<String, Object> values = base();
    values.put("security_protocol", "SSL");
    values.put("ssl_ca_file", dir.resolve("missing.pem").toString());
    rejects(values, "ssl_ca_file", "missing.pem' cannot be read", "PEM CA certificate bundle");

    Path notPem = Files.writeString(dir.resolve("ca.der"), "binary");
    values.put("ssl_ca_file", notPem.toString());
    rejects(values, "ssl_ca_file", "is not a PEM CA certificate bundle");

    values.remove("ssl_ca_file");
    values.put("ssl_cert_file", notPem.toString());
    rejects(values, "ssl_key_file", "needs both PEM files");
  }

  @Test
  void theJaasLineCarriesThePasswordEscapedButNothingPrintsIt() {
    Map<String, Object> values = base();
    values.put("security_protocol", "SASL_SSL");
    values.put("sasl_mechanism", "scram-sha-256");
    values.put("sasl_username", "tfdrift");
    values.put("sasl_password_from_env", "KAFKA_PASSWORD");
    Map<String, Object> client = new HashMap<>();
    KafkaSecurity.apply(section(values), client);
    assertThat(client)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256")
        .containsEntry(
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"tfdrift\" password=\""
                + PASSWORD
                + "\";");
    assertThat(KafkaSecurity.quoted("a\"b\\c")).isEqualTo("a\\\"b\\\\c");
    KafkaAuditSource source = create(values);
    assertThat(source.toString()).doesNotContain(PASSWORD);
    assertThat(
            new KafkaSettings(
                    List.of("t"),
                    "g",
                    "b:1",
                    java.time.Duration.ofSeconds(1),
                    java.time.Duration.ofSeconds(1),
                    10,
                    client)
                .toString())
        .doesNotContain(PASSWORD)
        .contains("sasl.jaas.config");
  }
}
