package io.tfdrift.runtime;

import io.tfdrift.api.SourceException;
import io.tfdrift.core.assembly.Assembly;
import io.tfdrift.core.config.ConfigSection;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfdrift run}: the daemon, until SIGTERM or SIGINT. */
@Command(
    name = "run",
    description = {
      "Runs the daemon: receives audit events, detects drift, notifies.",
      "Stops on SIGTERM/SIGINT: stops accepting, drains queues and notifiers, exits 0."
    },
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file.")
  Path config;

  @Option(
      names = "--shutdown-timeout",
      description = "How long to drain on shutdown (default 30s).",
      defaultValue = "30s")
  String shutdownTimeout = "30s";

  @Mixin PluginsDirOption pluginsDir = new PluginsDirOption();

  private final PrintStream err;

  RunCommand(PrintStream err) {
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    Duration deadline =
        ConfigSection.of("--shutdown-timeout", java.util.Map.of("value", shutdownTimeout))
            .duration("value", Duration.ofSeconds(30));
    Setup setup =
        Setup.load(Optional.of(config), pluginsDir.get(), Assembly.Scope.DAEMON, List.of());
    Daemon daemon;
    try {
      setup.warnings().forEach(w -> err.println("warning: " + w));
      Daemon.requireSources(setup.components());
      Logging.apply(setup.logging(), System.getenv());
      daemon = new Daemon(setup);
    } catch (IOException | RuntimeException e) {
      setup.close();
      throw e;
    }
    try {
      daemon.start();
    } catch (SourceException | RuntimeException e) {
      daemon.stop(Duration.ZERO);
      throw e;
    }
    // Registered once running: a failed start must keep its exit status 1.
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  boolean drained = daemon.stop(deadline);
                  stopped.countDown();
                  // A drained shutdown on SIGTERM is a success: exit 0, not the signal's 143.
                  Runtime.getRuntime().halt(drained ? 0 : 1);
                },
                "tfdrift-shutdown"));
    err.println(
        "tfdrift running; admin on port " + daemon.adminPort() + " (/healthz, /ready, /metrics)");
    stopped.await();
    return 0;
  }
}
