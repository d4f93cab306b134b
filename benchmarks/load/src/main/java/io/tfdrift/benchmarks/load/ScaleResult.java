package io.tfdrift.benchmarks.load;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one scale run measured.
 *
 * @param run the run
 * @param events records published
 * @param drifts drifts expected (one notification each)
 * @param seconds first publication → every drift notified, the queue empty, the outbox empty
 * @param replicas each replica's share
 * @param postgresCpuNanos the PostgreSQL server's CPU over the run (-1: not on this machine)
 * @param driverCpuNanos this process's CPU (publisher, broker, webhook peer)
 * @param latencyNanos publication → notification of each notified drift, sorted
 * @param lost drifts never notified
 * @param duplicates notifications beyond the first of a drift, other than {@code afterKill}
 * @param afterKill second notifications of drifts the killed replica had delivered and not yet
 *     removed from the outbox when it died (at least once: the window between a notifier's answer
 *     and the removal)
 * @param unexpected notifications of no expected drift
 * @param joinedBacklog records not yet processed when the joiner became ready (-1: no joiner)
 * @param joinedPublished records published by then (-1: no joiner)
 */
record ScaleResult(
    ScaleOptions.Run run,
    int events,
    int drifts,
    double seconds,
    List<Share> replicas,
    long postgresCpuNanos,
    long driverCpuNanos,
    long[] latencyNanos,
    int lost,
    int duplicates,
    int afterKill,
    int unexpected,
    long joinedBacklog,
    long joinedPublished) {

  /**
   * One replica's share.
   *
   * @param name its {@code store.replica}
   * @param cpuNanos CPU from its readiness to the end of the run (or its death)
   * @param auditEvents {@code tfdrift_audit_events_total} at its last scrape (-1: never scraped)
   * @param fate {@code ran}, {@code killed} or {@code joined}
   */
  record Share(String name, long cpuNanos, long auditEvents, String fate) {}

  static final String HEADER =
      "| run | events | drifts | s | events/s | replica CPU µs/event | CPU per replica (s: name events fate) | PostgreSQL µs/event | driver+broker µs/event | p50 ms | p99 ms | lost | dup | again after kill |";

  boolean exact() {
    return lost == 0 && duplicates == 0 && unexpected == 0;
  }

  long replicaCpuNanos() {
    return replicas.stream().mapToLong(Share::cpuNanos).sum();
  }

  double percentileMillis(double p) {
    if (latencyNanos.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(latencyNanos.length - 1, Math.ceil(p * latencyNanos.length) - 1);
    return latencyNanos[Math.max(0, i)] / 1e6;
  }

  String row() {
    StringBuilder shares = new StringBuilder();
    for (Share s : replicas) {
      if (!shares.isEmpty()) {
        shares.append("; ");
      }
      shares.append(
          String.format(
              Locale.ROOT,
              "%.1f: %s %d %s",
              s.cpuNanos() / 1e9,
              s.name(),
              s.auditEvents(),
              s.fate()));
    }
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %.1f | %.0f | %.0f | %s | %s | %.0f | %.0f | %.0f | %d | %d%s | %d |",
        run,
        events,
        drifts,
        seconds,
        events / seconds,
        replicaCpuNanos() / 1e3 / events,
        shares,
        postgresCpuNanos < 0
            ? "—"
            : String.format(Locale.ROOT, "%.0f", postgresCpuNanos / 1e3 / events),
        driverCpuNanos / 1e3 / events,
        percentileMillis(0.50),
        percentileMillis(0.99),
        lost,
        duplicates,
        unexpected == 0 ? "" : " (+" + unexpected + " unexpected)",
        afterKill);
  }

  static long[] sorted(long[] perRecord) {
    return Arrays.stream(perRecord).filter(n -> n > 0).sorted().toArray();
  }
}
