package io.tfdrift.runtime;

import io.tfdrift.api.SourceException;
import io.tfdrift.core.assembly.Assembly;
import io.tfdrift.core.config.ConfigSection;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tfdrift demo}: the daemon on the demo state with an inventory in a temporary directory,
 * fed the demo log through its Falco receiver and then a trickle of demo calls, so a new user sees
 * the dashboard with drift in one command.
 */
@Command(
    name = "demo",
    description = {
      "Runs the daemon on demo data and prints the dashboard's address.",
      "The daemon runs on the demo Terraform state with a drift inventory (SQLite) in a",
      "temporary directory; the demo CloudTrail log is replayed through its Falco receiver and",
      "a trickle of demo calls keeps coming. Ctrl-C stops it and deletes the directory."
    },
    mixinStandardHelpOptions = true)
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "The admin port: dashboard, API, /metrics (default 8080; 0 picks a free one).")
  int port;

  @Option(
      names = "--every",
      defaultValue = "10s",
      description = "How often a demo call trickles in (default 10s; 0 for none).")
  String every;

  @Option(names = "--duration", description = "Stop after this long (default: run until Ctrl-C).")
  String duration;

  private final PrintStream out;
  private final PrintStream err;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  DemoCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    Duration interval = duration("--every", every, Duration.ofSeconds(10));
    Optional<Duration> stopAfter =
        duration == null ? Optional.empty() : Optional.of(duration("--duration", duration, null));
    Path dir = Files.createTempDirectory("tfdrift-demo-");
    Daemon daemon;
    int falcoPort = freePort();
    try {
      Path config = writeConfig(dir, falcoPort);
      Setup setup =
          Setup.load(Optional.of(config), Optional.empty(), Assembly.Scope.DAEMON, List.of());
      try {
        setup.warnings().forEach(w -> err.println("warning: " + w));
        Logging.apply(setup.logging(), System.getenv());
        daemon = new Daemon(setup);
      } catch (java.net.BindException e) {
        setup.close();
        throw new IOException(
            "port "
                + port
                + " is in use (another tfdrift, or another server): pass --port N, or --port 0"
                + " for any free port");
      } catch (IOException | RuntimeException e) {
        setup.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      delete(dir);
      throw e;
    }
    ScheduledExecutorService trickle =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tfdrift-demo-trickle");
              t.setDaemon(true);
              return t;
            });
    Runnable shutdown =
        () -> {
          trickle.shutdownNow();
          daemon.stop(Duration.ofSeconds(10));
          delete(dir);
        };
    try {
      daemon.start();
    } catch (SourceException | RuntimeException e) {
      shutdown.run();
      throw e;
    }
    String admin = "http://127.0.0.1:" + daemon.adminPort();
    DemoFeed feed =
        new DemoFeed(URI.create("http://127.0.0.1:" + falcoPort + "/api/v1/falco/events"));
    Clock clock = Clock.systemUTC();
    int replayed;
    try {
      replayed = feed.replay(clock.instant(), 7);
    } catch (IOException | InterruptedException | RuntimeException e) {
      shutdown.run();
      throw e;
    }
    out.println(
        "TFDrift demo: the daemon runs on the demo state " + dir.resolve("terraform.tfstate"));
    out.println(
        "  replayed the demo CloudTrail log (" + replayed + " calls, re-dated to the past week)");
    out.println("  drift inventory: " + dir.resolve("drift.db") + " (deleted when the demo stops)");
    out.println();
    out.println("  dashboard:  " + admin + "/ui/");
    out.println(
        "  API:        " + admin + "/api/v1/drifts   (tfdrift drifts list --server " + admin + ")");
    out.println("  write token (to acknowledge or resolve): " + WRITE_TOKEN);
    out.println();
    if (!interval.isZero()) {
      out.println("A demo call trickles in every " + every + "; Ctrl-C stops the demo.");
      trickle.scheduleWithFixedDelay(
          () -> {
            try {
              out.println("  demo call: " + feed.next(clock.instant()));
            } catch (IOException | RuntimeException e) {
              err.println("warning: a demo call was not delivered: " + e.getMessage());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          },
          interval.toMillis(),
          interval.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    out.flush();
    CountDownLatch done = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean interrupted =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread hook =
        new Thread(
            () -> {
              interrupted.set(true);
              stop();
              try {
                done.await(15, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tfdrift-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      if (stopAfter.isPresent()) {
        stopRequested.await(stopAfter.get().toMillis(), TimeUnit.MILLISECONDS);
      } else {
        stopRequested.await();
      }
    } finally {
      shutdown.run();
      done.countDown();
    }
    if (!interrupted.get()) {
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    out.println("TFDrift demo stopped; " + dir + " deleted.");
    out.flush();
    return 0;
  }

  /** Asks a running demo to stop (Ctrl-C does the same); it stops the daemon and cleans up. */
  void stop() {
    stopRequested.countDown();
  }

  /** The demo's write token: it guards a throw-away inventory on a loopback port. */
  static final String WRITE_TOKEN = "demo-write-token";

  private Path writeConfig(Path dir, int falcoPort) throws IOException {
    Path state = dir.resolve("terraform.tfstate");
    Files.write(state, DemoFeed.state());
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        # Written by tfdrift demo.
        providers:
          aws:
            enabled: true
            state:
              backend: local
              local_path: %s
        falco:
          enabled: true
          transport: http
          listen: 127.0.0.1:%d
        server:
          listen: 127.0.0.1:%d
          write_token: %s
        store:
          type: sqlite
          path: %s
        logging:
          level: warn
        notifications:
          jsonl:
            path: %s
        """
            .formatted(
                quoted(state),
                falcoPort,
                port,
                WRITE_TOKEN,
                quoted(dir.resolve("drift.db")),
                quoted(dir.resolve("drift.jsonl"))));
    return config;
  }

  private static String quoted(Path p) {
    return "'" + p.toAbsolutePath().toString().replace("'", "''") + "'";
  }

  private static Duration duration(String option, String value, Duration otherwise) {
    if (value.strip().equals("0")) {
      return Duration.ZERO;
    }
    return ConfigSection.of(option, java.util.Map.of("value", value)).duration("value", otherwise);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory left behind is harmless; the OS cleans it.
    }
  }
}
