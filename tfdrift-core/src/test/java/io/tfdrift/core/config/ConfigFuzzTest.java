package io.tfdrift.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfdrift.api.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the YAML configuration: loading (YAML, {@code ${VAR}} placeholders,
 * {@code TFDRIFT_*} overrides) and reading the engine's settings from it. The property: settings or
 * a {@link ConfigException} — never another exception, a hang or running out of memory — and never
 * a secret in the message: neither one the file holds ({@link #FILE_SECRET}, in the seeds) nor one
 * a placeholder or an override brings in from the environment ({@link #ENV_SECRET}).
 */
class ConfigFuzzTest {
  /** A token written into the seed files ({@code ConfigFuzzTestInputs/load/}). */
  static final String FILE_SECRET = "fuzz-s3cr3t-in-file";

  /** A webhook URL and a token the environment holds. */
  static final String ENV_SECRET = "fuzz-s3cr3t-in-env";

  private static final Map<String, String> ENV =
      Map.of(
          "WEBHOOK_URL",
          "https://hooks.slack.com/services/T0/B0/" + ENV_SECRET,
          "TFDRIFT_FALCO_AUTH_TOKEN",
          ENV_SECRET,
          "STATE_DIR",
          "/var/lib/tfdrift");

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "15m")
  void load(byte[] input) {
    String yaml = new String(input, StandardCharsets.UTF_8);
    try {
      ConfigLoader.Loaded loaded = ConfigLoader.parse(yaml, "fuzz.yaml", ENV);
      EngineSettings settings = EngineSettings.read(loaded.root(Map.of()));
      assertThat(settings.states()).doesNotContainNull();
    } catch (ConfigException expected) {
      assertThat(expected.getMessage())
          .isNotBlank()
          .doesNotContain(FILE_SECRET)
          .doesNotContain(ENV_SECRET);
    }
  }
}
