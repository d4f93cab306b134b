package io.tfdrift.benchmarks;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.core.notify.DeliveryPolicy;
import io.tfdrift.core.notify.Dispatcher;
import io.tfdrift.testkit.DriftEvents;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DriftEvent → dispatcher → an in-memory notifier that serialises each event to JSON, per event,
 * batches of 1,000 submitted and awaited. Baseline: the JSON serialisation alone, in the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DispatchBenchmark {
  static final int BATCH = 1000;

  private final AtomicLong delivered = new AtomicLong();
  private Dispatcher dispatcher;
  private DriftEvent[] events;
  private long sequence;

  @Setup(Level.Trial)
  public void setUp() {
    Notifier serialising =
        e -> {
          DriftEventJson.write(e);
          delivered.incrementAndGet();
        };
    DeliveryPolicy policy =
        new DeliveryPolicy(
            "memory",
            Duration.ofSeconds(10),
            3,
            Duration.ofMillis(10),
            Duration.ofSeconds(1),
            0,
            Duration.ofSeconds(1),
            Severity.INFO,
            List.of(),
            Duration.ZERO,
            java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
    dispatcher =
        Dispatcher.builder().route(policy, serialising).workers(2).laneCapacity(BATCH * 2).build();
    events = new DriftEvent[BATCH];
    for (int i = 0; i < BATCH; i++) {
      events[i] = DriftEvents.instanceTypeChanged(Long.toHexString(0x1000_0000_0000L + i));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    dispatcher.close(Duration.ofSeconds(10));
  }

  /** The floor: serialising the same events, on one thread. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int baselineSerialise() {
    int bytes = 0;
    for (DriftEvent e : events) {
      bytes += DriftEventJson.write(e).length();
    }
    return bytes;
  }

  /** Submitting 1,000 events and waiting until the notifier has them all. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long dispatch() throws InterruptedException {
    long target = delivered.get() + BATCH;
    for (DriftEvent e : events) {
      dispatcher.submit(e);
    }
    while (delivered.get() < target) {
      Thread.onSpinWait();
    }
    sequence++;
    return sequence;
  }
}
