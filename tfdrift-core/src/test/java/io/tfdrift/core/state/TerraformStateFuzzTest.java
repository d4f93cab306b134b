package io.tfdrift.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateDocument;

/**
 * Coverage-guided fuzzing of the Terraform state parser. The property: a parsed state or a {@link
 * StateException} naming the document — never another exception, a hang or running out of memory —
 * and never a state value in the message: the seeds hold a database password ({@link #SECRET}), and
 * no message may repeat it, whatever the fuzzer made of the text around it.
 */
class TerraformStateFuzzTest {
  /** The password in the seed states ({@code TerraformStateFuzzTestInputs/parse/}). */
  static final String SECRET = "fuzz-s3cr3t-Pa55w0rd";

  private static final String LOCATION = "s3://fuzz-bucket/prod.tfstate";

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "15m")
  void parse(byte[] input) {
    try {
      ParsedState state =
          TerraformStateParser.parse("fuzz", new StateDocument("default", LOCATION, input));
      assertThat(state.managed()).doesNotContainNull();
    } catch (StateException expected) {
      assertThat(expected.getMessage()).startsWith(LOCATION).doesNotContain(SECRET);
      for (Throwable cause = expected.getCause(); cause != null; cause = cause.getCause()) {
        assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
      }
    }
  }
}
