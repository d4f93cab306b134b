package io.tfdrift.core.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.guard.TimedCall;
import io.tfdrift.core.registry.DiscoveredProvider;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import io.tfdrift.core.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured plugins, running. Built from {@code plugins: [{name, enabled, config, timeout,
 * failure_threshold, cooldown}]}: each enabled entry's provider creates the plugin (configuration
 * errors fail start-up, all at once), then {@code init} runs on the plugin's own thread.
 *
 * <p>Semantics, as the engine applies them:
 *
 * <ul>
 *   <li>{@link #onDrift} calls every healthy plugin's {@code onDriftDetected} at once, each on its
 *       own thread, and waits until each has returned or reached its {@code timeout}. Labels a
 *       plugin adds with {@code annotate} during its callback are merged into the drift's labels
 *       (in {@code plugins} order, later keys overwriting earlier ones) before the drift goes to
 *       the dispatcher, so every notifier and the {@code jsonl} file see them. A plugin thus delays
 *       notifications of a drift by at most its timeout.
 *   <li>Drift a plugin {@code emit}s goes straight to the dispatcher, labelled {@code emitted_by:
 *       <plugin>}; it is not shown to plugins again (no loops).
 *   <li>A callback that throws or times out is counted in {@code
 *       tfdrift_plugin_calls_total{plugin,outcome}} and logged (warn for the first few, then
 *       debug). After {@code failure_threshold} failures in a row the plugin is unhealthy: its
 *       callbacks are skipped (outcome {@code rejected}) for {@code cooldown}, then one is tried; a
 *       success makes it healthy again. A plugin whose {@code init} fails or hangs stays disabled
 *       until restart. Detection never waits on an unhealthy plugin.
 *   <li>{@link #close(Duration)} calls every plugin's {@code close} within the deadline.
 * </ul>
 *
 * <pre>{@code
 * Plugins plugins = Plugins.create(root.children("plugins"), registry, store, dispatcher::submit, meters);
 * plugins.init();
 * dispatcher.submit(plugins.onDrift(drift));
 * plugins.close(Duration.ofSeconds(10));
 * }</pre>
 */
public final class Plugins implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Plugins.class);
  private static final Plugins NONE = new Plugins(List.of(), null, null, null, null);

  private final List<PluginHost> hosts;
  private final ScheduledExecutorService timer;
  private final LiveStateView view;
  private final Consumer<DriftEvent> dispatcher;
  private final MeterRegistry meters;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Plugins(
      List<PluginHost> hosts,
      ScheduledExecutorService timer,
      LiveStateView view,
      Consumer<DriftEvent> dispatcher,
      MeterRegistry meters) {
    this.hosts = List.copyOf(hosts);
    this.timer = timer;
    this.view = view;
    this.dispatcher = dispatcher;
    this.meters = meters;
  }

  /**
   * No plugins: every call is a no-op.
   *
   * @return the empty set of plugins
   */
  public static Plugins none() {
    return NONE;
  }

  /**
   * Creates every enabled plugin through its provider (so that it reads and checks its {@code
   * config}) without calling {@code init}: what {@code tfdrift validate} builds, and the daemon
   * before it starts.
   *
   * @param entries the {@code plugins} entries
   * @param registry the discovered providers
   * @param states the state store whose current index plugins will see, read-only
   * @param dispatcher where drift that plugins emit will go
   * @param meters where the plugins' metrics go
   * @return the plugins, not initialised; {@link #none()} when none is enabled
   * @throws ConfigException listing every problem; plugins already created are closed
   */
  public static Plugins create(
      List<ComponentConfig> entries,
      ProviderRegistry registry,
      StateStore states,
      Consumer<DriftEvent> dispatcher,
      MeterRegistry meters) {
    return create(entries, registry, states, dispatcher, meters, System::nanoTime);
  }

  /** As {@link #create}, with the ticker that times cooldowns (tests move it). */
  static Plugins create(
      List<ComponentConfig> entries,
      ProviderRegistry registry,
      StateStore states,
      Consumer<DriftEvent> dispatcher,
      MeterRegistry meters,
      LongSupplier nanoTime) {
    List<Created> created = create(entries, registry);
    if (created.isEmpty()) {
      return NONE;
    }
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tfdrift-plugin-timer");
              t.setDaemon(true);
              return t;
            });
    List<PluginHost> hosts = new ArrayList<>();
    for (Created c : created) {
      hosts.add(new PluginHost(c.settings(), c.plugin(), c.loader(), timer, meters, nanoTime));
    }
    return new Plugins(hosts, timer, new LiveStateView(states), dispatcher, meters);
  }

  /**
   * Runs every plugin's {@code init}, each on its own thread within its timeout. A plugin whose
   * {@code init} fails or hangs stays disabled; a {@code ConfigException} from {@code init} fails
   * the start.
   *
   * @throws ConfigException listing the problems {@code init} reported; the plugins are closed
   */
  public void init() {
    List<String> problems = new ArrayList<>();
    for (PluginHost host : hosts) {
      Optional<Throwable> failure =
          host.init(new HostedPluginContext(host, meters, view, dispatcher));
      if (failure.isEmpty()) {
        log.info(
            "plugin {} {} initialised (timeout {})",
            host.name(),
            host.version(),
            PluginHost.text(host.settings().timeout()));
      } else if (failure.get() instanceof ConfigException e) {
        problems.addAll(e.problems());
      } else {
        log.error(
            "plugin {} {} failed to initialise: {}. It stays disabled until restart;"
                + " detection continues without it",
            host.name(),
            host.version(),
            host.health().lastError(),
            failure.get());
      }
    }
    if (!problems.isEmpty()) {
      close(Duration.ofSeconds(5));
      throw new ConfigException(problems);
    }
  }

  /** A plugin as its provider created it, not yet initialised. */
  private record Created(PluginSettings settings, Plugin plugin, ClassLoader loader) {}

  private static List<Created> create(List<ComponentConfig> entries, ProviderRegistry registry) {
    List<String> problems = new ArrayList<>();
    List<Created> created = new ArrayList<>();
    Map<String, String> seen = new LinkedHashMap<>();
    for (ComponentConfig entry : entries) {
      try {
        Optional<PluginSettings> read = PluginSettings.read(entry);
        if (read.isEmpty()) {
          continue;
        }
        PluginSettings s = read.get();
        String earlier = seen.putIfAbsent(s.name(), s.path());
        if (earlier != null) {
          problems.add(
              s.path()
                  + ".name: plugin '"
                  + s.name()
                  + "' is already configured by "
                  + earlier
                  + "; configure each plugin once");
          ConfigSection.of(entry).skip("config");
          continue;
        }
        PluginProvider provider = registry.get(ProviderKind.PLUGIN, s.name(), s.path() + ".name");
        created.add(
            new Created(
                s, instantiate(provider, s, registry), provider.getClass().getClassLoader()));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      created.forEach(Plugins::closeQuietly);
      throw new ConfigException(problems);
    }
    return created;
  }

  private static Plugin instantiate(
      PluginProvider provider, PluginSettings s, ProviderRegistry registry) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(provider.getClass().getClassLoader());
    try {
      Plugin plugin = provider.create(s.config());
      if (plugin == null) {
        throw new ConfigException(
            s.path() + ".name",
            "the provider of plugin '"
                + s.name()
                + "' ("
                + origin(registry, s.name())
                + ") returned no plugin; report this to the plugin's authors");
      }
      return plugin;
    } catch (ConfigException e) {
      throw e;
    } catch (LinkageError e) {
      throw new ConfigException(
          s.path() + ".name",
          "plugin '"
              + s.name()
              + "' ("
              + origin(registry, s.name())
              + ") cannot be created: "
              + e
              + ". The jar lacks a class it needs: build it as a shaded jar that bundles its"
              + " dependencies (all but tfdrift-api, which tfdrift provides)");
    } catch (RuntimeException e) {
      throw new ConfigException(
          s.path() + ".config",
          "plugin '" + s.name() + "' (" + origin(registry, s.name()) + ") failed to start: " + e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  private static String origin(ProviderRegistry registry, String type) {
    for (DiscoveredProvider p : registry.discovered()) {
      if (p.kind().equals(ProviderKind.PLUGIN.label()) && p.type().equals(type)) {
        return p.jar() + ", version " + p.version();
      }
    }
    return "the classpath";
  }

  private static void closeQuietly(Created c) {
    try {
      c.plugin().close();
    } catch (RuntimeException | LinkageError e) {
      log.warn("plugin {} failed to close: {}", c.settings().name(), e.toString());
    }
  }

  /**
   * Shows a drift to every plugin and returns it with the labels they added. Blocks until each
   * healthy plugin's callback has returned or timed out; never throws for a plugin's failure.
   *
   * @param drift the classified drift
   * @return the drift with the plugins' labels, or the same drift if none added any
   */
  public DriftEvent onDrift(DriftEvent drift) {
    if (hosts.isEmpty()) {
      return drift;
    }
    List<CompletableFuture<TimedCall.Result>> calls = new ArrayList<>(hosts.size());
    for (PluginHost host : hosts) {
      calls.add(host.onDrift(drift));
    }
    Map<String, String> labels = null;
    for (int i = 0; i < hosts.size(); i++) {
      calls.get(i).join();
      Map<String, String> added = hosts.get(i).takeAnnotations(drift.id());
      if (!added.isEmpty()) {
        if (labels == null) {
          labels = new LinkedHashMap<>();
        }
        labels.putAll(added);
      }
    }
    return labels == null ? drift : drift.withLabels(labels);
  }

  /** Tells every healthy plugin that a state was loaded or changed. Does not wait for them. */
  public void onStateRefresh() {
    for (PluginHost host : hosts) {
      host.onStateRefresh(view);
    }
  }

  /**
   * How every configured plugin is doing, in configuration order.
   *
   * @return the health of each plugin
   */
  public List<PluginHealth> health() {
    List<PluginHealth> out = new ArrayList<>(hosts.size());
    for (PluginHost host : hosts) {
      out.add(host.health());
    }
    return out;
  }

  /**
   * Whether no plugin is configured.
   *
   * @return {@code true} without plugins
   */
  public boolean isEmpty() {
    return hosts.isEmpty();
  }

  /**
   * Calls every plugin's {@code close} within the deadline (each at most its own timeout) and stops
   * their threads. Idempotent.
   *
   * @param deadline how long closing may take in all
   * @return {@code true} if every plugin closed in time without failing
   */
  public boolean close(Duration deadline) {
    if (hosts.isEmpty() || !closed.compareAndSet(false, true)) {
      return true;
    }
    long end = System.nanoTime() + deadline.toNanos();
    boolean all = true;
    for (PluginHost host : hosts) {
      all &= host.close(Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }
    timer.shutdownNow();
    return all;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
