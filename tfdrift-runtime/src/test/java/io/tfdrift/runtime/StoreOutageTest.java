package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift store goes away under a running daemon: nothing is dropped. The worker keeps its event
 * and retries, the bounded queue fills, Falco gets 503 with {@code Retry-After}, {@code /ready}
 * says why and the failures are counted; when the store is back everything accepted is recorded and
 * notified, and alerts are accepted again, without a restart.
 */
class StoreOutageTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private Daemon daemon;

  @AfterEach
  void stop() {
    FlakyStoreProvider.DOWN.set(false);
    if (daemon != null) {
      daemon.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void detectionHoldsBackWhileTheStoreIsDownAndRecoversByItself() throws Exception {
    int falcoPort = DaemonTest.freePort();
    Path out = dir.resolve("drift.jsonl");
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              name: demo
              local_path: %s
        falco:
          enabled: true
          listen: 127.0.0.1:%d
        server:
          listen: 127.0.0.1:0
        performance:
          event_worker_count: 1
          queue_capacity: 1
        notifications:
          jsonl:
            path: %s
        store:
          type: flaky
        """
            .formatted(DEMO.resolve("terraform.tfstate"), falcoPort, out));
    daemon = new Daemon(Setup.load(Optional.of(config), true, true));
    daemon.start();
    List<JsonNode> alerts = new ArrayList<>();
    for (JsonNode record : JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records")) {
      if (record.at("/userIdentity/userName").isTextual()) {
        alerts.add(FalcoCommandsTest.alert(record));
      }
    }

    FlakyStoreProvider.DOWN.set(true);
    List<JsonNode> refused = new ArrayList<>();
    int accepted = 0;
    for (JsonNode alert : alerts) {
      HttpResponse<String> r = post(falcoPort, alert);
      if (r.statusCode() == 503) {
        assertThat(r.headers().firstValue("Retry-After")).isPresent();
        refused.add(alert);
      } else {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        accepted++;
      }
    }
    assertThat(refused).as("the queue filled behind the stuck worker").isNotEmpty();
    assertThat(accepted).isPositive();
    HttpResponse<String> ready =
        await("/ready says the store is down")
            .atMost(Duration.ofSeconds(30))
            .until(() -> get("/ready"), r -> r.statusCode() == 503);
    assertThat(JSON.readTree(ready.body()).at("/checks/store/message").asText())
        .contains("connection refused")
        .contains("drift is kept and retried");
    assertThat(get("/metrics").body()).containsPattern("tfdrift_store_failures_total [1-9]");
    assertThat(Files.exists(out) ? Files.readAllLines(out) : List.of()).isEmpty();

    FlakyStoreProvider.DOWN.set(false);
    await("ready again")
        .atMost(Duration.ofSeconds(30))
        .until(() -> get("/ready").statusCode() == 200);
    for (JsonNode alert : refused) {
      await("a refused alert accepted once the store is back")
          .atMost(Duration.ofSeconds(30))
          .until(() -> post(falcoPort, alert).statusCode() == 202);
    }
    List<String> drift = DaemonTest.awaitLines(out, 3);
    assertThat(drift)
        .extracting(l -> JSON.readTree(l).at("/lifecycle/transition").asText())
        .containsOnly("opened");
  }

  private HttpResponse<String> post(int port, JsonNode alert) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/falco/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(alert.toString()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.adminPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
