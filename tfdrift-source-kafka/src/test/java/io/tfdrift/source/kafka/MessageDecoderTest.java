package io.tfdrift.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.source.aws.CloudTrailLogFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {
  private static final CloudTrailLogFiles NO_LOG_FILES =
      new CloudTrailLogFiles(
          () -> {
            throw new AssertionError("no log file is fetched here");
          });

  private final List<String> rejected = new ArrayList<>();

  private List<AuditEvent> decode(MessageDecoder decoder, byte[] value) throws IOException {
    return decoder.decode(value, (part, problem) -> rejected.add(part + ": " + problem));
  }

  @Test
  void aFormatThatThrowsCostsOnlyItsRecordAndNamesItself() throws IOException {
    Map<String, AuditFormat> formats = new LinkedHashMap<>();
    formats.put(
        "broken",
        new AuditFormat() {
          @Override
          public boolean accepts(Map<String, Object> object) {
            return object.containsKey("broken");
          }

          @Override
          public List<AuditEvent> decode(Map<String, Object> object) {
            throw new NullPointerException("bug");
          }
        });
    formats.put("cloudtrail", new CloudTrailDecoder());
    MessageDecoder decoder = new MessageDecoder(formats, NO_LOG_FILES);
    Map<String, Object> record = Fixtures.cloudTrailRecords().get(7);
    byte[] value = Fixtures.json(Map.of("Records", List.of(Map.of("broken", true), record, 42)));

    List<AuditEvent> events = decode(decoder, value);

    assertThat(events).containsExactly(new CloudTrailDecoder().decodeRecord(record));
    assertThat(rejected)
        .containsExactly(
            "#Records[0]: broken: decoder failed: java.lang.NullPointerException: bug",
            "#Records[2]: expected a JSON object, found 42");
  }

  @Test
  void aRecordTheFormatRefusesIsNamedWithTheFormatsReason() throws IOException {
    MessageDecoder decoder =
        new MessageDecoder(Map.of("cloudtrail", new CloudTrailDecoder()), NO_LOG_FILES);
    byte[] value =
        "{\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(decode(decoder, value)).isEmpty();
    assertThat(rejected)
        .singleElement()
        .asString()
        .startsWith(": cloudtrail: ")
        .contains("eventTime");
  }
}
