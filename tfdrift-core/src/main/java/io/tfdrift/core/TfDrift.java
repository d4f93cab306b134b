package io.tfdrift.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.core.detect.CloudServiceCallers;
import io.tfdrift.core.detect.Detector;
import io.tfdrift.core.detect.Evidence;
import io.tfdrift.core.detect.Finding;
import io.tfdrift.core.detect.OperationEntries;
import io.tfdrift.core.detect.RuleSet;
import io.tfdrift.core.detect.TerraformCallers;
import io.tfdrift.core.guard.LogThrottle;
import io.tfdrift.core.mapping.OperationalCalls;
import io.tfdrift.core.state.StateIndex;
import io.tfdrift.core.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection engine: one audit event in, classified drift out. Thread-safe; every step is a
 * lookup in immutable tables or in the current state index, so any number of workers can call
 * {@link #process} at once.
 *
 * <pre>{@code
 * TfDrift engine = TfDrift.builder().states(store).mappers(mappers).rules(rules).build();
 * for (DriftEvent drift : engine.process(event).drift()) { notify(drift); }
 * }</pre>
 */
public final class TfDrift {
  private static final Logger log = LoggerFactory.getLogger(TfDrift.class);

  private final List<ResourceMapper> mappers;
  private final StateStore states;
  private final RuleSet rules;
  private final TerraformCallers terraform;
  private final Map<String, String> environments;
  private final Detector detector;
  private final boolean reportEvidence;
  private final MeterRegistry registry;
  private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
  private final Counter[] bySeverity = new Counter[Severity.values().length];
  private final Map<String, AtomicLong> byType = new ConcurrentHashMap<>();
  private final LogThrottle.Keyed<ResourceMapper> mapperFailures = LogThrottle.keyed(log);
  private final UnmappedCalls unmapped;

  private TfDrift(Builder b) {
    this.mappers =
        b.mappers.stream()
            .sorted(Comparator.comparingInt(ResourceMapper::priority).reversed())
            .toList();
    this.states = b.states;
    this.rules = b.rules;
    this.terraform = b.terraform;
    this.environments = Map.copyOf(b.environments);
    this.detector = new Detector(b.clock);
    this.reportEvidence = b.reportEvidence;
    this.registry = b.registry;
    this.unmapped = new UnmappedCalls(registry);
    for (Outcome o : Outcome.values()) {
      outcomes.put(
          o,
          Counter.builder("tfdrift.audit.events")
              .description("Audit events processed, by outcome")
              .tag("outcome", o.label())
              .register(registry));
    }
    // Every severity exists at 0 from start-up: increase(tfdrift_events_total{severity=...}[5m])
    // then sees the first drift, which a series born with it would hide.
    for (Severity s : Severity.values()) {
      bySeverity[s.ordinal()] =
          Counter.builder("tfdrift.events")
              .description("Drift events, by severity")
              .tag("severity", s.label())
              .register(registry);
    }
  }

  /**
   * Starts a builder.
   *
   * @return a builder with no mappers, an empty state store, no rules and no principals
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Processes one audit event.
   *
   * @param event the event
   * @return what became of it, with the classified drift
   */
  public Detection process(AuditEvent event) {
    Detection d = detect(event);
    outcomes.get(d.outcome()).increment();
    List<DriftEvent> drift = d.drift();
    for (int i = 0; i < drift.size(); i++) {
      DriftEvent e = drift.get(i);
      severityCounter(e.severity()).increment();
      typeCount(e.resource().type()).incrementAndGet();
    }
    return d;
  }

  private Counter severityCounter(Severity severity) {
    return bySeverity[severity.ordinal()];
  }

  private AtomicLong typeCount(String type) {
    AtomicLong n = byType.get(type);
    return n != null ? n : byType.computeIfAbsent(type, this::registerType);
  }

  private AtomicLong registerType(String type) {
    AtomicLong n = new AtomicLong();
    Gauge.builder("tfdrift.events.by.type", n, AtomicLong::get)
        .description(
            "Drift events by Terraform type (a gauge, so that Prometheus keeps the name"
                + " tfdrift_events_by_type that existing dashboards use)")
        .tag("type", type)
        .register(registry);
    return n;
  }

  /**
   * What an audit event is when the event alone shows it cannot be drift: a failed call or dry run
   * ({@link Outcome#FAILED_CALL}), a read ({@link Outcome#READ_ONLY}), a later entry of a GCP
   * long-running operation ({@link Outcome#OPERATION_CONTINUATION}), a call whose effect no
   * Terraform resource models ({@link Outcome#OPERATIONAL}) or a call the cloud made for itself
   * ({@link Outcome#CLOUD_SERVICE}) — as the engine decides it. Terraform's own calls are not told
   * here: they depend on the configured {@code terraform_principals}. {@code tfdrift mappings
   * --check} uses it to tell blind spots from calls that are never drift.
   *
   * @param event the audit event
   * @return that outcome, or empty for a successful mutating call a person or Terraform made
   */
  public static Optional<Outcome> neverDrift(AuditEvent event) {
    return Optional.ofNullable(screen(event));
  }

  /** {@link #neverDrift} without the {@link Optional}, for the hot path; {@code null} if none. */
  private static Outcome screen(AuditEvent event) {
    if (event.failed() || isDryRun(event)) {
      return Outcome.FAILED_CALL;
    }
    if (event.readOnly()) {
      return Outcome.READ_ONLY;
    }
    if (OperationEntries.isContinuation(event)) {
      return Outcome.OPERATION_CONTINUATION;
    }
    if (CloudServiceCallers.isCloudService(event)) {
      return Outcome.CLOUD_SERVICE;
    }
    return OperationalCalls.isOperational(event) ? Outcome.OPERATIONAL : null;
  }

  private Detection detect(AuditEvent event) {
    Outcome screened = screen(event);
    if (screened != null && screened != Outcome.CLOUD_SERVICE) {
      return Detection.of(screened);
    }
    if (terraform.isTerraform(event)) {
      return reportEvidence ? applied(event) : Detection.of(Outcome.TERRAFORM_APPLY);
    }
    if (screened == Outcome.CLOUD_SERVICE) {
      return Detection.of(Outcome.CLOUD_SERVICE);
    }
    List<ResourceMatch> matches = map(event);
    if (matches.isEmpty()) {
      unmapped.count(event);
      return Detection.of(Outcome.UNMAPPED);
    }
    StateIndex index = states.index();
    if (!providers(index).contains(event.provider())) {
      return Detection.of(Outcome.IRRELEVANT);
    }
    List<Evidence> evidence = reportEvidence ? new ArrayList<>() : null;
    List<Finding> found = detector.detect(event, matches, index, evidence);
    if (found.isEmpty()) {
      return Detection.of(Outcome.NO_CHANGE).withEvidence(evidence);
    }
    if (found.size() == 1) {
      return classified(found.get(0)).withEvidence(evidence);
    }
    List<DriftEvent> kept = new ArrayList<>(found.size());
    List<String> suppressed = new ArrayList<>(0);
    for (Finding drift : found) {
      var c = rules.classify(drift, environmentOf(drift.resource().state()));
      if (c.drift().isPresent()) {
        kept.add(c.drift().get());
      } else {
        suppressed.add(drift.resource().address() + ": " + c.suppressedBy());
      }
    }
    return new Detection(kept.isEmpty() ? Outcome.SUPPRESSED : Outcome.DRIFT, kept, suppressed)
        .withEvidence(evidence);
  }

  /**
   * Terraform's own call is the apply, never drift; with an inventory it is mapped, so that drift
   * it fixed can be closed, and looked at no further than the resources it changed.
   */
  private Detection applied(AuditEvent event) {
    Detection apply = Detection.of(Outcome.TERRAFORM_APPLY);
    // A call of Terraform's that no mapper knows is not counted as unmapped: it is not drift.
    List<ResourceMatch> matches = map(event);
    if (matches.isEmpty()) {
      return apply;
    }
    List<Evidence> evidence = new ArrayList<>();
    detector.applied(event, matches, states.index(), evidence);
    return apply.withEvidence(evidence);
  }

  /** The common case, one finding, without intermediate lists. */
  private Detection classified(Finding drift) {
    var c = rules.classify(drift, environmentOf(drift.resource().state()));
    return c.drift().isPresent()
        ? new Detection(Outcome.DRIFT, List.of(c.drift().get()), List.of())
        : new Detection(
            Outcome.SUPPRESSED,
            List.of(),
            List.of(drift.resource().address() + ": " + c.suppressedBy()));
  }

  /** The clouds whose resources the index holds: without a state, nothing can be drift. */
  private java.util.Set<String> providers(StateIndex index) {
    ProvidersOf cached = providersOf;
    if (cached.index() != index) {
      java.util.Set<String> found = new java.util.HashSet<>();
      for (var r : index.resources()) {
        found.add(
            r.type().startsWith("google_")
                ? "gcp"
                : r.type().substring(0, Math.max(0, r.type().indexOf('_'))));
      }
      cached = new ProvidersOf(index, java.util.Set.copyOf(found));
      providersOf = cached;
    }
    return cached.providers();
  }

  private record ProvidersOf(StateIndex index, java.util.Set<String> providers) {}

  private volatile ProvidersOf providersOf = new ProvidersOf(null, java.util.Set.of());

  /**
   * A dry run that succeeds changes nothing. EC2 reports it as error {@code Client.DryRunOperation}
   * (already failed), but Lambda's {@code dryRun} request parameter only validates and still
   * succeeds without an error code.
   */
  private static boolean isDryRun(AuditEvent event) {
    Object flag = event.request().get("dryRun");
    return "true".equals(event.attributes().get("aws.dryRun"))
        || Boolean.TRUE.equals(flag)
        || "true".equals(flag);
  }

  private List<ResourceMatch> map(AuditEvent event) {
    for (ResourceMapper mapper : mappers) {
      List<ResourceMatch> matches;
      try {
        matches = mapper.map(event);
      } catch (RuntimeException e) {
        mapperFailures.log(
            mapper,
            "resource mapper {} failed on {} {}; skipping it for this event",
            mapper,
            event.provider(),
            event.action(),
            e);
        continue;
      }
      if (!matches.isEmpty()) {
        return matches;
      }
    }
    return List.of();
  }

  private String environmentOf(String state) {
    if (state.isEmpty() || environments.isEmpty()) {
      return "";
    }
    String env = environments.get(state);
    if (env == null) {
      int slash = state.indexOf('/');
      env = slash < 0 ? null : environments.get(state.substring(0, slash));
    }
    return env == null ? "" : env;
  }

  /**
   * The state store this engine looks resources up in.
   *
   * @return the store
   */
  public StateStore states() {
    return states;
  }

  /** Assembles a {@link TfDrift}. */
  public static final class Builder {
    private List<ResourceMapper> mappers = List.of();
    private StateStore states = new StateStore();
    private RuleSet rules = new RuleSet(List.of());
    private TerraformCallers terraform = new TerraformCallers(List.of());
    private Map<String, String> environments = Map.of();
    private Clock clock = Clock.systemUTC();
    private MeterRegistry registry = new SimpleMeterRegistry();
    private boolean reportEvidence;

    private Builder() {}

    /**
     * Whether each {@link Detection} carries its {@link Detection#evidence() evidence}: what calls
     * show in sync with state, and what Terraform's own calls changed. A drift inventory needs it
     * to close drift by itself; without one nothing is looked for and Terraform's calls are not
     * mapped.
     *
     * @param value {@code true} to report evidence; {@code false} by default
     * @return this builder
     */
    public Builder reportEvidence(boolean value) {
      this.reportEvidence = value;
      return this;
    }

    /**
     * The mappers; the highest priority that maps a call wins.
     *
     * @param value the mappers
     * @return this builder
     */
    public Builder mappers(List<ResourceMapper> value) {
      this.mappers = List.copyOf(value);
      return this;
    }

    /**
     * The state store.
     *
     * @param value the store
     * @return this builder
     */
    public Builder states(StateStore value) {
      this.states = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The drift rules.
     *
     * @param value the rules
     * @return this builder
     */
    public Builder rules(RuleSet value) {
      this.rules = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Who applies Terraform.
     *
     * @param value the recogniser
     * @return this builder
     */
    public Builder terraformCallers(TerraformCallers value) {
      this.terraform = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The environment of each configured state, for rules with {@code environment}.
     *
     * @param value state name to environment
     * @return this builder
     */
    public Builder environments(Map<String, String> value) {
      this.environments = Map.copyOf(value);
      return this;
    }

    /**
     * The clock for {@code detected_at}.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Where metrics go.
     *
     * @param value the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry value) {
      this.registry = Objects.requireNonNull(value);
      return this;
    }

    /**
     * Builds the engine.
     *
     * @return the engine
     */
    public TfDrift build() {
      return new TfDrift(this);
    }
  }
}
