package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.core.json.JsonTrees;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadinessBodyTest {

  @Test
  void aStateMessageWithQuotesAndControlCharactersStillMakesValidJson() {
    String message = "s3://b/k: \"AccessDenied\"\n\tretry in 30s \u0001\u001f";
    String body =
        HealthChecks.readinessBody(
            false,
            true,
            Optional.of("tfdrift-0\r\n"),
            Map.of(
                "prod\u0007",
                Map.of("ready", false, "outcome", "failed", "resources", 0L, "message", message)),
            true,
            1,
            3,
            Optional.empty());

    assertThat(body).doesNotContain("\n").doesNotContain("\u0001").contains("\\n").contains("\\t");
    Map<String, Object> parsed = JsonTrees.parseObject(body);
    assertThat(JsonTrees.at(parsed, "checks", "states", "prod\u0007", "message"))
        .isEqualTo(message);
    assertThat(parsed).containsEntry("leader", "tfdrift-0\r\n").containsEntry("role", "leader");
    assertThat(JsonTrees.at(parsed, "checks", "queue", "depth")).isEqualTo(3L);
  }
}
