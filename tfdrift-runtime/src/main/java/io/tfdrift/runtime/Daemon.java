package io.tfdrift.runtime;

import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.SourceException;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.Detection;
import io.tfdrift.core.config.EngineAssembly;
import io.tfdrift.core.notify.Dispatcher;
import io.tfdrift.core.plugin.PluginHealth;
import io.tfdrift.core.plugin.Plugins;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.state.RefreshResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon: sources feed a bounded queue; detection workers take events, run the engine
 * and hand drift to the dispatcher; states refresh on their intervals; the admin server reports
 * health, readiness and metrics. {@link #stop} stops accepting, drains the queue and the notifiers
 * within a deadline.
 */
final class Daemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final EngineAssembly assembly;
  private final Dispatcher dispatcher;
  private final Plugins plugins;
  private final EventQueue queue;
  private final Supplier<List<Source>> sourceFactory;
  private final int sourceCount;
  private final Leadership leadership;
  private List<Source> sources;

  /** A configured event source and its type, which tags what it hands over. */
  private record Source(String type, EventSource source) {}

  private boolean firstTerm = true;
  private final List<Thread> workers = new ArrayList<>();
  private final ScheduledExecutorService refresher;
  private final AdminServer admin;
  private final Timer latency;
  private final Timer latencyHistogram;
  private final Map<String, RefreshResult> lastRefresh = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

  Daemon(Setup setup) throws IOException {
    this(setup, System.getenv(), Daemon::election);
  }

  /**
   * A daemon whose leadership comes from {@code election}, given the {@code high_availability}
   * settings read with {@code env} for their defaults.
   */
  Daemon(Setup setup, Map<String, String> env, Function<HighAvailability, Leadership> election)
      throws IOException {
    ComponentConfig root = setup.root();
    new JvmMemoryMetrics().bindTo(metrics);
    gcMetrics.bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ClassLoaderMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
    this.latency =
        Timer.builder("tfdrift.detection.latency")
            .description(
                "Time from an audit event's arrival to its drift being handed to notifiers")
            .publishPercentiles(0.5, 0.95, 0.99)
            .register(metrics);
    // Prometheus cannot carry quantiles and buckets in one metric: the summary keeps the name
    // existing alert rules use ({quantile=...}); the buckets, for histogram_quantile(), get their
    // own.
    this.latencyHistogram =
        Timer.builder("tfdrift.detection.latency.histogram")
            .description("Detection latency as histogram buckets, for histogram_quantile()")
            .publishPercentileHistogram()
            .register(metrics);
    ComponentConfig performance = root.child("performance");
    this.queue = new EventQueue(performance.integer("queue_capacity", 10_000), metrics);
    this.assembly = setup.assemble(setup.engine(), metrics);
    this.dispatcher = Setup.dispatcher(setup.registry(), root, metrics);
    this.plugins = startPlugins(setup);
    this.sourceFactory = () -> sources(setup);
    // Built now so that a bad source fails the start, not the first election.
    this.sources = sourceFactory.get();
    this.sourceCount = sources.size();
    this.leadership = election.apply(HighAvailability.from(root.child("high_availability"), env));
    Gauge.builder("tfdrift.falco.connected", this, d -> d.sourcesConnected() ? 1 : 0)
        .description(
            "1 when every event source is connected or listening; 0 on a standby, which does not"
                + " ingest")
        .register(metrics);
    Gauge.builder("tfdrift.leader", leadership, l -> l.leading() ? 1 : 0)
        .description("1 while this instance leads (ingests and notifies), 0 on a standby")
        .register(metrics);
    for (EngineAssembly.ConfiguredState s : assembly.states()) {
      String name = s.settings().name();
      Gauge.builder("tfdrift.state.last.sync.timestamp", lastRefresh, m -> lastSync(m.get(name)))
          .description("When the state was last loaded successfully, in unix seconds")
          .tag("state", name)
          .register(metrics);
      Gauge.builder(
              "tfdrift.state.resources",
              lastRefresh,
              m -> m.get(name) == null ? 0 : m.get(name).resources())
          .description("Resource instances indexed from the state")
          .tag("state", name)
          .register(metrics);
    }
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tfdrift-state-refresh");
              t.setDaemon(true);
              return t;
            });
    ComponentConfig server = root.child("server");
    this.admin =
        new AdminServer(
            io.tfdrift.core.config.ListenAddress.read(server, "listen", ":8080").socketAddress(),
            this::liveness,
            this::readiness,
            metrics,
            server.bool("debug", false));
    int count = performance.integer("event_worker_count", 10);
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(this::work, "tfdrift-detect-" + (i + 1));
      t.setDaemon(true);
      workers.add(t);
    }
  }

  /** Starts {@code plugins[]}; on a configuration error closes what was already built. */
  private Plugins startPlugins(Setup setup) {
    try {
      return Plugins.start(
          setup.root().children("plugins"),
          setup.registry(),
          assembly.engine().states(),
          dispatcher::submit,
          metrics);
    } catch (RuntimeException e) {
      dispatcher.close(Duration.ZERO);
      assembly.close();
      throw e;
    }
  }

  private static Leadership election(HighAvailability ha) {
    return ha.enabled()
        ? new LeaseElection(ha, new KubernetesClientBuilder().build())
        : Leadership.sole();
  }

  private static List<Source> sources(Setup setup) {
    ComponentConfig root = setup.root();
    List<Source> created = new ArrayList<>();
    ComponentConfig falco = root.child("falco");
    if (falco.bool("enabled", false)) {
      String type = "falco-" + falco.string("transport", "http");
      created.add(
          new Source(
              type,
              setup
                  .registry()
                  .get(ProviderKind.EVENT_SOURCE, type, "falco.transport")
                  .create(falco)));
    }
    for (ComponentConfig source : root.children("sources")) {
      String type = source.string("type");
      created.add(
          new Source(
              type,
              setup
                  .registry()
                  .get(ProviderKind.EVENT_SOURCE, type, source.path() + ".type")
                  .create(source)));
    }
    return created;
  }

  private static double lastSync(RefreshResult r) {
    return r == null || r.lastSuccess().isEmpty() ? 0 : r.lastSuccess().get().getEpochSecond();
  }

  /** Loads states, starts workers, sources and refreshes. */
  void start() throws SourceException {
    running.set(true);
    for (EngineAssembly.ConfiguredState s : assembly.states()) {
      refresh(s);
      Duration every = s.settings().refreshInterval();
      refresher.scheduleWithFixedDelay(
          () -> refresh(s), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
    workers.forEach(Thread::start);
    leadership.start(
        new Leadership.Term() {
          @Override
          public void elected() throws SourceException {
            startSources();
          }

          @Override
          public void deposed() {
            closeSources();
          }
        });
    log.info(
        "tfdrift {} running: {} states, {} sources, admin on port {}",
        VersionCommand.version(),
        assembly.states().size(),
        sourceCount,
        admin.port());
  }

  /** A new term: the sources built at start-up the first time, fresh ones after a deposition. */
  private synchronized void startSources() throws SourceException {
    if (!firstTerm) {
      sources = sourceFactory.get();
    }
    firstTerm = false;
    for (Source s : sources) {
      s.source().start(queue.sink(s.type()));
    }
  }

  /** Stops accepting; what was already accepted is still detected and notified. */
  private synchronized void closeSources() {
    for (Source s : sources) {
      try {
        s.source().close();
      } catch (RuntimeException e) {
        log.warn("closing source: {}", e.toString());
      }
    }
    sources = List.of();
  }

  private void refresh(EngineAssembly.ConfiguredState s) {
    RefreshResult r = assembly.engine().states().refresh(s.settings().name(), s.backend());
    lastRefresh.put(s.settings().name(), r);
    if (r.outcome() == RefreshResult.Outcome.LOADED) {
      plugins.onStateRefresh();
    }
  }

  private void work() {
    while (running.get() || queue.size() > 0) {
      EventQueue.Arrival arrival;
      try {
        arrival = queue.poll(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (arrival == null) {
        continue;
      }
      try {
        Detection d = assembly.engine().process(arrival.event());
        for (DriftEvent drift : d.drift()) {
          dispatcher.submit(plugins.onDrift(drift));
        }
        if (!d.drift().isEmpty()) {
          long nanos = System.nanoTime() - arrival.arrivedNanos();
          latency.record(nanos, TimeUnit.NANOSECONDS);
          latencyHistogram.record(nanos, TimeUnit.NANOSECONDS);
        }
      } catch (RuntimeException e) {
        log.error(
            "detection failed for {} {}; the event is skipped",
            arrival.event().provider(),
            arrival.event().action(),
            e);
      }
    }
  }

  private synchronized boolean sourcesConnected() {
    // Between an election and the start of the term's sources, nothing listens yet.
    if (!leadership.leading() || sources.size() < sourceCount) {
      return false;
    }
    for (Source s : sources) {
      if (!s.source().connected()) {
        return false;
      }
    }
    return true;
  }

  private AdminServer.Check liveness() {
    boolean alive = running.get() && workers.stream().allMatch(Thread::isAlive);
    return new AdminServer.Check(
        alive,
        "{\"status\":\""
            + (alive ? "ok" : "down")
            + "\",\"workers\":"
            + workers.stream().filter(Thread::isAlive).count()
            + "}");
  }

  private AdminServer.Check readiness() {
    StringBuilder states = new StringBuilder();
    boolean statesReady = true;
    for (EngineAssembly.ConfiguredState s : assembly.states()) {
      RefreshResult r = lastRefresh.get(s.settings().name());
      boolean serving = r != null && r.serving();
      statesReady &= serving;
      if (states.length() > 0) {
        states.append(',');
      }
      states
          .append('"')
          .append(json(s.settings().name()))
          .append("\":{\"ready\":")
          .append(serving)
          .append(",\"outcome\":\"")
          .append(r == null ? "pending" : r.outcome().name().toLowerCase(java.util.Locale.ROOT))
          .append("\",\"resources\":")
          .append(r == null ? 0 : r.resources())
          .append(",\"message\":\"")
          .append(json(r == null ? "not loaded yet" : r.message()))
          .append("\"}");
    }
    boolean leading = leadership.leading();
    boolean connected = sourcesConnected();
    // A standby is ready: its states are loaded for a quick takeover, and rollouts wait on it.
    boolean ready = running.get() && statesReady && (connected || !leading);
    String body =
        "{\"ready\":"
            + ready
            + ",\"role\":\""
            + (leading ? "leader" : "standby")
            + "\""
            + leadership.leader().map(l -> ",\"leader\":\"" + json(l) + "\"").orElse("")
            + ",\"checks\":{\"states\":{"
            + states
            + "},\"sources\":{\"connected\":"
            + connected
            + ",\"count\":"
            + sourceCount
            + "},\"queue\":{\"depth\":"
            + queue.size()
            + "}}}";
    return new AdminServer.Check(ready, body);
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }

  int adminPort() {
    return admin.port();
  }

  List<PluginHealth> pluginHealth() {
    return plugins.health();
  }

  /** Stops accepting, drains the queue and the notifiers within the deadline. */
  boolean stop(Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    // Stops accepting, then releases the lease so that a standby takes over at once.
    closeSources();
    leadership.close();
    running.set(false);
    for (Thread t : workers) {
      try {
        t.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    refresher.shutdownNow();
    plugins.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    boolean drained = dispatcher.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    admin.close();
    assembly.close();
    gcMetrics.close();
    log.info(
        "tfdrift stopped ({})",
        drained && queue.size() == 0
            ? "drained"
            : "deadline reached; undelivered drift was dead-lettered");
    return drained;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  /** Fails fast when the configuration names no way in. */
  static void requireSources(ComponentConfig root) {
    if (!root.child("falco").bool("enabled", false) && root.children("sources").isEmpty()) {
      throw new ConfigException(
          "falco.enabled",
          "no event source is enabled; set falco.enabled: true (and falco.transport), or add a"
              + " sources entry (type: gcp-pubsub or aws-sqs), so that the daemon receives audit"
              + " events");
    }
  }
}
