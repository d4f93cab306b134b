package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon started in-process on ephemeral loopback ports with the demo state and a jsonl
 * notifier: Falco alerts POSTed to the receiver come out as drift lines; /ready, /healthz and
 * /metrics answer; stopping drains.
 */
class DaemonTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  private Daemon daemon;

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.stop(Duration.ofSeconds(5));
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Path config(String state, int falcoPort, Path out) throws Exception {
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
          transport: http
          listen: 127.0.0.1:%d
        server:
          listen: 127.0.0.1:0
        performance:
          event_worker_count: 2
        notifications:
          jsonl:
            path: %s
        store:
          path: %s
        """
            .formatted(state, falcoPort, out, dir.resolve("drifts.db")));
    return config;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.adminPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The first {@code count} complete lines of a JSON lines file, once it has them. A line counts
   * once its newline is written: the notifier may be writing the next one while this reads.
   */
  static List<String> awaitLines(Path file, int count) {
    return await(count + " drift lines in " + file)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> completeLines(file), lines -> lines.size() >= count);
  }

  private static List<String> completeLines(Path file) throws java.io.IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text = Files.readString(file);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : text.substring(0, end).lines().filter(l -> !l.isBlank()).toList();
  }

  @Test
  void turnsPostedFalcoAlertsIntoDriftAndReportsItsHealth() throws Exception {
    int falcoPort = freePort();
    Path out = dir.resolve("drift.jsonl");
    daemon =
        new Daemon(
            Setup.load(
                Optional.of(config(DEMO.resolve("terraform.tfstate").toString(), falcoPort, out)),
                true,
                true));
    daemon.start();

    HttpResponse<String> ready = get("/ready");
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(JSON.readTree(ready.body()).at("/checks/states/demo/resources").asInt())
        .isEqualTo(7);
    assertThat(get("/healthz").statusCode()).isEqualTo(200);

    JsonNode records = JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records");
    for (int i : new int[] {0, 3}) {
      HttpResponse<String> posted =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + falcoPort + "/api/v1/falco/events"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          FalcoCommandsTest.alert(records.get(i)).toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    }

    List<String> drift = awaitLines(out, 2);
    assertThat(drift)
        .extracting(l -> JSON.readTree(l).at("/resource/address").asText())
        .containsExactlyInAnyOrder("aws_instance.web", "aws_s3_bucket_policy.assets");

    // The jsonl line is written before the notification is counted: wait for the counters.
    await("the delivery counted")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(get("/metrics").body())
                    .contains(
                        "tfdrift_notifications_total{notifier=\"jsonl\",outcome=\"sent\"} 2.0"));
    String metrics = get("/metrics").body();
    assertThat(metrics)
        .contains("tfdrift_events_total{severity=\"high\"} 1.0")
        .contains("tfdrift_events_total{severity=\"critical\"} 1.0")
        .contains("tfdrift_events_by_type{type=\"aws_instance\"} 1.0")
        .contains("tfdrift_detection_latency_seconds{quantile=\"0.99\"}")
        .contains("tfdrift_detection_latency_histogram_seconds_bucket")
        .contains("tfdrift_falco_connected 1.0")
        .contains("tfdrift_state_last_sync_timestamp{state=\"demo\"}")
        .contains("tfdrift_audit_events_total{outcome=\"drift\"} 2.0")
        .contains("tfdrift_audit_events_received_total{outcome=\"accepted\",source=\"falco\"} 2.0")
        .contains("tfdrift_notifications_total{notifier=\"jsonl\",outcome=\"sent\"} 2.0")
        .contains("jvm_memory_used_bytes");
    Set<String> exported = new TreeSet<>();
    metrics
        .lines()
        .filter(l -> l.startsWith("tfdrift_"))
        .forEach(l -> exported.add(l.split("[{ ]", 2)[0]));
    assertThat(exported)
        .as("metrics queried by deploy/prometheus/alerts.yaml and deploy/grafana/tfdrift.json")
        .containsAll(DeployFilesTest.queriedMetrics());

    assertThat(daemon.stop(Duration.ofSeconds(5))).isTrue();
    daemon = null;
  }

  @Test
  void closesWhatWasBuiltWhenItCannotListen() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path config =
          config(DEMO.resolve("terraform.tfstate").toString(), freePort(), dir.resolve("d.jsonl"));
      Files.writeString(
          config,
          Files.readString(config)
              .replace("listen: 127.0.0.1:0", "listen: 127.0.0.1:" + taken.getLocalPort()));
      Setup setup = Setup.load(Optional.of(config), true, true);
      assertThatThrownBy(() -> new Daemon(setup)).isInstanceOf(java.io.IOException.class);
      assertThat(setup.components().isClosed())
          .as("the components built for the daemon are closed when it cannot be built")
          .isTrue();
    }
  }

  @Test
  void isNotReadyWhileAStateCannotBeLoaded() throws Exception {
    daemon =
        new Daemon(
            Setup.load(
                Optional.of(
                    config(
                        dir.resolve("missing.tfstate").toString(),
                        freePort(),
                        dir.resolve("d.jsonl"))),
                true,
                true));
    daemon.start();
    HttpResponse<String> ready = get("/ready");
    assertThat(ready.statusCode()).isEqualTo(503);
    JsonNode body = JSON.readTree(ready.body());
    assertThat(body.get("ready").asBoolean()).isFalse();
    assertThat(body.at("/checks/states/demo/outcome").asText()).isEqualTo("failed");
    assertThat(body.at("/checks/states/demo/message").asText()).contains("missing.tfstate");
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void refusesToRunWithoutAnEventSource() throws Exception {
    Path config = dir.resolve("nosource.yaml");
    Files.writeString(
        config,
        "providers:\n  aws:\n    state:\n      local_path: "
            + DEMO.resolve("terraform.tfstate")
            + "\n");
    Cli cli = Cli.run("run", "--config", config.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains("sources: no event source is enabled")
        .contains("falco.enabled: true");
  }
}
