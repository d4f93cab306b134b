package io.tfdrift.core.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.core.decode.RecordingListener.Rejection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileReaderTest {

  private final AuditFileReader reader = AuditFileReader.withBuiltInDecoders();

  @TempDir Path dir;

  private RecordingListener read(Path file) throws IOException {
    RecordingListener listener = new RecordingListener();
    reader.read(file, listener);
    return listener;
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content, UTF_8);
  }

  private static List<String> ndjsonLines() {
    return new String(Samples.bytes("gcp/audit.ndjson"), UTF_8).lines().toList();
  }

  @Test
  void readsACloudTrailLogFileRecordByRecord() throws IOException {
    RecordingListener listener = new RecordingListener();

    AuditFileReader.Summary summary =
        reader.read(Samples.path("cloudtrail/records.json"), listener);

    assertThat(listener.rejections).isEmpty();
    assertThat(listener.events).hasSize(60);
    assertThat(summary.objects()).isEqualTo(60);
    assertThat(summary.events()).isEqualTo(60);
    assertThat(summary.rejected()).isZero();
    List<String> singleFileIds =
        Samples.cloudTrailNames().stream()
            .map(name -> JsonTrees.text(Samples.cloudTrail(name), "eventID"))
            .toList();
    assertThat(listener.eventIds()).containsExactlyInAnyOrderElementsOf(singleFileIds);
  }

  @Test
  void aGzippedLogFileDecodesExactlyLikeThePlainOne() throws IOException {
    List<AuditEvent> plain = read(Samples.path("cloudtrail/records.json")).events;
    RecordingListener gzipped = read(Samples.path("cloudtrail/records.json.gz"));

    assertThat(gzipped.rejections).isEmpty();
    assertThat(gzipped.events).isEqualTo(plain);
  }

  @Test
  void detectsGzipByItsMagicBytesNotItsName() throws IOException {
    Path misnamed = dir.resolve("records.json");
    Files.copy(Samples.path("cloudtrail/records.json.gz"), misnamed);

    assertThat(read(misnamed).events).hasSize(60);
  }

  @Test
  void readsNoiseWithEveryFailureAndRead() throws IOException {
    RecordingListener listener = read(Samples.path("cloudtrail/noise.json"));

    assertThat(listener.rejections).isEmpty();
    assertThat(listener.events).hasSize(20);
    assertThat(listener.events.stream().filter(AuditEvent::failed)).hasSize(12);
    assertThat(listener.events.stream().filter(e -> !e.failed() && e.readOnly())).hasSize(8);
  }

  @Test
  void readsAJsonArrayOfCloudTrailRecordsAndReportsNonObjectElements() throws IOException {
    String array =
        "[\n"
            + JsonTrees.toJson(Samples.cloudTrail("ec2_StartInstances_1"))
            + ",\n\"not a record\",\n"
            + JsonTrees.toJson(Samples.cloudTrail("cloudtrail_DeleteTrail_1"))
            + "\n]\n";
    Path file = write("detonation.json", array);

    RecordingListener listener = read(file);

    assertThat(listener.eventIds())
        .containsExactly(
            "55e470c0-611d-4549-ad87-a7c830a75063", "ee73c230-44bc-4492-8542-cfb189eae287");
    assertThat(listener.rejections)
        .containsExactly(new Rejection(file + "[1]", "expected a JSON object, found a string"));
  }

  @Test
  void readsASinglePrettyPrintedRecord() throws IOException {
    RecordingListener listener = read(Samples.path("cloudtrail/ec2_RunInstances_1.json"));

    assertThat(listener.rejections).isEmpty();
    assertThat(listener.eventIds()).containsExactly("8c9d5d59-f65e-4d38-a71b-6d712487cd91");
  }

  @Test
  void readsAnEventBridgeEnvelope() throws IOException {
    Map<String, Object> envelope =
        CloudTrailDecoderTest.eventBridgeEnvelope(Samples.cloudTrail("ec2_RunInstances_1"));
    Path file = write("eventbridge.json", JsonTrees.toJson(envelope));

    RecordingListener listener = read(file);

    assertThat(listener.eventIds()).containsExactly("8c9d5d59-f65e-4d38-a71b-6d712487cd91");
    assertThat(listener.events.get(0).attributes()).containsKey("aws.eventBridgeId");
  }

  @Test
  void readsGcpEntriesAsAnArrayOrAsJsonLinesAlike() throws IOException {
    RecordingListener array = read(Samples.path("gcp/audit.json"));
    RecordingListener lines = read(Samples.path("gcp/audit.ndjson"));

    assertThat(array.rejections).isEmpty();
    assertThat(lines.rejections).isEmpty();
    assertThat(array.events).hasSize(10).isEqualTo(lines.events);
    assertThat(lines.events.get(0).eventId()).isEqualTo("iv9wx9d16l2");
  }

  @Test
  void aBadLineCostsOnlyThatLine() throws IOException {
    List<String> lines = new ArrayList<>(ndjsonLines());
    lines.set(3, lines.get(3).substring(0, 120));
    lines.add(5, "");
    Path file = write("audit.ndjson", String.join("\n", lines) + "\n");

    RecordingListener listener = read(file);

    assertThat(listener.events).hasSize(9);
    assertThat(listener.eventIds()).doesNotContain("vdbcibd23rv").contains("-c7ctxmd2zab");
    assertThat(listener.rejections).hasSize(1);
    Rejection rejection = listener.rejections.get(0);
    assertThat(rejection.where()).isEqualTo(file + ":4");
    assertThat(rejection.problem()).startsWith("invalid JSON: ").contains("at column");
  }

  @Test
  void reportsObjectsNoDecoderAccepts() throws IOException {
    Path file =
        write(
            "mixed.ndjson",
            ndjsonLines().get(0) + "\n{\"hello\":\"world\",\"n\":1}\n[1,2]\n{} {}\n");

    RecordingListener listener = read(file);

    assertThat(listener.eventIds()).containsExactly("iv9wx9d16l2");
    assertThat(listener.rejections)
        .containsExactly(
            new Rejection(
                file + ":2",
                "not an audit record any decoder accepts (tried cloudtrail, gcp-audit); its keys:"
                    + " [hello, n]"),
            new Rejection(file + ":3", "expected a JSON object, found an array"),
            new Rejection(
                file + ":4",
                "unexpected content after the JSON object at column 4; put one object per line"));
  }

  @Test
  void reportsAMalformedRecordWithItsIndexAndKeepsTheOthers() throws IOException {
    List<Map<String, Object>> records = Samples.cloudTrailRecords("noise");
    Map<String, Object> broken = Samples.with(records.get(1), "eventTime", null);
    String file =
        "{\"Records\":["
            + JsonTrees.toJson(records.get(0))
            + ","
            + JsonTrees.toJson(broken)
            + ","
            + JsonTrees.toJson(records.get(2))
            + "]}";
    Path path = write("log.json", file);

    RecordingListener listener = read(path);

    assertThat(listener.events).hasSize(2);
    assertThat(listener.rejections)
        .containsExactly(
            new Rejection(
                path + ":1#Records[1]",
                "cloudtrail: CloudTrail record 8893fa10-09d7-44d5-b057-c5b5c9fd44bd has no"
                    + " eventTime"));
  }

  @Test
  void mixesCloudTrailAndGcpLinesInOneFile() throws IOException {
    String cloudTrail = JsonTrees.toJson(Samples.cloudTrail("ec2_CreateVpc_1"));
    Path file = write("mixed.jsonl", cloudTrail + "\r\n" + ndjsonLines().get(2) + "\r\n");

    RecordingListener listener = read(file);

    assertThat(listener.rejections).isEmpty();
    assertThat(listener.events).extracting(AuditEvent::provider).containsExactly("aws", "gcp");
  }

  @Test
  void readsJsonLinesWithAByteOrderMark() throws IOException {
    byte[] content = (String.join("\n", ndjsonLines().subList(0, 2))).getBytes(UTF_8);
    byte[] withBom = new byte[content.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(content, 0, withBom, 3, content.length);
    RecordingListener listener = new RecordingListener();

    reader.read(new ByteArrayInputStream(withBom), "bom.ndjson", listener);

    assertThat(listener.rejections).isEmpty();
    assertThat(listener.events).hasSize(2);
  }

  @Test
  void reportsInvalidJsonInADocumentWithLineAndColumnAndStops() throws IOException {
    String good = JsonTrees.toJson(Samples.cloudTrail("ec2_CreateVpc_1"));
    Path file = write("broken.json", "{\"Records\": [\n" + good + ",\n{\"eventName\": tru\n]}\n");

    RecordingListener listener = read(file);

    assertThat(listener.events).hasSize(1);
    assertThat(listener.rejections).hasSize(1);
    Rejection rejection = listener.rejections.get(0);
    assertThat(rejection.where()).isEqualTo(file + ":3");
    assertThat(rejection.problem())
        .startsWith("invalid JSON: ")
        .contains("at column")
        .endsWith("; the rest of the file was not read");
  }

  @Test
  void reportsATruncatedGzipAfterTheRecordsBeforeIt() throws IOException {
    byte[] gz = Samples.bytes("cloudtrail/records.json.gz");
    Path file = dir.resolve("truncated.json.gz");
    Files.write(file, Arrays.copyOf(gz, gz.length / 2));

    RecordingListener listener = read(file);

    assertThat(listener.events).isNotEmpty().hasSizeLessThan(60);
    assertThat(listener.rejections).hasSize(1);
    assertThat(listener.rejections.get(0).where()).isEqualTo(file.toString());
    assertThat(listener.rejections.get(0).problem())
        .startsWith("cannot read: ")
        .endsWith("the rest of the input was not read");
  }

  @Test
  void streamsALogFileLargerThanTheLayoutPrefix() throws IOException {
    List<Map<String, Object>> records = Samples.cloudTrailRecords("records");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write("{\"Records\":[".getBytes(UTF_8));
      for (int i = 0; i < 2000; i++) {
        gzip.write(((i == 0 ? "" : ",") + JsonTrees.toJson(records.get(i % 60))).getBytes(UTF_8));
      }
      gzip.write("]}".getBytes(UTF_8));
    }
    RecordingListener listener = new RecordingListener();

    AuditFileReader.Summary summary =
        reader.read(
            new ByteArrayInputStream(bytes.toByteArray()), "s3://trail/big.json.gz", listener);

    assertThat(summary)
        .isEqualTo(new AuditFileReader.Summary("s3://trail/big.json.gz", 2000, 2000, 0));
  }

  @Test
  void readsConcatenatedObjectsWhenTheFirstLineIsLongerThanThePrefix() throws IOException {
    AuditFileReader smallPrefix =
        new AuditFileReader(Map.of(GcpAuditDecoder.FORMAT, new GcpAuditDecoder()), 64);
    RecordingListener listener = new RecordingListener();

    smallPrefix.read(Samples.path("gcp/audit.ndjson"), listener);

    assertThat(listener.rejections).isEmpty();
    assertThat(listener.events).hasSize(10);
  }

  @Test
  void offersObjectsToAddedDecodersInOrder() throws IOException {
    AuditFormat alerts =
        new AuditFormat() {
          @Override
          public boolean accepts(Map<String, Object> object) {
            return object.containsKey("output_fields");
          }

          @Override
          public List<AuditEvent> decode(Map<String, Object> object) {
            if (object.containsKey("boom")) {
              throw new IllegalStateException("bug");
            }
            return List.of(
                AuditEvent.builder()
                    .provider("aws")
                    .service("ec2.amazonaws.com")
                    .action(JsonTrees.text(object, "rule"))
                    .build());
          }
        };
    AuditFileReader withAlerts =
        new AuditFileReader(
            new java.util.LinkedHashMap<>(
                Map.of(
                    "cloudtrail",
                    new CloudTrailDecoder(),
                    "gcp-audit",
                    new GcpAuditDecoder(),
                    "alert",
                    alerts)));
    Path file =
        write(
            "alerts.ndjson",
            "{\"rule\":\"r1\",\"output_fields\":{}}\n"
                + "{\"rule\":\"r2\",\"output_fields\":{},\"boom\":true}\n"
                + ndjsonLines().get(0)
                + "\n");
    RecordingListener listener = new RecordingListener();

    withAlerts.read(file, listener);

    assertThat(listener.events)
        .extracting(AuditEvent::action)
        .containsExactly("r1", "beta.compute.networks.insert");
    assertThat(listener.rejections)
        .containsExactly(
            new Rejection(
                file + ":2", "alert: decoder failed: java.lang.IllegalStateException: bug"));
  }

  @Test
  void anEmptyFileYieldsNothing() throws IOException {
    RecordingListener listener = new RecordingListener();

    AuditFileReader.Summary summary = reader.read(write("empty.json", " \n"), listener);

    assertThat(summary.objects()).isZero();
    assertThat(listener.events).isEmpty();
    assertThat(listener.rejections).isEmpty();
  }

  @Test
  void reportsTopLevelValuesThatAreNotObjects() throws IOException {
    Path file = write("scalar.json", "42");

    assertThat(read(file).rejections)
        .containsExactly(
            new Rejection(file + ":1", "expected a JSON object or array, found a number"));
  }

  @Test
  void aMissingFileIsAnIoException() {
    assertThatThrownBy(() -> reader.read(dir.resolve("nope.json"), new RecordingListener()))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void needsAtLeastOneDecoder() {
    assertThatThrownBy(() -> new AuditFileReader(Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void detectsTheLayoutFromTheFirstLines() {
    assertThat(layout("{\n  \"Records\": [\n")).isEqualTo(InputLayout.DOCUMENT);
    assertThat(layout("{\"a\":1}\n{\"b\":2}\n")).isEqualTo(InputLayout.LINES);
    assertThat(layout("{\"a\":\n{\"b\":2}\n")).isEqualTo(InputLayout.LINES);
    assertThat(layout("[{\"a\":1}]")).isEqualTo(InputLayout.DOCUMENT);
    assertThat(layout("{\"a\":1}")).isEqualTo(InputLayout.DOCUMENT);
    assertThat(layout("\n \t")).isEqualTo(InputLayout.EMPTY);
  }

  private static InputLayout layout(String text) {
    byte[] bytes = text.getBytes(UTF_8);
    return InputLayout.detect(bytes, bytes.length, true);
  }
}
