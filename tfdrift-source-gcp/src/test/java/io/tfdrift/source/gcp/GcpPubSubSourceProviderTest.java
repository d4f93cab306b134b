package io.tfdrift.source.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.core.config.ConfigSection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GcpPubSubSourceProviderTest {
  private static final String SUBSCRIPTION = "projects/p/subscriptions/s";

  @Test
  void createsFromItsKeysWithoutConnecting() {
    ConfigSection config =
        ConfigSection.of(
            "sources.pubsub",
            Map.of(
                "subscription",
                SUBSCRIPTION,
                "endpoint",
                "127.0.0.1:8085",
                "plaintext",
                true,
                "max_outstanding_messages",
                10,
                "max_outstanding_bytes",
                "64MiB",
                "parallel_pull_count",
                2));
    try (var source = new GcpPubSubSourceProvider().create(config)) {
      assertThat(source.connected()).isFalse();
    }
    assertThat(config.unknownKeys()).isEmpty();
  }

  @Test
  void rejectsBadValuesNamingTheKey() {
    assertThatThrownBy(() -> create(Map.of("subscription", "s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.pubsub.subscription")
        .hasMessageContaining("projects/PROJECT/subscriptions/SUBSCRIPTION");
    assertThatThrownBy(() -> create(Map.of("subscription", SUBSCRIPTION, "plaintext", true)))
        .hasMessageContaining("sources.pubsub.plaintext");
    assertThatThrownBy(
            () -> create(Map.of("subscription", SUBSCRIPTION, "max_outstanding_bytes", "lots")))
        .hasMessageContaining("sources.pubsub.max_outstanding_bytes");
    assertThatThrownBy(
            () -> create(Map.of("subscription", SUBSCRIPTION, "max_outstanding_messages", 0)))
        .hasMessageContaining("sources.pubsub.max_outstanding_messages");
    assertThatThrownBy(
            () -> create(Map.of("subscription", SUBSCRIPTION, "credentials_file", "/nonexistent")))
        .hasMessageContaining("sources.pubsub.credentials_file");
  }

  private static void create(Map<String, Object> values) {
    new GcpPubSubSourceProvider().create(ConfigSection.of("sources.pubsub", values)).close();
  }
}
