package io.tfdrift.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Secret;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.json.JsonTrees;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLS on a real listener: the broker's certificate is made by the JDK's keytool for this run and
 * trusted through {@code ssl_ca_file} (PEM), with host name verification on (the certificate names
 * 127.0.0.1); SASL/SCRAM-SHA-512 over TLS with the password from a secret form.
 */
class KafkaTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger GROUPS = new AtomicInteger();
  private static final String PASSWORD_VARIABLE = "TFDRIFT_TEST_KAFKA_PASSWORD";

  private KafkaBroker broker;
  private String topic;
  private Map<String, Object> record;

  @BeforeEach
  void topic() throws Exception {
    broker = KafkaBroker.get();
    topic = broker.newTopic(1);
    record = Fixtures.cloudTrailRecords().get(9);
    broker.send(topic, 0, Fixtures.json(record));
  }

  private Map<String, Object> config(String bootstrap) {
    Map<String, Object> config = broker.config(topic, "tls-" + GROUPS.incrementAndGet());
    config.put("bootstrap_servers", bootstrap);
    config.put("ssl_ca_file", broker.caFile.toString());
    return config;
  }

  private static ConfigSection section(Map<String, Object> config) {
    return ConfigSection.of(
        "sources.kafka",
        config,
        Map.of(
            "env",
            name -> {
              assertThat(name).isEqualTo(PASSWORD_VARIABLE);
              return Secret.of(KafkaBroker.SASL_PASSWORD);
            }));
  }

  private void consumesTheRecord(ConfigSection section) throws Exception {
    PipelineSink sink = PipelineSink.completing();
    try (EventSource source = new KafkaSourceProvider().create(section)) {
      source.start(sink);
      Awaitility.await("the record, over TLS")
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> sink.events().size() == 1);
      assertThat(source.connected()).isTrue();
    }
    assertThat(sink.events().get(0).eventId()).isEqualTo(JsonTrees.text(record.get("eventID")));
    assertThat(sink.rejected()).isEmpty();
  }

  @Test
  void consumesThroughAnSslListenerTrustingTheBrokersCertificateFromAPemFile() throws Exception {
    Map<String, Object> config = config(broker.sslBootstrap);
    config.put("security_protocol", "SSL");
    consumesTheRecord(section(config));
  }

  @Test
  void consumesThroughASaslSslListenerWithScram() throws Exception {
    Map<String, Object> config = config(broker.saslSslBootstrap);
    config.put("security_protocol", "SASL_SSL");
    config.put("sasl_mechanism", "SCRAM-SHA-512");
    config.put("sasl_username", KafkaBroker.SASL_USER);
    config.put("sasl_password_from_env", PASSWORD_VARIABLE);
    consumesTheRecord(section(config));
  }

  @Test
  void aMissingCaFileIsNamedWithItsKeyAndTheFixBeforeAnyConnection() {
    Map<String, Object> config = config(broker.sslBootstrap);
    config.put("security_protocol", "SSL");
    Path missing = broker.caFile.resolveSibling("truststore-that-is-not-there.pem");
    config.put("ssl_ca_file", missing.toString());

    assertThatThrownBy(() -> new KafkaSourceProvider().create(section(config)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.kafka.ssl_ca_file")
        .hasMessageContaining("'" + missing + "' cannot be read (no such file)")
        .hasMessageContaining("keytool -exportcert -rfc")
        .hasMessageContaining("remove ssl_ca_file to trust the JVM's CA certificates");
  }
}
