package io.tfdrift.benchmarks.load;

import io.tfdrift.api.DriftEvent;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the recording notifier reports to: per alert, when it was sent (or, at a fixed rate, when it
 * was due) and how long after that its DriftEvent reached the notifier. Alerts are told apart by
 * their CloudTrail event id, {@code load-<10 digits>}, which the DriftEvent carries in {@code
 * event.id}. One run at a time; the driver and the notifier share the JVM.
 */
final class LatencyRecorder {
  static final LatencyRecorder INSTANCE = new LatencyRecorder();

  static final String EVENT_ID_PREFIX = "load-";

  private volatile Run run;

  private LatencyRecorder() {}

  /** Starts recording alerts {@code base} to {@code base + alerts - 1}. */
  Run start(long base, int alerts) {
    Run r = new Run(base, alerts);
    run = r;
    return r;
  }

  /** Called by the notifier for every DriftEvent the daemon delivers. */
  void delivered(DriftEvent drift) {
    long now = System.nanoTime();
    Run r = run;
    String id = drift.event().id();
    if (r == null || !id.startsWith(EVENT_ID_PREFIX)) {
      unexpected.incrementAndGet();
      return;
    }
    long seq = Long.parseLong(id, EVENT_ID_PREFIX.length(), id.length(), 10);
    r.delivered(seq, now);
  }

  private final AtomicInteger unexpected = new AtomicInteger();

  /** Deliveries that were not for an alert of the current run. */
  int unexpected() {
    return unexpected.get();
  }

  /** One measured phase. */
  static final class Run {
    private final long base;
    private final long[] sentNanos;
    private final long[] latencyNanos;
    private final AtomicInteger delivered = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger foreign = new AtomicInteger();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();

    private Run(long base, int alerts) {
      this.base = base;
      this.sentNanos = new long[alerts];
      this.latencyNanos = new long[alerts];
    }

    /** Must happen before the alert is sent: its drift may arrive before the response. */
    void sent(int index, long nanos) {
      sentNanos[index] = nanos;
    }

    private void delivered(long seq, long now) {
      long index = seq - base;
      if (index < 0 || index >= latencyNanos.length) {
        foreign.incrementAndGet();
        return;
      }
      int i = (int) index;
      if (latencyNanos[i] != 0) {
        duplicates.incrementAndGet();
        return;
      }
      latencyNanos[i] = Math.max(1, now - sentNanos[i]);
      lastDeliveryNanos.accumulateAndGet(now, Math::max);
      delivered.incrementAndGet();
    }

    int delivered() {
      return delivered.get();
    }

    int duplicates() {
      return duplicates.get();
    }

    int foreign() {
      return foreign.get();
    }

    long lastDeliveryNanos() {
      return lastDeliveryNanos.get();
    }

    /** The latencies of the alerts that produced drift, in nanoseconds (0 for the others). */
    long[] latencies() {
      return latencyNanos;
    }
  }
}
