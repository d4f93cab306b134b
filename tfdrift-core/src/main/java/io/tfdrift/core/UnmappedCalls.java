package io.tfdrift.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.AuditEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the successful mutating calls no mapper maps, as {@code
 * tfdrift_audit_events_unmapped_total{provider,service}}: the blind spots of the tables, visible on
 * a dashboard. Services come from the records, so their number is capped: past {@link #MAX_SERIES}
 * series, further services count as {@code service="other"}. Counting a known series is two hash
 * probes and allocates nothing.
 */
final class UnmappedCalls {
  /** The most (provider, service) series registered: a bound on what records can make us keep. */
  static final int MAX_SERIES = 500;

  private final MeterRegistry registry;
  private final Map<String, Map<String, Counter>> byProvider = new ConcurrentHashMap<>();
  private final AtomicInteger series = new AtomicInteger();

  UnmappedCalls(MeterRegistry registry) {
    this.registry = registry;
  }

  void count(AuditEvent event) {
    counter(event.provider(), event.service()).increment();
  }

  private Counter counter(String provider, String service) {
    Map<String, Counter> services = byProvider.get(provider);
    if (services == null) {
      services = byProvider.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
    }
    Counter c = services.get(service);
    if (c != null) {
      return c;
    }
    if (series.get() >= MAX_SERIES) {
      // A key no service has, so that the map stops growing here.
      return services.computeIfAbsent("\0other", s -> register(provider, "other"));
    }
    return services.computeIfAbsent(
        service,
        s -> {
          series.incrementAndGet();
          return register(provider, s.isEmpty() ? "unknown" : s);
        });
  }

  private Counter register(String provider, String service) {
    return Counter.builder("tfdrift.audit.events.unmapped")
        .description(
            "Successful mutating calls that no mapping table maps (blind spots), by provider and"
                + " service")
        .tag("provider", provider)
        .tag("service", service)
        .register(registry);
  }
}
