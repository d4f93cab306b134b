package io.tfdrift.core.assembly;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.api.spi.DriftStoreProvider;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.api.spi.ResourceMapperProvider;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.config.ConfigLoader;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.config.Problems;
import io.tfdrift.core.config.StateSettings;
import io.tfdrift.core.detect.TerraformCallers;
import io.tfdrift.core.inventory.Inventory;
import io.tfdrift.core.inventory.Lifecycle;
import io.tfdrift.core.inventory.Outbox;
import io.tfdrift.core.notify.Dispatcher;
import io.tfdrift.core.notify.Notifications;
import io.tfdrift.core.plugin.Plugins;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import io.tfdrift.core.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Builds every component a configuration names, once: state backends, mappers, the engine, the
 * dispatcher with its notifiers, plugins (created, not initialised) and event sources (created, not
 * started). Every problem goes to one {@link Problems} collector; if there is any, whatever was
 * already built is closed and all of them are thrown together. Nothing is started and no file is
 * created, so {@code tfdrift validate} is {@code build} then {@code close}.
 *
 * <p>Event sources come from {@code sources[]} entries ({@code type} names the provider) and from
 * top-level sections named after a source type with {@code enabled: true}: the {@code falco}
 * section configures the source type {@code falco}, whose provider reads its own keys. This class
 * names no implementation.
 *
 * <pre>{@code
 * try (Components c = Assembly.builder(root, registry).scope(Assembly.Scope.DAEMON).build()) {
 *   c.pipeline().process(event);
 * }
 * }</pre>
 */
public final class Assembly {
  /** Sections the assembly reads only in the daemon's scope. */
  private static final List<String> DAEMON_SECTIONS = List.of("server", "plugins", "sources");

  /** Sections that delivery needs: the notifiers and the workers and queues. */
  private static final List<String> DELIVERY_SECTIONS = List.of("notifications", "performance");

  /** What a command needs built. */
  public enum Scope {
    /** The engine only: states, mappers, rules ({@code tfdrift replay}). */
    ENGINE,
    /** The engine and delivery to the notifiers ({@code tfdrift replay --notify}). */
    DELIVERY,
    /** Everything: also plugins, event sources and the admin server's settings. */
    DAEMON
  }

  private final ConfigSection root;
  private final ProviderRegistry registry;
  private Scope scope = Scope.ENGINE;
  private List<StateSettings> extraStates = List.of();
  private MeterRegistry meters = new SimpleMeterRegistry();
  private Clock clock = Clock.systemUTC();
  private Problems problems = new Problems();
  private Optional<Boolean> inventory = Optional.empty();
  private boolean openStore = true;
  private boolean sharedStore;

  private Assembly(ComponentConfig root, ProviderRegistry registry) {
    this.root = ConfigSection.of(Objects.requireNonNull(root, "root"));
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Starts an assembly of a configuration.
   *
   * @param root the configuration's root section
   * @param registry the discovered providers
   * @return the assembly, scope {@link Scope#ENGINE}
   */
  public static Assembly builder(ComponentConfig root, ProviderRegistry registry) {
    return new Assembly(root, registry);
  }

  /**
   * The root section of a loaded file, with every secret scheme's resolver created from its {@code
   * secrets.<scheme>} settings.
   *
   * @param loaded the loaded file
   * @param registry the discovered providers
   * @param problems where problems go
   * @return the root section
   */
  public static ConfigSection root(
      ConfigLoader.Loaded loaded, ProviderRegistry registry, Problems problems) {
    Map<String, SecretResolver> secrets =
        new HashMap<>(io.tfdrift.core.secrets.BuiltInSecrets.RESOLVERS);
    registry
        .all(ProviderKind.SECRET_RESOLVER)
        .forEach(
            (scheme, provider) -> {
              ConfigSection section =
                  ConfigSection.of(
                      "secrets." + scheme, new LinkedHashMap<>(loaded.secretSettings(scheme)));
              problems
                  .read(() -> provider.create(section))
                  .ifPresent(
                      resolver -> {
                        secrets.put(scheme, resolver);
                        problems.addAll(section.unknownKeys());
                      });
            });
    ConfigSection root = loaded.root(secrets);
    root.skip("secrets");
    return root;
  }

  /**
   * What to build.
   *
   * @param value the scope
   * @return this assembly
   */
  public Assembly scope(Scope value) {
    this.scope = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * States to add to the configured ones, e.g. {@code --state} arguments; a name already taken gets
   * a suffix ({@code prod-2}).
   *
   * @param value the states
   * @return this assembly
   */
  public Assembly extraStates(List<StateSettings> value) {
    this.extraStates = List.copyOf(value);
    return this;
  }

  /**
   * Where the components' metrics go.
   *
   * @param value the registry
   * @return this assembly
   */
  public Assembly meters(MeterRegistry value) {
    this.meters = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * The clock for {@code detected_at}.
   *
   * @param value the clock
   * @return this assembly
   */
  public Assembly clock(Clock value) {
    this.clock = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * Whether to keep a drift inventory ({@code store} section); by default only the daemon keeps
   * one. {@code tfdrift replay --store} asks for one to backfill it.
   *
   * @param value {@code true} to read the {@code store} section
   * @return this assembly
   */
  public Assembly inventory(boolean value) {
    this.inventory = Optional.of(value);
    return this;
  }

  /**
   * Whether to open the drift store; {@code tfdrift validate} checks the {@code store} section
   * without connecting or creating a file.
   *
   * @param value {@code false} to check only
   * @return this assembly
   */
  public Assembly openStore(boolean value) {
    this.openStore = value;
    return this;
  }

  /**
   * Requires a store every replica can share ({@link DriftStoreProvider#shared()}), if any is kept,
   * as {@code high_availability} does: a new leader continues the same inventory ({@code
   * store.type: none} keeps none and is allowed).
   *
   * @param value {@code true} to require it
   * @return this assembly
   */
  public Assembly sharedStore(boolean value) {
    this.sharedStore = value;
    return this;
  }

  /**
   * The collector to add to, holding what the caller found before (its own sections, secrets).
   *
   * @param value the collector
   * @return this assembly
   */
  public Assembly problems(Problems value) {
    this.problems = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * Builds every component of the scope, once.
   *
   * @return the components; the caller closes them
   * @throws ConfigException listing every problem, including unknown keys; whatever was built is
   *     closed first
   */
  public Components build() {
    Components.Builder built = new Components.Builder(scope);
    try {
      build(built);
      problems.addAll(root.unknownKeys());
      problems.throwIfAny();
      return built.build();
    } catch (RuntimeException | Error e) {
      built.closeAll();
      throw e;
    }
  }

  private void build(Components.Builder built) {
    EngineSettings configured = EngineSettings.read(root, problems);
    List<StateSettings> allStates = new ArrayList<>(configured.states());
    Set<String> names = new HashSet<>();
    allStates.forEach(s -> names.add(s.name()));
    for (StateSettings s : extraStates) {
      String name = s.name();
      for (int i = 2; !names.add(name); i++) {
        name = s.name() + "-" + i;
      }
      allStates.add(
          new StateSettings(
              name, s.provider(), s.backend(), s.section(), s.environment(), s.refreshInterval()));
    }
    EngineSettings settings =
        new EngineSettings(allStates, configured.rules(), configured.terraformPrincipals());
    built.settings = settings;
    for (StateSettings s : settings.states()) {
      // A backend that cannot be created reads none of its keys: the documented ones are then the
      // vocabulary for "did you mean" (locl_path -> local_path). Asking for a key does not make an
      // unknown one known.
      // Keys present are left alone, so that one is never suggested as itself.
      ConfigLoader.documentedKeys(s.section().path()).stream()
          .filter(key -> !s.section().keys().contains(key))
          .forEach(s.section()::has);
      String path = s.section().path() + ".backend";
      create(
              path,
              () -> registry.get(ProviderKind.STATE_BACKEND, s.backend(), path).create(s.section()))
          .ifPresent(backend -> built.states.add(new ConfiguredState(s, backend)));
    }
    List<ResourceMapper> mappers = new ArrayList<>();
    ComponentConfig mappersSection = root.child("mappers");
    for (Map.Entry<String, ResourceMapperProvider> m :
        registry.all(ProviderKind.RESOURCE_MAPPER).entrySet()) {
      create(
              mappersSection.path() + "." + m.getKey(),
              () -> m.getValue().create(mappersSection.child(m.getKey())))
          .ifPresent(mappers::add);
    }
    Map<String, String> environments = new LinkedHashMap<>();
    settings.states().forEach(s -> environments.put(s.name(), s.environment()));
    StateStore store = new StateStore(clock);
    built.performance =
        scope == Scope.ENGINE
            ? Performance.DEFAULTS
            : Performance.read(root.child("performance"), problems);
    built.dispatcher =
        scope == Scope.ENGINE
            ? Optional.of(Dispatcher.builder().meterRegistry(meters).build())
            : problems.read(
                () ->
                    Notifications.dispatcher(
                        root.child("notifications"),
                        registry,
                        built.performance.notifierWorkers(),
                        built.performance.queueCapacity(),
                        meters));
    if (inventory.orElse(scope == Scope.DAEMON)) {
      built.dispatcher.ifPresent(d -> inventory(built, d));
    } else {
      root.skip(STORE);
    }
    built.clock = clock;
    built.engine =
        TfDrift.builder()
            .mappers(mappers)
            .states(store)
            .rules(settings.rules())
            .terraformCallers(new TerraformCallers(settings.terraformPrincipals()))
            .environments(environments)
            .meterRegistry(meters)
            .clock(clock)
            // An inventory closes drift from what later calls show; without one nothing is looked
            // for.
            .reportEvidence(built.inventory != null)
            .build();
    if (scope == Scope.DAEMON) {
      built.admin = AdminSettings.read(root.child("server"), problems);
      Dispatcher dispatcher = built.dispatcher.orElse(null);
      problems
          .read(
              () ->
                  Plugins.create(
                      root.children("plugins"),
                      registry,
                      store,
                      drift -> {
                        if (dispatcher != null) {
                          dispatcher.submit(drift);
                        }
                      },
                      meters))
          .ifPresent(p -> built.plugins = p);
      built.sourceFactory = this::newSources;
      built.sources.addAll(sources(problems));
    } else {
      skip();
    }
  }

  private static final String STORE = "store";

  /**
   * The {@code store} section: {@code type} (default {@value StoreSettings#DEFAULT_TYPE}, or {@code
   * none}), the lifecycle's keys, and the rest for the store's provider.
   */
  private void inventory(Components.Builder built, Dispatcher dispatcher) {
    ComponentConfig section = root.child(STORE);
    Optional<StoreSettings> settings = problems.read(() -> StoreSettings.read(section));
    if (settings.isEmpty() || settings.get().type().equals(StoreSettings.NONE)) {
      return; // no inventory, nothing for a new leader to continue
    }
    String type = settings.get().type();
    String path = section.path() + ".type";
    Optional<DriftStoreProvider> provider =
        problems.read(() -> registry.get(ProviderKind.DRIFT_STORE, type, path));
    if (provider.isEmpty()) {
      return;
    }
    if (sharedStore && !provider.get().shared()) {
      problems.add(
          path
              + ": high_availability needs a drift store every replica shares, so that a new"
              + " leader continues the same inventory; '"
              + type
              + "' is for one process: set store.type: postgres");
      return;
    }
    built.storeSettings = settings.get();
    if (!openStore) {
      root.skip(STORE);
      return;
    }
    create(section.path(), () -> provider.get().create(section))
        .ifPresent(
            store -> {
              Outbox outbox =
                  new Outbox(
                      store,
                      dispatcher,
                      settings.get().owner(),
                      clock,
                      settings.get().lease(),
                      StoreSettings.POLL,
                      meters);
              built.outbox = outbox;
              built.inventory =
                  new Inventory(
                      store,
                      new Lifecycle(dispatcher.notifyOn(), settings.get().renotifyAfter()),
                      meters,
                      outbox::wake);
            });
  }

  /** In a smaller scope, the daemon's sections are left alone: neither read nor unknown. */
  private void skip() {
    List<String> sections = new ArrayList<>(DAEMON_SECTIONS);
    if (scope == Scope.ENGINE) {
      sections.addAll(DELIVERY_SECTIONS);
    }
    sections.addAll(registry.all(ProviderKind.EVENT_SOURCE).keySet());
    sections.forEach(root::skip);
  }

  /**
   * The sources of a new leadership term: built again (a closed source cannot restart), from a
   * configuration already known to be valid.
   *
   * @throws ConfigException if one could not be created; those already created are closed
   */
  private List<ConfiguredSource> newSources() {
    Problems fresh = new Problems();
    List<ConfiguredSource> created = sources(fresh);
    if (!fresh.isEmpty()) {
      created.forEach(s -> Components.closeQuietly(s.source()));
      fresh.throwIfAny();
    }
    return created;
  }

  /**
   * Creates every configured event source: each {@code sources[]} entry, then each enabled
   * top-level section named after a source type.
   */
  private List<ConfiguredSource> sources(Problems problems) {
    List<ConfiguredSource> created = new ArrayList<>();
    for (ComponentConfig entry : problems.read(() -> root.children("sources")).orElse(List.of())) {
      problems
          .read(() -> entry.string("type"))
          .ifPresent(
              type -> {
                String path = entry.path() + ".type";
                create(
                        problems,
                        path,
                        () ->
                            registry
                                .get(ProviderKind.EVENT_SOURCE, type, path)
                                .create(entry, registry.all(ProviderKind.AUDIT_FORMAT)))
                    .ifPresent(source -> created.add(new ConfiguredSource(type, source)));
              });
    }
    for (Map.Entry<String, EventSourceProvider> p :
        registry.all(ProviderKind.EVENT_SOURCE).entrySet()) {
      String name = p.getKey();
      if (!root.keys().contains(name)) {
        continue;
      }
      Optional<ComponentConfig> section = problems.read(() -> root.child(name));
      if (section.isEmpty()) {
        continue;
      }
      if (!problems.read(() -> section.get().bool("enabled", false)).orElse(false)) {
        root.skip(name);
        continue;
      }
      create(
              problems,
              section.get().path(),
              () -> p.getValue().create(section.get(), registry.all(ProviderKind.AUDIT_FORMAT)))
          .ifPresent(source -> created.add(new ConfiguredSource(name, source)));
    }
    return created;
  }

  private <T> Optional<T> create(String path, Supplier<T> create) {
    return problems.create(path, create);
  }

  private static <T> Optional<T> create(Problems problems, String path, Supplier<T> create) {
    return problems.create(path, create);
  }
}
