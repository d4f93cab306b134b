package io.tfdrift.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.core.config.ConfigSection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsSqsSourceProviderTest {
  private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/111122223333/tfdrift";

  @Test
  void readsTheRegionFromTheQueueUrl() {
    assertThat(AwsSqsSourceProvider.regionOf(QUEUE)).contains("eu-west-1");
    assertThat(AwsSqsSourceProvider.regionOf("https://eu-west-2.queue.amazonaws.com/1/q"))
        .contains("eu-west-2");
    assertThat(AwsSqsSourceProvider.regionOf("http://127.0.0.1:9324/1/q")).isEmpty();
  }

  @Test
  void createsFromItsKeysWithoutConnecting() {
    ConfigSection config = ConfigSection.of("sources.sqs", Map.of("queue_url", QUEUE));
    try (var source = new AwsSqsSourceProvider().create(config)) {
      assertThat(source.connected()).isFalse();
    }
    assertThat(config.unknownKeys()).isEmpty();
  }

  @Test
  void rejectsValuesOutsideSqsLimitsNamingTheKey() {
    assertThatThrownBy(() -> create(Map.of("queue_url", QUEUE, "wait_time", "30s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.sqs.wait_time");
    assertThatThrownBy(() -> create(Map.of("queue_url", QUEUE, "max_messages", 11)))
        .hasMessageContaining("sources.sqs.max_messages");
    assertThatThrownBy(() -> create(Map.of("queue_url", "not a url")))
        .hasMessageContaining("sources.sqs.queue_url");
    assertThatThrownBy(() -> create(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("queue_url");
  }

  private static void create(Map<String, Object> values) {
    new AwsSqsSourceProvider().create(ConfigSection.of("sources.sqs", values)).close();
  }
}
