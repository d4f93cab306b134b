package io.tfdrift.benchmarks.load;

import io.tfdrift.benchmarks.Fixtures;
import io.tfdrift.benchmarks.IndexFootprint;
import io.tfdrift.runtime.Main;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts the {@code tfdrift} daemon in-process ({@code tfdrift run}, Falco HTTP receiver on
 * loopback, a generated local state, the {@code load-recorder} notifier), then replays Falco alerts
 * over keep-alive connections: a warm-up, a max-throughput phase (closed loop: every connection
 * sends its next alert as soon as the previous one is answered) and a fixed-rate phase (open loop:
 * alert {@code k} is due at {@code k / rate} seconds, and its latency counts from then, so that a
 * stalled sender cannot hide queueing). Latency is alert sent (or due) → its DriftEvent handed to
 * the notifier; heap and RSS are sampled every 100 ms; CPU is the process's (daemon and driver
 * share it).
 *
 * <p>Mix, by alert number: 40 % a managed instance's type changed ({@code ModifyInstanceAttribute}
 * → {@code modified}), 20 % a new instance ({@code RunInstances} → {@code unmanaged}), 30 % a call
 * no mapping knows ({@code ssm SendCommand}), 10 % a GCP call without a GCP state. Exits 1 if an
 * alert is refused or a drift is missing or unexpected; missed targets are reported, not failed.
 */
public final class LoadDriver {
  private static final PrintStream OUT = System.out;
  private static final double MS = 1_000_000.0;
  private static final double MB = 1024.0 * 1024.0;
  private static final int SMOKE_FLOOR = 100;

  private final LoadOptions options;
  private final List<String> failures = new ArrayList<>();
  private AlertTemplate[] templates;
  private InetSocketAddress receiver;
  private long nextSeq;

  private LoadDriver(LoadOptions options) {
    this.options = options;
  }

  /**
   * Runs the driver.
   *
   * @param args see {@code --help}
   * @throws Exception if the daemon cannot be started
   */
  public static void main(String[] args) throws Exception {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(LoadOptions.USAGE);
      System.exit(2);
      return;
    }
    boolean ok = new LoadDriver(options).run();
    OUT.flush();
    System.err.flush();
    if (!ok) {
      // `tfdrift run` exits through its shutdown hook with the drain's status; a failed run must
      // not be reported as a success by it.
      Runtime.getRuntime().halt(1);
    }
    System.exit(0); // the hook drains and stops the daemon
  }

  private boolean run() throws Exception {
    OUT.println("tfdrift load driver: " + options.describe());
    OUT.println(machine());
    Path dir = Files.createTempDirectory("tfdrift-load");
    Path state = dir.resolve("terraform.tfstate");
    Files.write(state, Fixtures.state(options.resources()));
    int falcoPort = freePort();
    int adminPort = freePort();
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(config, config(state, falcoPort, adminPort));
    receiver = new InetSocketAddress(InetAddress.getLoopbackAddress(), falcoPort);
    String host = "127.0.0.1:" + falcoPort;
    templates =
        new AlertTemplate[] {
          AlertTemplate.load("managed-modified", host),
          AlertTemplate.load("unmanaged", host),
          AlertTemplate.load("irrelevant-aws", host),
          AlertTemplate.load("irrelevant-gcp", host)
        };

    long started = System.nanoTime();
    Thread daemon =
        new Thread(
            () -> Main.run(new String[] {"run", "--config", config.toString()}, OUT, System.err),
            "tfdrift-run");
    daemon.setDaemon(true);
    daemon.start();
    awaitReady(adminPort, daemon);
    awaitListening(receiver);
    OUT.printf(
        Locale.ROOT,
        "daemon ready in %.2f s (state of %,d resources, %.1f MB, loaded and indexed)%n",
        (System.nanoTime() - started) / 1e9,
        options.resources(),
        Files.size(state) / MB);
    Files.delete(state);

    ProcessSampler sampler = ProcessSampler.start();
    if (options.warmup() > 0) {
      phase("warm-up", options.warmup(), options.maxConnections(), 0);
    }
    List<PhaseResult> results = new ArrayList<>();
    if (options.maxAlerts() > 0) {
      sampler.reset();
      results.add(
          phase("max throughput", options.maxAlerts(), options.maxConnections(), 0)
              .withSamples(sampler));
    }
    if (options.rateSeconds() > 0) {
      sampler.reset();
      int alerts = (int) Math.min(Integer.MAX_VALUE, (long) options.rate() * options.rateSeconds());
      results.add(
          phase("fixed rate", alerts, options.rateConnections(), options.rate())
              .withSamples(sampler));
    }
    sampler.stop();
    long retained = IndexFootprint.settledUsedHeap();
    report(results, retained);
    if (LatencyRecorder.INSTANCE.unexpected() > 0) {
      failures.add(LatencyRecorder.INSTANCE.unexpected() + " DriftEvents of no alert of a run");
    }
    failures.forEach(f -> OUT.println("FAILED: " + f));
    return failures.isEmpty();
  }

  private String config(Path state, int falcoPort, int adminPort) {
    return """
        providers:
          aws:
            state:
              name: load
              local_path: %s
        falco:
          enabled: true
          transport: http
          listen: 127.0.0.1:%d
        server:
          listen: 127.0.0.1:%d
        performance:
          event_worker_count: %d
        logging:
          level: warn
        notifications:
          %s: {}
        store:
        %s
        """
        .formatted(
            state,
            falcoPort,
            adminPort,
            options.workers(),
            RecordingNotifierProvider.TYPE,
            store(state.getParent()));
  }

  /** The {@code store} section's keys, indented. */
  private String store(Path dir) {
    return switch (options.store()) {
      case "none" -> "  type: none";
      case "sqlite" -> "  path: " + dir.resolve("drifts.db");
      default -> "  type: postgres\n  url: \"" + options.store() + "\"";
    };
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Polls {@code /ready}: 200 once the state is indexed and the receiver listens. */
  private static void awaitReady(int adminPort, Thread daemon) throws Exception {
    URI ready = URI.create("http://127.0.0.1:" + adminPort + "/ready");
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!daemon.isAlive()) {
        throw new IllegalStateException("tfdrift run stopped before it was ready (see above)");
      }
      try {
        HttpURLConnection c = (HttpURLConnection) ready.toURL().openConnection();
        c.setConnectTimeout(1_000);
        c.setReadTimeout(5_000);
        int status = c.getResponseCode();
        c.disconnect();
        if (status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // the admin server is not listening yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the daemon was not ready after 300 s");
  }

  /**
   * Waits until the receiver accepts connections: {@code /ready} can answer 200 just before the
   * daemon's first term has started its sources (it counts a daemon that does not lead yet as a
   * ready standby), and a phase that starts then fails on "connection refused".
   */
  private static void awaitListening(InetSocketAddress receiver) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try (java.net.Socket probe = new java.net.Socket()) {
        probe.connect(receiver, 1_000);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the Falco receiver did not listen on " + receiver);
        }
        Thread.sleep(20);
      }
    }
  }

  /** What alert {@code seq} is; see the class comment for the mix. */
  private AlertTemplate template(long seq) {
    int slot = (int) (seq % 10);
    if (slot < 4) {
      return templates[0];
    }
    if (slot < 6) {
      return templates[1];
    }
    return slot < 9 ? templates[2] : templates[3];
  }

  private static boolean expectsDrift(long seq) {
    return seq % 10 < 6;
  }

  /** The instance id number of alert {@code seq}: a managed instance, or a new one. */
  private long instance(long seq) {
    if (seq % 10 >= 4) {
      return 0x1_0000_0000_0000L + seq; // RunInstances: an id no state holds
    }
    // Every tenth resource of the generated state is not an instance: the k-th instance is
    // resource k + k / 9. Consecutive alerts walk the instances in a stride coprime with their
    // count, so no instance is hit twice before all were (each drift is a new one for a store).
    int instances = options.resources() - options.resources() / 10;
    long stride = instances % 7_919 == 0 ? 7_907 : 7_919; // both prime
    int k = (int) Math.floorMod(seq * stride, (long) instances);
    int i = k + k / 9;
    return Long.parseLong(Fixtures.instanceId(i).substring(2), 16);
  }

  private PhaseResult phase(String name, int alerts, int connections, int rate)
      throws InterruptedException {
    long base = nextSeq;
    nextSeq += alerts;
    int expected = 0;
    for (long s = base; s < base + alerts; s++) {
      expected += expectsDrift(s) ? 1 : 0;
    }
    LatencyRecorder.Run run = LatencyRecorder.INSTANCE.start(base, alerts);
    AtomicInteger next = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger retries = new AtomicInteger();
    AtomicLong lastResponse = new AtomicLong();
    AtomicLong senderCpu = new AtomicLong();
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    long cpuBefore = ProcessSampler.processCpuNanos();
    Map<String, Long> threadsBefore = ThreadCpu.byRole();
    long start = System.nanoTime() + 1_000_000; // every sender is running by then
    List<Thread> senders = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      Thread t =
          new Thread(
              () -> {
                send(base, alerts, rate, start, next, run, refused, retries, lastResponse, errors);
                senderCpu.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
              },
              "load-sender-" + c);
      senders.add(t);
      t.start();
    }
    for (Thread t : senders) {
      t.join();
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (run.delivered() < expected && System.nanoTime() < deadline && errors.isEmpty()) {
      Thread.sleep(1);
    }
    Thread.sleep(options.smoke() ? 200 : 50); // late duplicates, if any, would show now
    long end = Math.max(lastResponse.get(), run.lastDeliveryNanos());
    long cpu = ProcessSampler.processCpuNanos() - cpuBefore;
    Map<String, Long> threadsAfter = ThreadCpu.byRole();
    // The senders have ended, and /proc no longer lists them: they reported their own CPU time.
    threadsAfter.merge(ThreadCpu.SENDERS, senderCpu.get(), Long::sum);
    String cpuByRole = ThreadCpu.describe(threadsBefore, threadsAfter, alerts);
    PhaseResult r =
        new PhaseResult(
            name,
            alerts,
            connections,
            rate,
            end - start,
            expected,
            run.delivered(),
            run.duplicates() + run.foreign(),
            refused.get(),
            retries.get(),
            cpu,
            latencies(run.latencies()),
            cpuByRole,
            0,
            0);
    if (!errors.isEmpty()) {
      failures.add(name + ": " + errors.get(0));
    }
    if (r.delivered() != expected) {
      failures.add(name + ": " + (expected - r.delivered()) + " of " + expected + " drift missing");
    }
    if (r.unexpected() > 0) {
      failures.add(name + ": " + r.unexpected() + " duplicate or foreign DriftEvents");
    }
    if (r.refused() > 0) {
      failures.add(name + ": " + r.refused() + " alerts refused (not 202)");
    }
    // Not a performance target (that is the full run's job) but a stall detector: a receiver that
    // holds answers back (Nagle against delayed ACKs: ~22 alerts/s per connection) fails here,
    // more than ten times below what a cold JVM does on a busy two-core machine.
    if (options.smoke() && rate == 0 && r.alertsPerSecond() < SMOKE_FLOOR) {
      failures.add(
          String.format(
              Locale.ROOT,
              "%s: %.0f alerts/s, below the smoke floor of %d: answers are being held back",
              name,
              r.alertsPerSecond(),
              SMOKE_FLOOR));
    }
    return r;
  }

  private void send(
      long base,
      int alerts,
      int rate,
      long start,
      AtomicInteger next,
      LatencyRecorder.Run run,
      AtomicInteger refused,
      AtomicInteger retries,
      AtomicLong lastResponse,
      List<String> errors) {
    int longest = Arrays.stream(templates).mapToInt(AlertTemplate::length).max().orElseThrow();
    byte[] buffer = new byte[longest];
    try (FalcoConnection connection = new FalcoConnection(receiver)) {
      int k;
      while ((k = next.getAndIncrement()) < alerts && errors.isEmpty()) {
        long seq = base + k;
        AlertTemplate template = template(seq);
        template.render(seq, instance(seq), buffer);
        long due = start + (rate == 0 ? 0 : (long) (k * (1e9 / rate)));
        waitUntil(due);
        run.sent(k, rate == 0 ? System.nanoTime() : due);
        int status = connection.post(buffer, template.length());
        while (status == 503) {
          retries.incrementAndGet(); // back-pressure: the queue is full; Retry-After says 1 s
          LockSupport.parkNanos(1_000_000);
          status = connection.post(buffer, template.length());
        }
        if (status != 202) {
          refused.incrementAndGet();
          errors.add("HTTP " + status + " for " + template.name() + ": " + connection.lastBody());
        }
      }
    } catch (IOException e) {
      errors.add("connection failed: " + e);
    } finally {
      lastResponse.accumulateAndGet(System.nanoTime(), Math::max);
    }
  }

  private static void waitUntil(long due) {
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      if (wait > 100_000) {
        LockSupport.parkNanos(wait - 50_000);
      } else {
        Thread.onSpinWait();
      }
    }
  }

  /** The latencies of the alerts that produced drift, sorted. */
  private static long[] latencies(long[] all) {
    return Arrays.stream(all).filter(l -> l > 0).sorted().toArray();
  }

  private void report(List<PhaseResult> results, long retainedHeap) {
    OUT.println();
    for (PhaseResult r : results) {
      OUT.println(r.describe());
    }
    OUT.printf(
        Locale.ROOT, "heap retained after the run (settled full GC): %.0f MB%n", retainedHeap / MB);
    if (options.smoke()) {
      return;
    }
    OUT.println();
    OUT.println(
        "targets (issue 'Benchmarks and load'; upstream's large load goal for comparison):");
    for (PhaseResult r : results) {
      if (r.rate() == 0) {
        OUT.printf(
            Locale.ROOT,
            "  >= 20,000 alerts/s sustained: %,.0f alerts/s -> %s%n",
            r.alertsPerSecond(),
            r.alertsPerSecond() >= 20_000 ? "met" : "MISSED");
      } else {
        OUT.printf(
            Locale.ROOT,
            "  p99 < 10 ms at %,d alerts/s: p99 %.2f ms -> %s%n",
            r.rate(),
            r.percentile(0.99) / MS,
            r.rate() >= 5_000 && r.percentile(0.99) < 10 * MS ? "met" : "MISSED");
      }
      OUT.printf(
          Locale.ROOT,
          "  upstream large goal (10,000 events/min = 167/s, p95 < 1 s, 50,000 resources): %s"
              + " handles %.0fx the rate at p95 %.2f ms%n",
          r.name(),
          r.alertsPerSecond() / (10_000 / 60.0),
          r.percentile(0.95) / MS);
    }
  }

  private static String machine() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "JVM %s %s, %d CPUs, max heap %.0f MB, %s",
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        rt.availableProcessors(),
        rt.maxMemory() / MB,
        ManagementFactory.getRuntimeMXBean().getInputArguments());
  }
}
