package io.tfdrift.benchmarks.load;

import java.util.Locale;

/**
 * What one phase measured.
 *
 * @param name the phase
 * @param alerts alerts sent (each answered 202)
 * @param connections keep-alive connections used
 * @param rate the fixed rate in alerts/s, 0 for as fast as possible
 * @param nanos first send to the later of the last response and the last DriftEvent
 * @param expected DriftEvents the alerts should produce
 * @param delivered DriftEvents the notifier received for them
 * @param unexpected DriftEvents received twice or for no alert of the phase
 * @param refused alerts answered with neither 202 nor 503
 * @param retries 503 answers (queue full), each retried after 1 ms
 * @param cpuNanos CPU time of the whole process (daemon and driver) during the phase
 * @param latencies alert-to-notifier latencies of the drift-producing alerts, sorted, in ns
 * @param cpuByRole where the CPU went, by thread role ({@link ThreadCpu})
 * @param peakHeap the highest heap use sampled (every 100 ms)
 * @param peakRss the highest resident set size sampled
 */
record PhaseResult(
    String name,
    int alerts,
    int connections,
    int rate,
    long nanos,
    int expected,
    int delivered,
    int unexpected,
    int refused,
    int retries,
    long cpuNanos,
    long[] latencies,
    String cpuByRole,
    long peakHeap,
    long peakRss) {

  private static final double MS = 1_000_000.0;
  private static final double MB = 1024.0 * 1024.0;

  PhaseResult withSamples(ProcessSampler sampler) {
    return new PhaseResult(
        name,
        alerts,
        connections,
        rate,
        nanos,
        expected,
        delivered,
        unexpected,
        refused,
        retries,
        cpuNanos,
        latencies,
        cpuByRole,
        sampler.peakHeap(),
        sampler.peakRss());
  }

  double alertsPerSecond() {
    return alerts / (nanos / 1e9);
  }

  /** The latency at quantile {@code q} (nearest rank), in ns; 0 without drift. */
  double percentile(double q) {
    if (latencies.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * latencies.length) - 1;
    return latencies[Math.max(0, Math.min(latencies.length - 1, rank))];
  }

  String describe() {
    return String.format(
            Locale.ROOT,
            "%s: %,d alerts on %d connections%s in %.2f s = %,.0f alerts/s; %,d of %,d drift"
                + " delivered; alert->notifier latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f"
                + " ms; 503 retries %,d; CPU %.2f cores, %.0f us/alert; peak heap %.0f MB, peak RSS"
                + " %.0f MB",
            name,
            alerts,
            connections,
            rate == 0 ? "" : String.format(Locale.ROOT, " at %,d/s", rate),
            nanos / 1e9,
            alertsPerSecond(),
            delivered,
            expected,
            percentile(0.50) / MS,
            percentile(0.95) / MS,
            percentile(0.99) / MS,
            percentile(1.0) / MS,
            retries,
            cpuNanos / (double) nanos,
            cpuNanos / 1000.0 / alerts,
            peakHeap / MB,
            peakRss / MB)
        + "\n  CPU by thread role:\n"
        + cpuByRole;
  }
}
