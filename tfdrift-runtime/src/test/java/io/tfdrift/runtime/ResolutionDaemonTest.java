package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tfdrift.api.inventory.DriftKey;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a drift closes itself, end to end: the daemon runs with the demo's state (a local file
 * this test changes, refreshed every 100 ms), one detection worker (events are processed in the
 * order posted), a SQLite inventory and a jsonl notifier; the demo's real CloudTrail records (and
 * edited copies: a later call, Terraform's user agent, a delete) are POSTed as Falco alerts; the
 * drift is read back through the inventory API and the notifier's file must hold its {@code
 * resolved} notification.
 */
class ResolutionDaemonTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INSTANCE_TYPE = "modified|demo|aws_instance.web|instance_type";
  private static final String NEW_INSTANCE = "i-0ffee0000c0ffee01";
  private static final String UNMANAGED = "unmanaged|aws|aws_instance|" + NEW_INSTANCE;

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  private Path state;
  private Path out;
  private int falcoPort;
  private JsonNode records;
  private Daemon daemon;

  @BeforeEach
  void start() throws Exception {
    records = JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records");
    state = dir.resolve("terraform.tfstate");
    Files.copy(DEMO.resolve("terraform.tfstate"), state);
    out = dir.resolve("drift.jsonl");
    falcoPort = DaemonTest.freePort();
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              name: demo
              local_path: %s
              refresh_interval: 100ms
        falco:
          enabled: true
          transport: http
          listen: 127.0.0.1:%d
        server:
          listen: 127.0.0.1:0
        performance:
          event_worker_count: 1
        notifications:
          jsonl:
            path: %s
        store:
          type: sqlite
          path: %s
        """
            .formatted(state, falcoPort, out, dir.resolve("drifts.db")));
    daemon = new Daemon(Setup.load(Optional.of(config), true, true));
    daemon.start();
  }

  @AfterEach
  void stop() {
    daemon.stop(Duration.ofSeconds(5));
  }

  @Test
  void revertedByALaterCallThatSetsTheValueBack() throws Exception {
    post(records.get(0)); // alice: instance_type t3.micro -> t3.large
    awaitStatus(INSTANCE_TYPE, "open");

    post(later(records.get(0), "2026-11-23T09:50:00Z", r -> instanceType(r, "t3.micro")));

    JsonNode drift = awaitStatus(INSTANCE_TYPE, "resolved");
    assertThat(drift.at("/resolution/reason").asText()).isEqualTo("reverted");
    assertThat(drift.at("/resolution/by").asText()).isEqualTo("alice");
    awaitResolvedNotification(INSTANCE_TYPE, "reverted");
  }

  @Test
  void appliedWhenTerraformsCallSetsTheValueBack() throws Exception {
    post(records.get(0));
    awaitStatus(INSTANCE_TYPE, "open");

    post(
        later(
            records.get(0),
            "2026-11-23T09:50:00Z",
            r -> {
              instanceType(r, "t3.micro");
              r.put("userAgent", records.get(5).get("userAgent").asText()); // Terraform/1.9.8
            }));

    JsonNode drift = awaitStatus(INSTANCE_TYPE, "resolved");
    assertThat(drift.at("/resolution/reason").asText()).isEqualTo("applied");
    awaitResolvedNotification(INSTANCE_TYPE, "applied");
  }

  @Test
  void appliedWhenTerraformChangedTheResourceAndTheRefreshedStateHoldsItsValue() throws Exception {
    post(records.get(0));
    awaitStatus(INSTANCE_TYPE, "open");
    post(
        later(
            records.get(0),
            "2026-11-23T09:50:00Z",
            r -> {
              instanceType(r, "t3.xlarge"); // the code now says t3.xlarge, and apply set it
              r.put("userAgent", records.get(5).get("userAgent").asText());
            }));
    awaitProcessedInOrder();
    assertThat(drift(INSTANCE_TYPE).get("status").asText()).isEqualTo("open");

    editState(s -> instance(s, "web").put("instance_type", "t3.xlarge"));

    JsonNode drift = awaitStatus(INSTANCE_TYPE, "resolved");
    assertThat(drift.at("/resolution/reason").asText()).isEqualTo("applied");
    assertThat(drift.at("/resolution/by").asText()).isEqualTo("alice");
    awaitResolvedNotification(INSTANCE_TYPE, "applied");
  }

  @Test
  void acceptedWhenTheRefreshedStateHoldsTheDriftedValue() throws Exception {
    post(records.get(0));
    awaitStatus(INSTANCE_TYPE, "open");

    editState(s -> instance(s, "web").put("instance_type", "t3.large"));

    JsonNode drift = awaitStatus(INSTANCE_TYPE, "resolved");
    assertThat(drift.at("/resolution/reason").asText()).isEqualTo("accepted");
    assertThat(drift.at("/resolution/by").asText()).isEqualTo("state refresh");
    awaitResolvedNotification(INSTANCE_TYPE, "accepted");
  }

  @Test
  void removedWhenTheResourceLeavesTheState() throws Exception {
    post(records.get(0));
    awaitStatus(INSTANCE_TYPE, "open");

    editState(
        s -> {
          ArrayNode resources = (ArrayNode) s.get("resources");
          for (int i = 0; i < resources.size(); i++) {
            if (resources.get(i).get("name").asText().equals("web")
                && resources.get(i).get("type").asText().equals("aws_instance")) {
              resources.remove(i);
              return;
            }
          }
          throw new AssertionError("the demo state has no aws_instance.web");
        });

    JsonNode drift = awaitStatus(INSTANCE_TYPE, "resolved");
    assertThat(drift.at("/resolution/reason").asText()).isEqualTo("removed");
    awaitResolvedNotification(INSTANCE_TYPE, "removed");
  }

  @Test
  void importedWhenTheUnmanagedResourceAppearsInTheState() throws Exception {
    post(records.get(7)); // alice: RunInstances i-0ffee0000c0ffee01, which no state holds
    awaitStatus(UNMANAGED, "open");

    editState(
        s -> {
          ObjectNode imported = instanceResource(s, "web").deepCopy();
          imported.put("name", "batch");
          ObjectNode attributes = (ObjectNode) imported.at("/instances/0/attributes");
          attributes.put("id", NEW_INSTANCE);
          attributes.put("arn", "arn:aws:ec2:us-east-1:111122223333:instance/" + NEW_INSTANCE);
          attributes.put("instance_type", "t3.xlarge");
          ((ArrayNode) s.get("resources")).add(imported);
        });

    JsonNode drift = awaitStatus(UNMANAGED, "resolved");
    assertThat(drift.at("/resolution/reason").asText()).isEqualTo("imported");
    awaitResolvedNotification(UNMANAGED, "imported");
  }

  @Test
  void deletedWhenTheUnmanagedResourceIsDeleted() throws Exception {
    post(records.get(7));
    awaitStatus(UNMANAGED, "open");

    post(
        later(
            records.get(7),
            "2026-11-23T10:05:00Z",
            r -> {
              r.put("eventName", "TerminateInstances");
              ObjectNode item = JSON.createObjectNode().put("instanceId", NEW_INSTANCE);
              r.set(
                  "requestParameters",
                  JSON.createObjectNode()
                      .set("instancesSet", JSON.createObjectNode().set("items", array(item))));
              ObjectNode change =
                  item.deepCopy()
                      .<ObjectNode>set(
                          "currentState",
                          JSON.createObjectNode().put("code", 32).put("name", "shutting-down"))
                      .set(
                          "previousState",
                          JSON.createObjectNode().put("code", 16).put("name", "running"));
              r.set(
                  "responseElements",
                  JSON.createObjectNode()
                      .put("requestId", "f0c1a2b3-0000-4000-8000-0000000000d1")
                      .set("instancesSet", JSON.createObjectNode().set("items", array(change))));
            }));

    JsonNode drift = awaitStatus(UNMANAGED, "resolved");
    assertThat(drift.at("/resolution/reason").asText()).isEqualTo("deleted");
    assertThat(drift.at("/resolution/by").asText()).isEqualTo("alice");
    awaitResolvedNotification(UNMANAGED, "deleted");
  }

  private static ArrayNode array(JsonNode item) {
    return JSON.createArrayNode().add(item);
  }

  /** A copy of a real record made later, with its own event id, edited by {@code edit}. */
  private static ObjectNode later(JsonNode record, String time, Consumer<ObjectNode> edit) {
    ObjectNode copy = record.deepCopy();
    copy.put("eventTime", time);
    copy.put(
        "eventID",
        "00000000-0000-0000-0000-" + Long.toHexString(time.hashCode() & 0xffffffffL) + "0000");
    edit.accept(copy);
    return copy;
  }

  private static void instanceType(ObjectNode record, String value) {
    ((ObjectNode) record.get("requestParameters"))
        .set("instanceType", JSON.createObjectNode().put("value", value));
  }

  private void post(JsonNode record) throws Exception {
    HttpResponse<String> posted =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + falcoPort + "/api/v1/falco/events"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(FalcoCommandsTest.alert(record).toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
  }

  /**
   * Waits until what was posted so far is processed, recorded and settled: one worker takes events
   * in order, so once the bucket policy drift (demo record 3) posted now is recorded, every event
   * before it is done.
   */
  private void awaitProcessedInOrder() throws Exception {
    post(records.get(3));
    await("the events posted so far recorded")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> JSON.readTree(get("/api/v1/drifts?type=aws_s3_bucket_policy").body()),
            page -> page.path("total").asInt() == 1);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.adminPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode drift(String key) throws Exception {
    HttpResponse<String> r =
        get(
            "/api/v1/drifts/"
                + URLEncoder.encode(new DriftKey(key).value(), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
    return r.statusCode() == 404 ? JSON.createObjectNode() : JSON.readTree(r.body());
  }

  private JsonNode awaitStatus(String key, String status) {
    return await(key + " " + status)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> drift(key), d -> status.equals(d.path("status").asText()));
  }

  /** The jsonl notifier's line for the drift's resolution. */
  private void awaitResolvedNotification(String key, String reason) {
    await("the resolved notification of " + key)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              List<JsonNode> lines = new java.util.ArrayList<>();
              for (String l : DaemonTest.awaitLines(out, 1)) {
                lines.add(JSON.readTree(l));
              }
              return lines;
            },
            lines ->
                lines.stream()
                    .anyMatch(
                        l ->
                            l.at("/lifecycle/key").asText().equals(key)
                                && l.at("/lifecycle/transition").asText().equals("resolved")
                                && l.at("/lifecycle/status").asText().equals("resolved")
                                && l.at("/lifecycle/resolution/reason").asText().equals(reason)));
  }

  private void editState(Consumer<ObjectNode> edit) throws Exception {
    ObjectNode s = (ObjectNode) JSON.readTree(state.toFile());
    s.put("serial", s.get("serial").asLong() + 1);
    edit.accept(s);
    Path next = dir.resolve("terraform.tfstate.next");
    Files.writeString(next, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s));
    Files.move(
        next,
        state,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static ObjectNode instanceResource(ObjectNode state, String name) {
    for (JsonNode r : state.get("resources")) {
      if (r.get("type").asText().equals("aws_instance") && r.get("name").asText().equals(name)) {
        return (ObjectNode) r;
      }
    }
    throw new AssertionError("the demo state has no aws_instance." + name);
  }

  private static ObjectNode instance(ObjectNode state, String name) {
    return (ObjectNode) instanceResource(state, name).at("/instances/0/attributes");
  }
}
