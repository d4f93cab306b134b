package io.tfdrift.benchmarks.load;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code tfdrift run} replica as an operating-system process (the JVM options {@code
 * bin/tfdrift} uses, with a fixed heap), its output in {@code <name>.log}. Its CPU time is read
 * from {@code /proc} through {@link ProcessHandle} and kept at its last reading, so that a replica
 * killed with SIGKILL still counts what it used.
 */
final class Replica {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final String name;
  private final Process process;
  private final int adminPort;
  private volatile long cpuNanos;
  private volatile long baselineCpuNanos;
  private volatile boolean killed;

  private Replica(String name, Process process, int adminPort) {
    this.name = name;
    this.process = process;
    this.adminPort = adminPort;
  }

  /** The admin port a replica's configuration names; chosen before the process starts. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  static Replica start(String name, Path config, int adminPort, String heap, Path dir)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20",
            "-Xmx" + heap,
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            "io.tfdrift.runtime.Main",
            "run",
            "--config",
            config.toString()));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    // ElasticMQ accepts any key; the SDK wants one.
    builder.environment().putIfAbsent("AWS_ACCESS_KEY_ID", "scale-test");
    builder.environment().putIfAbsent("AWS_SECRET_ACCESS_KEY", "scale-test");
    Process p = builder.start();
    return new Replica(name, p, adminPort);
  }

  boolean killed() {
    return killed;
  }

  /** {@code /ready} answers 200: states loaded, sources started. */
  boolean ready() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          "replica " + name + " exited with " + process.exitValue() + " (see its log)");
    }
    try {
      HttpResponse<Void> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/ready"))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The sum of {@code tfdrift_audit_events_total} over its outcomes, -1 if unreachable. */
  long auditEvents() {
    try {
      String text =
          HTTP.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      double sum = 0;
      for (String line : text.split("\n")) {
        if (line.startsWith("tfdrift_audit_events_total{")) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      return (long) sum;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Reads its CPU time; a process that is gone keeps its last reading. */
  long sampleCpu() {
    process
        .toHandle()
        .info()
        .totalCpuDuration()
        .ifPresent(d -> cpuNanos = Math.max(cpuNanos, d.toNanos()));
    return cpuNanos;
  }

  /** Starts counting CPU from now (after start-up: state load, JIT of the start-up path). */
  void markBaseline() {
    baselineCpuNanos = sampleCpu();
  }

  /** CPU used since {@link #markBaseline()}. */
  long cpuSinceBaseline() {
    return cpuNanos - baselineCpuNanos;
  }

  /** SIGKILL: no shutdown hook, no drain, no commit. */
  void kill() throws InterruptedException {
    sampleCpu();
    killed = true;
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM and wait for the drain; forcibly after 30 s. */
  void stop() throws InterruptedException {
    if (!process.isAlive()) {
      return;
    }
    sampleCpu();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** The last lines of its log, for an error message. */
  String tail(Path dir) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve(name + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 8), lines.size()))
          .lines()
          .map(l -> l.length() > 300 ? l.substring(0, 300) + "…" : l)
          .reduce((a, b) -> a + "\n" + b)
          .orElse("");
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
