package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tfdrift run} as its own process with the SQLite inventory, killed with SIGKILL while its
 * notifications hang on a webhook that never answers, then started again: every committed drift is
 * delivered once (a delivery counts once the peer answered it), and the outbox ends empty — after
 * which nothing can be delivered again.
 */
class OutboxCrashTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyCommittedDriftIsDeliveredOnceAfterAKillNine() throws Exception {
    Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    AtomicInteger hung = new AtomicInteger();
    AtomicBoolean hanging = new AtomicBoolean(true);
    CountDownLatch end = new CountDownLatch(1);
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    webhook.createContext(
        "/",
        e -> {
          try (e) {
            JsonNode drift = JSON.readTree(e.getRequestBody().readAllBytes());
            if (hanging.get()) {
              hung.incrementAndGet();
              end.await(120, TimeUnit.SECONDS); // never answered: the process dies meanwhile
              return;
            }
            answered
                .computeIfAbsent(drift.at("/lifecycle/key").asText(), k -> new AtomicInteger())
                .incrementAndGet();
            e.sendResponseHeaders(204, -1);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
        });
    webhook.start();
    int falcoPort = DaemonTest.freePort();
    int adminPort = DaemonTest.freePort();
    Path store = dir.resolve("drifts.db");
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
        store:
          path: %s
          lease: 3s
        """
            .formatted(
                DEMO.resolve("terraform.tfstate").toAbsolutePath(),
                falcoPort,
                adminPort,
                webhook.getAddress().getPort(),
                store));
    HttpClient http = HttpClient.newHttpClient();
    Process first = start(config, dir.resolve("first.log"));
    Process second = null;
    try {
      SigtermTest.awaitReady(http, adminPort, first);
      JsonNode records = JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records");
      for (JsonNode record : records) {
        if (!record.at("/userIdentity/userName").isTextual()) {
          continue; // the alert fixture follows Falco's extraction for IAM users
        }
        HttpResponse<String> posted =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + falcoPort + "/api/v1/falco/events"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            FalcoCommandsTest.alert(record).toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      }
      await("every drift committed, its notification in the outbox, one delivery hanging")
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                int drifts = total(http, adminPort);
                return hung.get() > 0 && drifts >= 3 && drifts == outbox(store);
              });
      int committed = total(http, adminPort);
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown hook runs
      assertThat(answered).as("nothing answered before the kill").isEmpty();

      hanging.set(false);
      second = start(config, dir.resolve("second.log"));
      await("every committed notification delivered and the outbox empty")
          .atMost(Duration.ofSeconds(60))
          .until(() -> answered.size() == committed && outbox(store) == 0);
      assertThat(answered.values())
          .as("each drift delivered once")
          .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      assertThat(total(http, adminPort)).as("the inventory survived the kill").isEqualTo(committed);
    } finally {
      end.countDown();
      first.destroyForcibly();
      if (second != null) {
        second.destroyForcibly();
      }
      webhook.stop(0);
    }
  }

  private static Process start(Path config, Path log) throws java.io.IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--config",
            config.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  /** Drifts in the inventory, through the API. */
  private static int total(HttpClient http, int port) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/drifts"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("total").asInt();
  }

  /** Notifications in the outbox, read from the SQLite file itself. */
  private static int outbox(Path store) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM outbox")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
