package io.tfdrift.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.decode.AuditFileReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A gzipped CloudTrail log file of 1,000 records (S3 delivery layout) decoded into AuditEvents, per
 * record. Baseline: gunzip and Jackson {@code readTree} of the same file, in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class CloudTrailDecodeBenchmark {
  static final int RECORDS = 1000;

  private byte[] gzipped;
  private final ObjectMapper jackson = new ObjectMapper();
  private final AuditFileReader reader = AuditFileReader.withBuiltInDecoders();

  @Setup
  public void setUp() {
    StringBuilder log = new StringBuilder(RECORDS * 1500).append("{\"Records\":[");
    for (int i = 0; i < RECORDS; i++) {
      if (i > 0) {
        log.append(',');
      }
      log.append(record(i));
    }
    log.append("]}");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(log.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    gzipped = out.toByteArray();
  }

  /** A ModifyInstanceAttribute record as CloudTrail writes it (eventVersion 1.09). */
  static String record(int i) {
    return String.format(
        Locale.ROOT,
        "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLEROLE000001:alice\","
            + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/Admin/alice\",\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLE000000001\","
            + "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLEROLE000001\",\"arn\":\"arn:aws:iam::111122223333:role/Admin\","
            + "\"accountId\":\"111122223333\",\"userName\":\"Admin\"},\"attributes\":{\"creationDate\":\"2026-11-23T08:00:00Z\",\"mfaAuthenticated\":\"true\"}}},"
            + "\"eventTime\":\"2026-11-23T09:%02d:%02dZ\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"ModifyInstanceAttribute\",\"awsRegion\":\"us-east-1\","
            + "\"sourceIPAddress\":\"198.51.100.%d\",\"userAgent\":\"aws-cli/2.17.12 md/awscrt#0.20.11 ua/2.0 os/linux#6.5 md/arch#x86_64 lang/python#3.11.9\","
            + "\"requestParameters\":{\"instanceId\":\"%s\",\"instanceType\":{\"value\":\"t3.large\"}},"
            + "\"responseElements\":{\"requestId\":\"5eed0000-0000-4000-8000-%012d\",\"_return\":true},"
            + "\"requestID\":\"5eed0000-0000-4000-8000-%012d\",\"eventID\":\"e7e70000-0000-4000-8000-%012d\",\"readOnly\":false,"
            + "\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\","
            + "\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"ec2.us-east-1.amazonaws.com\"}}",
        (i / 60) % 60,
        i % 60,
        i % 250,
        Fixtures.instanceId(i),
        i,
        i,
        i);
  }

  /** The floor: gunzip and a generic Jackson tree of the whole file. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public JsonNode baselineGunzipReadTree() throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return jackson.readTree(in);
    }
  }

  /** Gzip detection, streaming of Records, decoding of each record into an AuditEvent. */
  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long decode(Blackhole bh) {
    AuditFileReader.Summary summary =
        reader.read(
            new ByteArrayInputStream(gzipped),
            "bench.json.gz",
            new AuditFileReader.Listener() {
              @Override
              public void onEvent(AuditEvent event) {
                bh.consume(event);
              }

              @Override
              public void onRejected(String where, String problem) {
                throw new IllegalStateException(where + ": " + problem);
              }
            });
    if (summary.events() != RECORDS) {
      throw new IllegalStateException("decoded " + summary.events() + " of " + RECORDS);
    }
    return summary.events();
  }
}
