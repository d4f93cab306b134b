package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tfdrift run} as its own process, stopped with a real SIGTERM while drift is still on its
 * way to a slow webhook: it stops accepting, delivers everything it accepted, and exits 0.
 */
class SigtermTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ALERTS = 8;

  @TempDir Path dir;

  @Test
  void sigtermDrainsAcceptedDriftToTheNotifiersAndExitsZero() throws Exception {
    AtomicInteger delivered = new AtomicInteger();
    // The receiver answers only once the test opens the gate, after the signal: deliveries are
    // still queued at SIGTERM however fast or slow this machine is.
    CountDownLatch gate = new CountDownLatch(1);
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/",
        e -> {
          try (e) {
            e.getRequestBody().readAllBytes();
            if (!gate.await(60, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the test never opened the gate");
            }
            delivered.incrementAndGet();
            e.sendResponseHeaders(204, -1);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        });
    webhook.start();
    int falcoPort = DaemonTest.freePort();
    int adminPort = DaemonTest.freePort();
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              local_path: %s
        falco:
          enabled: true
          listen: 127.0.0.1:%d
        server:
          listen: 127.0.0.1:%d
        notifications:
          webhook:
            url: http://127.0.0.1:%d/drift
            timeout: 60s
        # Every alert is delivered as it comes, without an inventory (which would notify one drift
        # once): this test is about the drain. OutboxCrashTest covers the inventory's delivery.
        store:
          type: none
        """
            .formatted(
                DEMO.resolve("terraform.tfstate").toAbsolutePath(),
                falcoPort,
                adminPort,
                webhook.getAddress().getPort()));
    Path log = dir.resolve("tfdrift.log");
    Process tfdrift =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--config",
                config.toString(),
                "--shutdown-timeout",
                "20s")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      awaitReady(http, adminPort, tfdrift);
      JsonNode record =
          JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records").get(0);
      for (int i = 0; i < ALERTS; i++) {
        ObjectNode alert = FalcoCommandsTest.alert(record);
        ((ObjectNode) alert.get("output_fields")).put("ct.id", "sigterm-" + i);
        HttpResponse<String> posted =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + falcoPort + "/api/v1/falco/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alert.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      }
      assertThat(delivered.get()).as("nothing delivered when the signal comes").isZero();

      tfdrift.destroy(); // SIGTERM
      // Shutdown closes the sources first: once the Falco port refuses, draining has begun.
      await("the Falco port closed by the shutdown")
          .atMost(Duration.ofSeconds(30))
          .until(() -> !listening(falcoPort));
      gate.countDown();
      assertThat(tfdrift.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
      assertThat(tfdrift.exitValue()).as(Files.readString(log)).isZero();
      assertThat(delivered.get()).isEqualTo(ALERTS);
      assertThat(Files.readString(log)).contains("tfdrift stopped (drained)");
    } finally {
      tfdrift.destroyForcibly();
      webhook.stop(0);
    }
  }

  /** Waits for {@code tfdrift run} in {@code p} to answer 200 on {@code /ready}. */
  static void awaitReady(HttpClient http, int port, Process p) {
    await("tfdrift ready")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(java.io.IOException.class)
        .failFast("tfdrift exited", () -> !p.isAlive())
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/ready"))
                                .build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
  }

  private static boolean listening(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }
}
