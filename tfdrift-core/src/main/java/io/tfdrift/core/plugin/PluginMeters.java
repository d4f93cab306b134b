package io.tfdrift.core.plugin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.core.guard.TimedCall.Outcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The meters tfdrift keeps for one plugin, all tagged {@code plugin=<name>}: callbacks by outcome,
 * labels applied or late, drift emitted, and whether it is healthy. Registered at creation, so
 * every series exists from start-up at 0.
 */
final class PluginMeters {
  private final Map<Outcome, Counter> calls = new EnumMap<>(Outcome.class);
  private final Counter annotationsApplied;
  private final Counter annotationsLate;
  private final Counter emitted;

  PluginMeters(String plugin, MeterRegistry meters, BooleanSupplier healthy) {
    for (Outcome o : Outcome.values()) {
      calls.put(
          o,
          Counter.builder("tfdrift.plugin.calls")
              .description("Plugin callbacks by plugin and outcome (ok, error, timeout, rejected)")
              .tag("plugin", plugin)
              .tag("outcome", o.label())
              .register(meters));
    }
    this.annotationsApplied = annotations(plugin, meters, "applied");
    this.annotationsLate = annotations(plugin, meters, "late");
    this.emitted =
        Counter.builder("tfdrift.plugin.emitted")
            .description("Drift events that plugins emitted into the dispatcher")
            .tag("plugin", plugin)
            .register(meters);
    Gauge.builder("tfdrift.plugin.healthy", healthy, h -> h.getAsBoolean() ? 1 : 0)
        .description(
            "1 while the plugin's callbacks run; 0 when it failed to start or is unhealthy")
        .tag("plugin", plugin)
        .strongReference(true)
        .register(meters);
  }

  private static Counter annotations(String plugin, MeterRegistry meters, String outcome) {
    return Counter.builder("tfdrift.plugin.annotations")
        .description(
            "Labels plugins added to drift: applied, or late (after the callback had finished)")
        .tag("plugin", plugin)
        .tag("outcome", outcome)
        .register(meters);
  }

  void call(Outcome outcome) {
    calls.get(outcome).increment();
  }

  void annotation(boolean applied) {
    (applied ? annotationsApplied : annotationsLate).increment();
  }

  void emitted() {
    emitted.increment();
  }
}
