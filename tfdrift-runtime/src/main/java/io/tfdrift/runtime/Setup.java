package io.tfdrift.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.core.config.ConfigLoader;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.config.EngineAssembly;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every command starts from: the discovered providers and, when a file is given, the validated
 * configuration. Configuration problems are collected across all sections.
 *
 * @param registry the discovered providers
 * @param root the configuration's root section (empty without a file)
 * @param engine the engine's settings
 * @param warnings things worth telling the user that are not errors
 * @param plugins the plugins directory whose jars the registry includes
 */
record Setup(
    ProviderRegistry registry,
    ComponentConfig root,
    EngineSettings engine,
    List<String> warnings,
    PluginDirectory plugins) {

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

  /**
   * Loads and validates a configuration, or the built-in defaults without one.
   *
   * @param config the file, if any
   * @param pluginsDir {@code --plugins-dir}, if given
   * @param daemonSections whether to validate the daemon's sections too ({@code run}, {@code
   *     validate}); otherwise they are skipped, except {@code notifications} and {@code
   *     performance} when {@code notify} is set
   * @param notify whether the command delivers to the configured notifiers
   */
  static Setup load(
      Optional<Path> config, Optional<Path> pluginsDir, boolean daemonSections, boolean notify) {
    if (config.isEmpty()) {
      PluginDirectory plugins = plugins(pluginsDir, Optional.empty());
      ProviderRegistry registry = plugins.registry(Setup.class.getClassLoader());
      ComponentConfig empty = ConfigSection.of("", Map.of());
      return new Setup(registry, empty, EngineSettings.read(empty), leftOut(plugins), plugins);
    }
    ConfigLoader.Loaded loaded = ConfigLoader.load(config.get(), System.getenv());
    PluginDirectory plugins = plugins(pluginsDir, configuredPluginsDir(loaded));
    ProviderRegistry registry = plugins.registry(Setup.class.getClassLoader());
    List<String> problems = new ArrayList<>();
    Map<String, SecretResolver> secrets = secretResolvers(registry, loaded, problems);
    ConfigSection root = loaded.root(secrets);
    root.skip("secrets");
    try {
      root.string("plugins_dir", "");
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    EngineSettings engine = EngineSettings.read(root, problems);
    if (daemonSections) {
      try {
        RuntimeSettings.read(root, registry);
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    } else {
      for (String section :
          List.of(
              "falco",
              "server",
              "logging",
              "performance",
              "high_availability",
              "notifications",
              "plugins",
              "sources")) {
        if (!notify || !(section.equals("notifications") || section.equals("performance"))) {
          root.skip(section);
        }
      }
      if (notify) {
        try {
          dispatcher(registry, root, new SimpleMeterRegistry()).close(java.time.Duration.ZERO);
        } catch (ConfigException e) {
          problems.addAll(e.problems());
        }
      }
    }
    Setup setup = new Setup(registry, root, engine, List.of(), plugins);
    try {
      setup.assemble(engine, new SimpleMeterRegistry()).close();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    problems.addAll(root.unknownKeys());
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.stream().distinct().toList());
    }
    List<String> warnings = new ArrayList<>(leftOut(plugins));
    for (String name : loaded.ignoredOverrides()) {
      warnings.add("environment variable " + name + " names no configuration key; it is ignored");
    }
    return new Setup(registry, root, engine, warnings, plugins);
  }

  private static Optional<String> configuredPluginsDir(ConfigLoader.Loaded loaded) {
    Object dir = loaded.tree().get("plugins_dir");
    return dir instanceof String s ? Optional.of(s) : Optional.empty();
  }

  private static List<String> leftOut(PluginDirectory plugins) {
    return plugins.problems().stream().map(p -> "plugin jar left out: " + p).toList();
  }

  private static Map<String, SecretResolver> secretResolvers(
      ProviderRegistry registry, ConfigLoader.Loaded loaded, List<String> problems) {
    Map<String, SecretResolver> out =
        new HashMap<>(io.tfdrift.core.secrets.BuiltInSecrets.RESOLVERS);
    registry
        .all(ProviderKind.SECRET_RESOLVER)
        .forEach(
            (scheme, provider) -> {
              ConfigSection section =
                  ConfigSection.of(
                      "secrets." + scheme, new LinkedHashMap<>(loaded.secretSettings(scheme)));
              try {
                out.put(scheme, provider.create(section));
                problems.addAll(section.unknownKeys());
              } catch (ConfigException e) {
                problems.addAll(e.problems());
              }
            });
    return out;
  }

  /** The dispatcher of {@code notifications}, sized by {@code performance}. */
  static io.tfdrift.core.notify.Dispatcher dispatcher(
      ProviderRegistry registry, ComponentConfig root, MeterRegistry meters) {
    ComponentConfig performance = root.child("performance");
    return io.tfdrift.core.notify.Notifications.dispatcher(
        root.child("notifications"),
        registry,
        performance.integer("notifier_workers", 3),
        performance.integer("queue_capacity", 10_000),
        meters);
  }

  /**
   * Builds the engine with the given states (the configured ones plus {@code --state}). {@link
   * #load} builds it once to validate, so that backends have read their keys before unknown keys
   * are reported, and every problem comes in one go.
   */
  EngineAssembly assemble(EngineSettings settings, MeterRegistry meters) {
    return EngineAssembly.build(
        settings, registry, root.child("mappers"), meters, Clock.systemUTC());
  }
}
