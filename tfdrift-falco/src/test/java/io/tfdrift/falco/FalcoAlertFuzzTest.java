package io.tfdrift.falco;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.decode.AuditFileReader;
import java.io.ByteArrayInputStream;

/**
 * Coverage-guided fuzzing of Falco alert JSON: one alert as Falco's {@code http_output} posts it,
 * and NDJSON batches as {@code tfdrift replay} reads a Falco {@code file_output}. The property: an
 * event, or an {@link IllegalArgumentException} (one alert) or a rejection (a batch) that says what
 * is wrong — never another exception, a hang or running out of memory. Seeds are the published
 * alerts of {@code samples/falco/alerts.ndjson} and alerts built from real CloudTrail records.
 */
class FalcoAlertFuzzTest {
  private static final FalcoAlertDecoder DECODER = new FalcoAlertDecoder();
  private static final AuditFileReader READER = AuditFileReader.withInstalledDecoders();

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "15m")
  void alert(byte[] input) {
    FalcoAlert alert;
    try {
      alert = FalcoAlertParser.parse(input, 0, input.length);
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    assertThat(alert.source()).isNotNull();
    if (!FalcoAlertDecoder.supports(alert.source())) {
      return;
    }
    try {
      AuditEvent event = DECODER.decode(alert);
      assertThat(event.provider()).isIn("aws", "gcp");
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "15m")
  void ndjsonBatch(byte[] input) {
    RecordingListener listener = new RecordingListener();
    AuditFileReader.Summary summary =
        READER.read(new ByteArrayInputStream(input), "falco.ndjson", listener);
    assertThat(summary.events()).isEqualTo(listener.events);
    assertThat(summary.rejected()).isEqualTo(listener.problems.size());
    for (String problem : listener.problems) {
      assertThat(problem)
          .isNotBlank()
          .doesNotContain("decoder failed")
          .doesNotContain("failed to inspect");
    }
  }

  private static final class RecordingListener implements AuditFileReader.Listener {
    long events;
    final java.util.List<String> problems = new java.util.ArrayList<>();

    @Override
    public void onEvent(AuditEvent event) {
      events++;
    }

    @Override
    public void onRejected(String where, String problem) {
      assertThat(where).startsWith("falco.ndjson");
      problems.add(problem);
    }
  }
}
