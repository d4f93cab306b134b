package io.tfdrift.runtime;

import io.tfdrift.core.plugin.PluginHealth;
import io.tfdrift.core.plugin.Plugins;
import io.tfdrift.core.registry.DiscoveredProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tfdrift plugins}: what discovery found, which plugin jars were left out and why, and with
 * {@code --config} whether each configured plugin starts.
 */
@Command(
    name = "plugins",
    description = {
      "Lists every discovered provider: kind, type, class, jar and version, and the jars of the",
      "plugins directory that could not be loaded, with the reason.",
      "With --config, also creates and initialises each configured plugin (without sending it",
      "any drift), reports whether it started, and closes it.",
      "Exit status: 0 when everything loads and starts, 1 otherwise."
    },
    mixinStandardHelpOptions = true)
final class PluginsCommand implements Callable<Integer> {
  private static final String ROW = "%-16s %-27s %-60s %-40s %s%n";

  @Option(
      names = "--config",
      description = "Configuration file: also start its plugins entries and report their health.")
  Path config;

  @Mixin PluginsDirOption pluginsDir = new PluginsDirOption();

  private final PrintStream out;

  PluginsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    try (Setup setup =
        Setup.load(Optional.ofNullable(config), pluginsDir.get(), config != null, false)) {
      return report(setup);
    }
  }

  private int report(Setup setup) {
    out.printf(ROW, "KIND", "TYPE", "CLASS", "JAR", "VERSION");
    for (DiscoveredProvider p : setup.registry().discovered()) {
      out.printf(ROW, p.kind(), p.type(), p.className(), p.jar(), p.version());
    }
    PluginDirectory dir = setup.plugins();
    out.println();
    out.println(
        dir.dir()
            .map(
                d ->
                    "plugins directory "
                        + d.toAbsolutePath()
                        + ": "
                        + dir.jars().size()
                        + " jars loaded, "
                        + dir.problems().size()
                        + " left out")
            .orElse(
                "no plugins directory (set --plugins-dir, plugins_dir or "
                    + PluginDirectory.ENV
                    + ")"));
    for (String problem : dir.problems()) {
      out.println("  left out: " + problem);
    }
    boolean healthy = dir.problems().isEmpty();
    if (config != null) {
      healthy &= reportConfigured(setup);
    }
    out.flush();
    return healthy ? 0 : 1;
  }

  /** Starts the configured plugins as the daemon would, without states or drift, and reports. */
  private boolean reportConfigured(Setup setup) {
    out.println();
    Plugins plugins = setup.components().plugins();
    plugins.init();
    try {
      List<PluginHealth> health = plugins.health();
      if (health.isEmpty()) {
        out.println("configured plugins: none enabled in " + config);
        return true;
      }
      out.println("configured plugins (" + config + "):");
      out.printf("%-27s %-15s %-10s %s%n", "NAME", "VERSION", "STATUS", "DETAIL");
      boolean allStarted = true;
      for (PluginHealth h : health) {
        boolean started = h.status() == PluginHealth.Status.HEALTHY;
        allStarted &= started;
        out.printf(
            "%-27s %-15s %-10s %s%n",
            h.name(),
            h.version(),
            started ? "ok" : h.status().label(),
            started ? "initialised" : h.lastError());
      }
      return allStarted;
    } finally {
      plugins.close(Duration.ofSeconds(10));
    }
  }
}
