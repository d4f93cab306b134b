package io.tfdrift.runtime;

import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.SourceException;
import io.tfdrift.api.StoreException;
import io.tfdrift.core.assembly.AdminSettings;
import io.tfdrift.core.assembly.Components;
import io.tfdrift.core.assembly.ConfiguredSource;
import io.tfdrift.core.assembly.ConfiguredState;
import io.tfdrift.core.inventory.Outbox;
import io.tfdrift.core.inventory.RefreshResolutions;
import io.tfdrift.core.plugin.PluginHealth;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateIndex;
import io.tfdrift.dashboard.Dashboard;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon, from components built once by the assembly: sources feed a bounded queue;
 * {@link DetectionWorkers} run each event through the pipeline; states refresh on their intervals;
 * the admin server reports {@link HealthChecks} and metrics. {@link #stop} stops accepting, drains
 * the queue and the notifiers within a deadline. If the daemon cannot be built, what was built is
 * closed.
 */
final class Daemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final Components components;
  private final PrometheusMeterRegistry metrics;
  private final EventQueue queue;
  private final Leadership leadership;
  private final DaemonMetrics meters;
  private final DetectionWorkers workers;
  private final ScheduledExecutorService refresher;
  private final AdminServer admin;
  private final Map<String, RefreshResult> lastRefresh = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean();
  // States loaded since their drift was last reconciled (the store failed meanwhile).
  private final Set<String> unreconciled = ConcurrentHashMap.newKeySet();
  private List<ConfiguredSource> sources = List.of();

  Daemon(Setup setup) throws IOException {
    this(setup, Daemon::election);
  }

  /**
   * A daemon whose leadership comes from {@code election}, given the setup's {@code
   * high_availability} settings.
   */
  Daemon(Setup setup, Function<HighAvailability, Leadership> election) throws IOException {
    this.components = setup.components();
    this.metrics = setup.metrics();
    EventQueue q = null;
    Leadership l = null;
    AdminServer a = null;
    try {
      q = new EventQueue(components.performance().queueCapacity(), metrics);
      l = election.apply(setup.highAvailability().orElseThrow());
      Leadership lead = l;
      this.meters =
          new DaemonMetrics(
              components.states(), lastRefresh, this::sourcesConnected, lead::leading);
      meters.bindTo(metrics);
      this.workers =
          new DetectionWorkers(
              components.performance().eventWorkerCount(), q, components.pipeline(), meters);
      EventQueue depth = q;
      DetectionWorkers detection = workers;
      Optional<HealthChecks.Store> store =
          components
              .inventory()
              .map(
                  inv ->
                      new HealthChecks.Store(
                          inv.store().location(),
                          () -> {
                            String p = detection.storeProblem();
                            return p.isEmpty()
                                ? components.outbox().map(Outbox::problem).orElse("")
                                : p;
                          }));
      HealthChecks health =
          new HealthChecks(
              components.states(),
              lastRefresh,
              lead,
              running::get,
              workers,
              this::sourcesConnected,
              components.sourceCount(),
              depth::size,
              store);
      AdminSettings server = components.admin().orElseThrow();
      Map<String, HttpHandler> inventoryPaths = new LinkedHashMap<>();
      components
          .inventory()
          .ifPresent(
              inventory -> {
                inventoryPaths.put(
                    InventoryApi.PREFIX,
                    new InventoryApi(
                        inventory,
                        server.readToken().stream().toList(),
                        server.writeToken().stream().toList(),
                        Clock.systemUTC()));
                inventoryPaths.put(Dashboard.PATH, new Dashboard());
              });
      a =
          new AdminServer(
              server.listen().socketAddress(),
              health::liveness,
              health::readiness,
              metrics,
              server.debug(),
              inventoryPaths);
    } catch (IOException | RuntimeException e) {
      if (l != null) {
        l.close();
      }
      components.close();
      throw e;
    }
    this.queue = q;
    this.leadership = l;
    this.admin = a;
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tfdrift-state-refresh");
              t.setDaemon(true);
              return t;
            });
  }

  private static Leadership election(HighAvailability ha) {
    return ha.enabled()
        ? new LeaseElection(ha, new KubernetesClientBuilder().build())
        : Leadership.sole();
  }

  /** Initialises plugins, loads states, starts workers, sources and refreshes. */
  void start() throws SourceException {
    components.plugins().init();
    running.set(true);
    for (ConfiguredState s : components.states()) {
      refresh(s);
      Duration every = s.settings().refreshInterval();
      refresher.scheduleWithFixedDelay(
          () -> refresh(s), every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }
    workers.start();
    components.outbox().ifPresent(Outbox::start);
    components
        .storeSettings()
        .ifPresent(
            store ->
                refresher.scheduleWithFixedDelay(
                    () -> prune(store.retention()), 0, 1, TimeUnit.HOURS));
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
        components.states().size(),
        components.sourceCount(),
        admin.port());
  }

  /** A new term: the sources built at start-up the first time, fresh ones after a deposition. */
  private synchronized void startSources() throws SourceException {
    sources = components.takeSources();
    for (ConfiguredSource s : sources) {
      s.source().start(queue.sink(s.name()));
    }
  }

  /** Stops accepting; what was already accepted is still detected and notified. */
  private synchronized void closeSources() {
    for (ConfiguredSource s : sources) {
      try {
        s.source().close();
      } catch (RuntimeException e) {
        log.warn("closing source {}: {}", s.name(), e.toString());
      }
    }
    sources = List.of();
  }

  private void refresh(ConfiguredState s) {
    String name = s.settings().name();
    StateIndex before = components.engine().states().index();
    RefreshResult r = components.engine().states().refresh(name, s.backend());
    lastRefresh.put(name, r);
    if (r.outcome() == RefreshResult.Outcome.LOADED) {
      components.plugins().onStateRefresh();
      unreconciled.add(name);
    }
    if (r.outcome() != RefreshResult.Outcome.FAILED && unreconciled.contains(name)) {
      reconcile(name, before);
    }
  }

  /**
   * Closes the drift a newly loaded state shows fixed, accepted, removed or imported; if the store
   * fails, tries again after the state's next refresh, loaded or not.
   */
  private void reconcile(String state, StateIndex before) {
    Optional<RefreshResolutions> resolutions = components.refreshResolutions();
    if (resolutions.isEmpty()) {
      unreconciled.remove(state);
      return;
    }
    try {
      int n = resolutions.get().reconcile(state, before, components.engine().states().index());
      unreconciled.remove(state);
      if (n > 0) {
        log.info("state {}: {} drifts resolved by what the state now holds", state, n);
      }
    } catch (StoreException | RuntimeException e) {
      log.warn(
          "state {}: resolving drift from the new state failed; trying again after its next"
              + " refresh: {}",
          state,
          e.getMessage());
    }
  }

  /** Deletes drifts resolved longer ago than {@code store.retention}. */
  private void prune(Duration retention) {
    components
        .inventory()
        .ifPresent(
            inventory -> {
              try {
                int n = inventory.store().prune(Instant.now().minus(retention));
                if (n > 0) {
                  log.info("deleted {} drifts resolved more than {} ago", n, retention);
                }
              } catch (StoreException e) {
                log.warn(
                    "pruning resolved drifts failed; trying again in an hour: {}", e.getMessage());
              }
            });
  }

  private synchronized boolean sourcesConnected() {
    // Between an election and the start of the term's sources, nothing listens yet.
    if (!leadership.leading() || sources.size() < components.sourceCount()) {
      return false;
    }
    for (ConfiguredSource s : sources) {
      if (!s.source().connected()) {
        return false;
      }
    }
    return true;
  }

  int adminPort() {
    return admin.port();
  }

  List<PluginHealth> pluginHealth() {
    return components.plugins().health();
  }

  /** Stops accepting, drains the queue and the notifiers within the deadline. */
  boolean stop(Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    // Stops accepting, then releases the lease so that a standby takes over at once.
    closeSources();
    leadership.close();
    running.set(false);
    workers.drain(end);
    int abandoned = queue.abandon();
    refresher.shutdownNow();
    components.outbox().ifPresent(Outbox::close);
    components.plugins().close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    boolean drained =
        components.dispatcher().close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    admin.close();
    components.close();
    meters.close();
    log.info(
        "tfdrift stopped ({})",
        drained && abandoned == 0
            ? "drained"
            : "deadline reached; "
                + abandoned
                + " events were not detected and undelivered drift was "
                + (components.inventory().isPresent()
                    ? "left in the outbox for the next start"
                    : "dead-lettered"));
    return drained;
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  /** Fails fast when the configuration names no way in. */
  static void requireSources(Components components) {
    if (components.sourceCount() == 0) {
      throw new ConfigException(
          "sources",
          "no event source is enabled; enable one, e.g. falco.enabled: true (with"
              + " falco.transport), or a sources entry (type: aws-sqs, gcp-pubsub or kafka), so that the"
              + " daemon receives audit events");
    }
  }
}
