package io.tfdrift.core.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.json.JsonTrees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Coverage-guided fuzzing of every reader of outside audit bytes: CloudTrail log files (plain and
 * gzip), single CloudTrail records and GCP {@code LogEntry} objects. The property: a result, or a
 * rejection (or {@link IllegalArgumentException} from a decoder) that says what is wrong and where
 * — never another exception, a hang or running out of memory, and never a decoder failure that the
 * reader had to catch for it. Seeds are the real records of {@code samples/}; see docs/fuzzing.md.
 */
class AuditInputFuzzTest {
  private static final String SOURCE = "fuzz-input.json";
  private static final AuditFileReader READER = AuditFileReader.withBuiltInDecoders();
  private static final CloudTrailDecoder CLOUDTRAIL = new CloudTrailDecoder();
  private static final GcpAuditDecoder GCP = new GcpAuditDecoder();

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "15m")
  void cloudTrailLogFile(byte[] input) {
    RecordingListener listener = read(input);
    assertRejectionsAreTyped(listener);
  }

  /** The same bytes gzipped read exactly as they do plain, unless they are gzip already. */
  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "15m")
  void cloudTrailGzipLogFile(byte[] input) {
    RecordingListener gzipped = read(gzip(input));
    assertRejectionsAreTyped(gzipped);
    if (input.length >= 2 && (input[0] & 0xff) == 0x1f && (input[1] & 0xff) == 0x8b) {
      return;
    }
    RecordingListener plain = read(input);
    assertThat(gzipped.eventIds()).isEqualTo(plain.eventIds());
    assertThat(gzipped.rejections).isEqualTo(plain.rejections);
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "15m")
  void cloudTrailRecord(byte[] input) {
    Map<String, Object> object = parsed(input);
    if (object == null) {
      return;
    }
    try {
      List<AuditEvent> events = CLOUDTRAIL.decode(object);
      assertThat(events).doesNotContainNull();
      events.forEach(e -> assertThat(e.provider()).isEqualTo("aws"));
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxExecutions = 1_000_000, maxDuration = "15m")
  void gcpLogEntries(byte[] input) {
    assertRejectionsAreTyped(read(input));
    Map<String, Object> object = parsed(input);
    if (object == null || !GCP.accepts(object)) {
      return;
    }
    try {
      List<AuditEvent> events = GCP.decode(object);
      assertThat(events).doesNotContainNull();
      events.forEach(e -> assertThat(e.provider()).isEqualTo("gcp"));
    } catch (IllegalArgumentException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  private static RecordingListener read(byte[] input) {
    RecordingListener listener = new RecordingListener();
    AuditFileReader.Summary summary =
        READER.read(new ByteArrayInputStream(input), SOURCE, listener);
    assertThat(summary.events()).isEqualTo(listener.events.size());
    assertThat(summary.rejected()).isEqualTo(listener.rejections.size());
    return listener;
  }

  /** A rejection names where it is and says what is wrong; it never reports a caught crash. */
  private static void assertRejectionsAreTyped(RecordingListener listener) {
    for (RecordingListener.Rejection r : listener.rejections) {
      assertThat(r.where()).startsWith(SOURCE);
      assertThat(r.problem())
          .isNotBlank()
          .doesNotContain("decoder failed")
          .doesNotContain("failed to inspect");
    }
  }

  private static Map<String, Object> parsed(byte[] input) {
    try {
      return JsonTrees.parseObject(input);
    } catch (IllegalArgumentException notAnObject) {
      assertThat(notAnObject.getMessage()).isNotBlank();
      return null;
    }
  }

  private static byte[] gzip(byte[] input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 32);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(input);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
