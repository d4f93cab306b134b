package io.tfdrift.core.assembly;

import io.tfdrift.core.TfDrift;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.inventory.CallResolutions;
import io.tfdrift.core.inventory.Inventory;
import io.tfdrift.core.inventory.Outbox;
import io.tfdrift.core.inventory.RefreshResolutions;
import io.tfdrift.core.inventory.TerraformTouches;
import io.tfdrift.core.notify.Dispatcher;
import io.tfdrift.core.plugin.Plugins;
import io.tfdrift.core.state.RefreshResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@link Assembly} built, each component once. Nothing is started: plugins are not
 * initialised, sources not started, states not fetched. {@link #close()} closes whatever the caller
 * has not taken over, in reverse order of building; closing twice does nothing more.
 */
public final class Components implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Components.class);

  private final Assembly.Scope scope;
  private final EngineSettings settings;
  private final TfDrift engine;
  private final List<ConfiguredState> states;
  private final Performance performance;
  private final Optional<AdminSettings> admin;
  private final Dispatcher dispatcher;
  private final Plugins plugins;
  private final Supplier<List<ConfiguredSource>> sourceFactory;
  private final Pipeline pipeline;
  private final Optional<Inventory> inventory;
  private final Optional<Outbox> outbox;
  private final Optional<StoreSettings> storeSettings;
  private final Optional<RefreshResolutions> refreshResolutions;
  private final int sourceCount;
  private List<ConfiguredSource> sources;
  private boolean closed;

  private Components(Builder b) {
    this.scope = b.scope;
    this.settings = b.settings;
    this.engine = b.engine;
    this.states = List.copyOf(b.states);
    this.performance = b.performance;
    this.admin = Optional.ofNullable(b.admin);
    this.dispatcher = b.dispatcher.orElseThrow();
    this.plugins = b.plugins;
    this.sourceFactory = b.sourceFactory;
    this.sources = List.copyOf(b.sources);
    this.sourceCount = sources.size();
    this.inventory = Optional.ofNullable(b.inventory);
    this.outbox = Optional.ofNullable(b.outbox);
    this.storeSettings = Optional.ofNullable(b.storeSettings);
    TerraformTouches touches = new TerraformTouches();
    this.refreshResolutions = inventory.map(inv -> new RefreshResolutions(inv, touches, b.clock));
    this.pipeline =
        new Pipeline(
            engine,
            plugins,
            inventory,
            dispatcher::submit,
            inventory.map(inv -> new CallResolutions(inv, touches)));
  }

  /**
   * What was built.
   *
   * @return the scope
   */
  public Assembly.Scope scope() {
    return scope;
  }

  /**
   * The engine's settings, with any extra states.
   *
   * @return the settings
   */
  public EngineSettings settings() {
    return settings;
  }

  /**
   * The engine.
   *
   * @return the engine
   */
  public TfDrift engine() {
    return engine;
  }

  /**
   * The states with their backends, in configuration order.
   *
   * @return the states
   */
  public List<ConfiguredState> states() {
    return states;
  }

  /**
   * The {@code performance} settings ({@link Performance#DEFAULTS} in the engine's scope).
   *
   * @return the settings
   */
  public Performance performance() {
    return performance;
  }

  /**
   * The {@code server} settings, in the daemon's scope.
   *
   * @return the settings, or empty
   */
  public Optional<AdminSettings> admin() {
    return admin;
  }

  /**
   * The dispatcher and its notifiers; without notifiers in the engine's scope.
   *
   * @return the dispatcher
   */
  public Dispatcher dispatcher() {
    return dispatcher;
  }

  /**
   * The plugins, created but not initialised ({@link Plugins#init()} starts them).
   *
   * @return the plugins; {@link Plugins#none()} outside the daemon's scope
   */
  public Plugins plugins() {
    return plugins;
  }

  /**
   * The drift inventory, when one is kept ({@code store.type} not {@code none}) and opened.
   *
   * @return the inventory
   */
  public Optional<Inventory> inventory() {
    return inventory;
  }

  /**
   * What delivers the inventory's notifications; the caller starts it.
   *
   * @return the outbox, with the inventory
   */
  public Optional<Outbox> outbox() {
    return outbox;
  }

  /**
   * The {@code store} section's settings, when an inventory is kept (also when not opened).
   *
   * @return the settings
   */
  public Optional<StoreSettings> storeSettings() {
    return storeSettings;
  }

  /**
   * What closes drift when a state refresh loads a new state; call it after each {@code LOADED}
   * refresh.
   *
   * @return the resolutions, with the inventory
   */
  public Optional<RefreshResolutions> refreshResolutions() {
    return refreshResolutions;
  }

  /**
   * Engine, plugins, delivery: what happens to each audit event.
   *
   * @return the pipeline
   */
  public Pipeline pipeline() {
    return pipeline;
  }

  /**
   * Hands the event sources built with everything else to the caller, who starts and closes them;
   * later calls build new ones (a closed source cannot restart, so each leadership term needs its
   * own).
   *
   * @return the sources, not started
   * @throws io.tfdrift.api.ConfigException if a new source could not be created
   */
  public synchronized List<ConfiguredSource> takeSources() {
    if (sources != null) {
      List<ConfiguredSource> first = sources;
      sources = null;
      return first;
    }
    return sourceFactory == null ? List.of() : sourceFactory.get();
  }

  /**
   * How many event sources are configured.
   *
   * @return the count
   */
  public int sourceCount() {
    return sourceCount;
  }

  /**
   * Fetches every state once, e.g. before a replay.
   *
   * @return the result per state
   */
  public List<RefreshResult> refreshAll() {
    List<RefreshResult> results = new ArrayList<>(states.size());
    for (ConfiguredState s : states) {
      results.add(engine.states().refresh(s.settings().name(), s.backend()));
    }
    return results;
  }

  /**
   * Closes what the caller has not taken over, in reverse order of building: sources not taken,
   * plugins, the dispatcher (dead-lettering what it still holds), the state backends.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sources != null) {
      sources.forEach(s -> closeQuietly(s.source()));
      sources = null;
    }
    outbox.ifPresent(Outbox::close);
    plugins.close(Duration.ofSeconds(5));
    dispatcher.close(Duration.ZERO);
    inventory.ifPresent(Inventory::close);
    states.forEach(s -> closeQuietly(s.backend()));
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public synchronized boolean isClosed() {
    return closed;
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception | LinkageError e) {
      log.warn("closing {} failed: {}", c, e.toString());
    }
  }

  /** What {@link Assembly} has built so far; closes it all when the build fails. */
  static final class Builder {
    final Assembly.Scope scope;
    EngineSettings settings;
    TfDrift engine;
    final List<ConfiguredState> states = new ArrayList<>();
    Performance performance = Performance.DEFAULTS;
    AdminSettings admin;
    Optional<Dispatcher> dispatcher = Optional.empty();
    Plugins plugins = Plugins.none();
    Supplier<List<ConfiguredSource>> sourceFactory;
    final List<ConfiguredSource> sources = new ArrayList<>();
    Inventory inventory;
    Outbox outbox;
    StoreSettings storeSettings;
    java.time.Clock clock = java.time.Clock.systemUTC();

    Builder(Assembly.Scope scope) {
      this.scope = scope;
    }

    Components build() {
      return new Components(this);
    }

    void closeAll() {
      sources.forEach(s -> closeQuietly(s.source()));
      plugins.close(Duration.ofSeconds(5));
      if (outbox != null) {
        outbox.close();
      }
      dispatcher.ifPresent(d -> d.close(Duration.ZERO));
      if (inventory != null) {
        inventory.close();
      }
      states.forEach(s -> closeQuietly(s.backend()));
    }
  }
}
