package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestConfigsTest {

  @Test
  void readsValuesAsTfdriftDoes() {
    ComponentConfig config =
        TestConfigs.of(
            "notifications.discord",
            Map.of(
                "timeout", "1m30s",
                "retries", 3,
                "enabled", "true",
                "webhook_url", "https://example.test/hook",
                "routes", List.of(Map.of("severity", "high"))));

    assertThat(config.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.integer("retries", 0)).isEqualTo(3);
    assertThat(config.bool("enabled", false)).isTrue();
    assertThat(config.secret("webhook_url").reveal()).isEqualTo("https://example.test/hook");
    assertThat(config.children("routes").get(0).string("severity")).isEqualTo("high");
    assertThat(TestConfigs.unknownKeys(config)).isEmpty();
  }

  @Test
  void reportsKeysNobodyReadAtAnyDepth() {
    ComponentConfig config =
        TestConfigs.of(Map.of("channel", "#drift", "extra", Map.of("chanel", "x", "ok", 1)));
    config.string("channel");
    config.child("extra").integer("ok", 0);

    assertThat(TestConfigs.unknownKeys(config)).containsExactly("test.extra.chanel: unknown key");
  }

  @Test
  void namesTheKeyPathOfABadValue() {
    ComponentConfig config = TestConfigs.of("sources.x", Map.of("timeout", "ten seconds"));

    assertThatThrownBy(() -> config.duration("timeout", Duration.ZERO))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("sources.x.timeout")
        .hasMessageContaining("not a duration");
  }
}
