package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.core.config.ConfigSection;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  @AfterEach
  void restore() {
    System.setErr(original);
    Logging.apply(ConfigSection.of("logging", Map.of("level", "warn")), Map.of());
  }

  private String logged(Runnable logging) {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    logging.run();
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesOneJsonObjectPerLine() throws Exception {
    Logging.apply(ConfigSection.of("logging", Map.of("format", "json", "level", "info")), Map.of());
    String out =
        logged(
            () ->
                LoggerFactory.getLogger("io.tfdrift.runtime.Daemon")
                    .info("state {} loaded", "prod"));
    String line = out.lines().filter(l -> l.contains("loaded")).findFirst().orElseThrow();
    var json = new ObjectMapper().readTree(line);
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("loggerName").asText()).isEqualTo("io.tfdrift.runtime.Daemon");
    assertThat(line).contains("prod");
  }

  @Test
  void setsLevelsPerComponentFromTheEnvironment() {
    Logging.apply(
        ConfigSection.of("logging", Map.of("level", "info")),
        Map.of("TFDRIFT_LOG_LEVEL", "warn", "TFDRIFT_LOG_COMPONENTS", "falco=debug"));
    String out =
        logged(
            () -> {
              LoggerFactory.getLogger("io.tfdrift.falco.http.FalcoHttpReceiver")
                  .debug("falco detail");
              LoggerFactory.getLogger("io.tfdrift.core.TfDrift").info("core chatter");
              LoggerFactory.getLogger("io.tfdrift.core.TfDrift").warn("core warning");
            });
    assertThat(out)
        .contains("falco detail")
        .contains("core warning")
        .doesNotContain("core chatter");
  }

  @Test
  void quietsTheKafkaClientsInfoLinesUnlessDebugging() {
    Logging.apply(ConfigSection.of("logging", Map.of("level", "info")), Map.of());
    String info =
        logged(
            () -> {
              LoggerFactory.getLogger("org.apache.kafka.clients.consumer.ConsumerConfig")
                  .info("ConsumerConfig values: ...");
              LoggerFactory.getLogger("org.apache.kafka.clients.NetworkClient")
                  .warn("broker unreachable");
            });
    assertThat(info).contains("broker unreachable").doesNotContain("ConsumerConfig values");

    Logging.apply(ConfigSection.of("logging", Map.of("level", "debug")), Map.of());
    String debug =
        logged(
            () ->
                LoggerFactory.getLogger("org.apache.kafka.clients.consumer.ConsumerConfig")
                    .info("ConsumerConfig values: ..."));
    assertThat(debug).contains("ConsumerConfig values");
  }
}
