package io.tfdrift.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.falco.FalcoAlertDecoder;
import io.tfdrift.falco.FalcoAlertParser;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Falco alert JSON bytes, as {@code http_output} posts them, into {@link AuditEvent}s: parse with
 * {@link FalcoAlertParser}, decode with {@link FalcoAlertDecoder}, per alert, over a mix of eight
 * {@code aws_cloudtrail} alerts of the shipped rule (real CloudTrail records) and three real {@code
 * gcpaudit} alerts, 1.4 to 8.7 KB each. Baseline: Jackson {@code readTree} of the same bytes, in
 * the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// The decode path is deep (parser, two decoders, embedded JSON): on a shared 2-vCPU machine C2
// needs 10-15 s to finish compiling it, and shorter warm-ups measured the interpreter.
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class FalcoDecodeBenchmark {
  // FalcoSamples.RECORDS plus the three gcpaudit alerts; checked in setUp.
  static final int ALERTS = 11;

  private byte[][] alerts;
  private final ObjectMapper jackson = new ObjectMapper();
  private final FalcoAlertDecoder decoder = new FalcoAlertDecoder();

  @Setup
  public void setUp() {
    List<byte[]> all = FalcoSamples.alerts();
    if (all.size() != ALERTS) {
      throw new IllegalStateException("expected " + ALERTS + " sample alerts, got " + all.size());
    }
    alerts = all.toArray(new byte[0][]);
    for (byte[] alert : alerts) {
      decode(alert); // fails the setup if a sample does not decode
    }
  }

  private AuditEvent decode(byte[] alert) {
    return decoder.decode(FalcoAlertParser.parse(alert, 0, alert.length));
  }

  /** The floor: a generic Jackson tree of each alert. */
  @Benchmark
  @OperationsPerInvocation(ALERTS)
  public void baselineReadTree(Blackhole bh) throws IOException {
    for (byte[] alert : alerts) {
      bh.consume(jackson.readTree(alert));
    }
  }

  /**
   * Time spent in each, alert by alert, for the ratio: on a shared machine whose speed changes from
   * one second to the next, two benchmarks run one after the other can differ by 2x; the two halves
   * of the same invocation cannot. Reported as secondary results {@code decodeNanos} and {@code
   * readTreeNanos}; {@code readTreeNanos / decodeNanos} is decode's share of readTree's throughput.
   * The order alternates, so that neither always finds the alert in cache.
   */
  @Benchmark
  @OperationsPerInvocation(ALERTS)
  public void paired(PairedNanos nanos, Blackhole bh) throws IOException {
    for (int i = 0; i < alerts.length; i++) {
      byte[] alert = alerts[i];
      if ((i & 1) == 0) {
        long t0 = System.nanoTime();
        bh.consume(jackson.readTree(alert));
        long t1 = System.nanoTime();
        bh.consume(decode(alert));
        long t2 = System.nanoTime();
        nanos.readTreeNanos += t1 - t0;
        nanos.decodeNanos += t2 - t1;
      } else {
        long t0 = System.nanoTime();
        bh.consume(decode(alert));
        long t1 = System.nanoTime();
        bh.consume(jackson.readTree(alert));
        long t2 = System.nanoTime();
        nanos.decodeNanos += t1 - t0;
        nanos.readTreeNanos += t2 - t1;
      }
    }
  }

  /** The paired benchmark's two sums, per iteration. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class PairedNanos {
    /** Nanoseconds in {@link FalcoAlertParser} and {@link FalcoAlertDecoder}. */
    public long decodeNanos;

    /** Nanoseconds in Jackson {@code readTree}. */
    public long readTreeNanos;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void clear() {
      decodeNanos = 0;
      readTreeNanos = 0;
    }
  }

  /** Streaming parse of the alert, then the CloudTrail or GCP audit decoder. */
  @Benchmark
  @OperationsPerInvocation(ALERTS)
  public void decode(Blackhole bh) {
    for (byte[] alert : alerts) {
      bh.consume(decode(alert));
    }
  }
}
