package io.tfdrift.runtime;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.core.assembly.Assembly;
import io.tfdrift.core.assembly.Components;
import io.tfdrift.core.config.ConfigLoader;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.config.Problems;
import io.tfdrift.core.config.StateSettings;
import io.tfdrift.core.registry.ProviderRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every command starts from: the discovered providers and, built once from the configuration
 * (or the built-in defaults without a file), every component the command needs. Configuration
 * problems are collected across all sections and thrown together; whatever was built is then
 * closed. Closing the setup closes what its owner has not taken over.
 *
 * @param registry the discovered providers
 * @param root the configuration's root section (empty without a file)
 * @param components every component, built once and not started
 * @param logging the {@code logging} section's settings
 * @param metrics where the components' metrics go
 * @param warnings things worth telling the user that are not errors
 * @param plugins the plugins directory whose jars the registry includes
 * @param highAvailability the {@code high_availability} section, read once; present in the daemon's
 *     scope only
 */
record Setup(
    ProviderRegistry registry,
    ComponentConfig root,
    Components components,
    LogSettings logging,
    PrometheusMeterRegistry metrics,
    List<String> warnings,
    PluginDirectory plugins,
    Optional<HighAvailability> highAvailability)
    implements AutoCloseable {

  /** The providers on the classpath and in the default plugins directory. */
  static ProviderRegistry discover() {
    return plugins(Optional.empty(), Optional.empty()).registry(Setup.class.getClassLoader());
  }

  /**
   * Opens the plugins directory named by {@code --plugins-dir}, {@code plugins_dir}, {@code
   * TFDRIFT_PLUGINS_DIR} or the distribution, in that order.
   */
  static PluginDirectory plugins(Optional<Path> option, Optional<String> configured) {
    return PluginDirectory.locate(
            option,
            configured,
            System.getenv(),
            Optional.ofNullable(System.getProperty("tfdrift.home")))
        .map(dir -> PluginDirectory.scan(dir, Setup.class.getClassLoader()))
        .orElse(PluginDirectory.none());
  }

  static Setup load(Optional<Path> config, boolean daemonSections, boolean notify) {
    return load(config, Optional.empty(), daemonSections, notify);
  }

  /** As {@link #load(Optional, boolean, boolean)}, with the environment that gives defaults. */
  static Setup load(
      Optional<Path> config, Map<String, String> env, boolean daemonSections, boolean notify) {
    Assembly.Scope scope = scope(daemonSections, notify);
    return load(
        config, Optional.empty(), scope, List.of(), scope == Assembly.Scope.DAEMON, true, env);
  }

  static Setup load(
      Optional<Path> config, Optional<Path> pluginsDir, boolean daemonSections, boolean notify) {
    return load(config, pluginsDir, scope(daemonSections, notify), List.of());
  }

  /** The daemon's scope, the replay's with delivery, or the engine alone. */
  static Assembly.Scope scope(boolean daemonSections, boolean notify) {
    if (daemonSections) {
      return Assembly.Scope.DAEMON;
    }
    return notify ? Assembly.Scope.DELIVERY : Assembly.Scope.ENGINE;
  }

  /**
   * Loads a configuration, or the built-in defaults without one, and builds its components once.
   *
   * @param config the file, if any
   * @param pluginsDir {@code --plugins-dir}, if given
   * @param scope what to build: the daemon's sections are read (and checked) only in its scope
   * @param extraStates states to add, e.g. {@code --state}
   */
  static Setup load(
      Optional<Path> config,
      Optional<Path> pluginsDir,
      Assembly.Scope scope,
      List<StateSettings> extraStates) {
    return load(config, pluginsDir, scope, extraStates, scope == Assembly.Scope.DAEMON, true);
  }

  /**
   * As {@link #load(Optional, Optional, Assembly.Scope, List)}, with or without a drift inventory.
   *
   * @param inventory whether to read the {@code store} section (the daemon does; {@code replay
   *     --store} asks for it)
   */
  static Setup load(
      Optional<Path> config,
      Optional<Path> pluginsDir,
      Assembly.Scope scope,
      List<StateSettings> extraStates,
      boolean inventory) {
    return load(config, pluginsDir, scope, extraStates, inventory, true);
  }

  /**
   * The one way in.
   *
   * @param openStore {@code false} for {@code tfdrift validate}: the store is checked, not opened
   */
  static Setup load(
      Optional<Path> config,
      Optional<Path> pluginsDir,
      Assembly.Scope scope,
      List<StateSettings> extraStates,
      boolean inventory,
      boolean openStore) {
    return load(config, pluginsDir, scope, extraStates, inventory, openStore, System.getenv());
  }

  /** As above, with the environment that gives {@code high_availability} its defaults. */
  private static Setup load(
      Optional<Path> config,
      Optional<Path> pluginsDir,
      Assembly.Scope scope,
      List<StateSettings> extraStates,
      boolean inventory,
      boolean openStore,
      Map<String, String> env) {
    Problems problems = new Problems();
    List<String> warnings = new ArrayList<>();
    ConfigSection root;
    PluginDirectory plugins;
    ProviderRegistry registry;
    if (config.isEmpty()) {
      plugins = plugins(pluginsDir, Optional.empty());
      registry = plugins.registry(Setup.class.getClassLoader());
      root = ConfigSection.of("", Map.of());
    } else {
      ConfigLoader.Loaded loaded = ConfigLoader.load(config.get(), System.getenv());
      plugins = plugins(pluginsDir, configuredPluginsDir(loaded));
      registry = plugins.registry(Setup.class.getClassLoader());
      root = Assembly.root(loaded, registry, problems);
      problems.check(() -> root.string("plugins_dir", ""));
      for (String name : loaded.ignoredOverrides()) {
        warnings.add("environment variable " + name + " names no configuration key; it is ignored");
      }
    }
    plugins.problems().forEach(p -> warnings.add(0, "plugin jar left out: " + p));
    LogSettings logging = LogSettings.DEFAULTS;
    Optional<HighAvailability> highAvailability = Optional.empty();
    if (scope == Assembly.Scope.DAEMON) {
      logging = LogSettings.read(root.child("logging"), problems);
      highAvailability =
          problems.read(() -> HighAvailability.from(root.child("high_availability"), env));
    } else {
      root.skip("logging");
      root.skip("high_availability");
    }
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Components components =
        Assembly.builder(root, registry)
            .scope(scope)
            .extraStates(extraStates)
            .meters(metrics)
            .problems(problems)
            .inventory(inventory)
            .openStore(openStore)
            .sharedStore(highAvailability.map(HighAvailability::enabled).orElse(false))
            .build();
    return new Setup(
        registry,
        root,
        components,
        logging,
        metrics,
        List.copyOf(warnings),
        plugins,
        highAvailability);
  }

  private static Optional<String> configuredPluginsDir(ConfigLoader.Loaded loaded) {
    Object dir = loaded.tree().get("plugins_dir");
    return dir instanceof String s ? Optional.of(s) : Optional.empty();
  }

  @Override
  public void close() {
    components.close();
  }
}
