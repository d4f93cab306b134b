package io.tfdrift.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.tfdrift.core.assembly.ConfiguredState;
import io.tfdrift.core.state.RefreshResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The daemon's own meters, bound once: detection latency (a summary under the name existing alert
 * rules use, and a histogram beside it), whether the sources are connected, leadership, each
 * state's last successful load and size, and the JVM's.
 */
final class DaemonMetrics implements MeterBinder, AutoCloseable {
  private final List<ConfiguredState> states;
  private final Map<String, RefreshResult> lastRefresh;
  private final BooleanSupplier connected;
  private final BooleanSupplier leading;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private Timer latency;
  private Timer latencyHistogram;

  DaemonMetrics(
      List<ConfiguredState> states,
      Map<String, RefreshResult> lastRefresh,
      BooleanSupplier connected,
      BooleanSupplier leading) {
    this.states = List.copyOf(states);
    this.lastRefresh = lastRefresh;
    this.connected = connected;
    this.leading = leading;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    this.latency =
        Timer.builder("tfdrift.detection.latency")
            .description(
                "Time from an audit event's arrival to its drift being handed to notifiers")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(registry);
    // Prometheus cannot carry quantiles and buckets in one metric: the summary keeps the name
    // existing alert rules use ({quantile=...}); the buckets, for histogram_quantile(), get their
    // own.
    this.latencyHistogram =
        Timer.builder("tfdrift.detection.latency.histogram")
            .description("Detection latency as histogram buckets, for histogram_quantile()")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("tfdrift.falco.connected", connected, c -> c.getAsBoolean() ? 1 : 0)
        .description(
            "1 when every event source is connected or listening; 0 on a standby, which does not"
                + " ingest")
        .strongReference(true)
        .register(registry);
    Gauge.builder("tfdrift.leader", leading, l -> l.getAsBoolean() ? 1 : 0)
        .description("1 while this instance leads (ingests and notifies), 0 on a standby")
        .strongReference(true)
        .register(registry);
    for (ConfiguredState s : states) {
      String name = s.settings().name();
      Gauge.builder("tfdrift.state.last.sync.timestamp", lastRefresh, m -> lastSync(m.get(name)))
          .description("When the state was last loaded successfully, in unix seconds")
          .tag("state", name)
          .register(registry);
      Gauge.builder(
              "tfdrift.state.resources",
              lastRefresh,
              m -> m.get(name) == null ? 0 : m.get(name).resources())
          .description("Resource instances indexed from the state")
          .tag("state", name)
          .register(registry);
    }
  }

  /** Records how long an event that produced drift took from arrival to delivery. */
  void detected(long arrivedNanos) {
    long nanos = System.nanoTime() - arrivedNanos;
    latency.record(nanos, TimeUnit.NANOSECONDS);
    latencyHistogram.record(nanos, TimeUnit.NANOSECONDS);
  }

  private static double lastSync(RefreshResult r) {
    return r == null || r.lastSuccess().isEmpty() ? 0 : r.lastSuccess().get().getEpochSecond();
  }

  @Override
  public void close() {
    gc.close();
  }
}
