package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpServer;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Secret;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.inventory.DriftKeys;
import io.tfdrift.core.inventory.Lifecycle;
import io.tfdrift.testkit.MutableClock;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inventory API on a real HTTP server over a SQLite store, checked against docs/openapi.yaml.
 */
class InventoryApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final String READ = "read-token-0123456789";
  private static final String WRITE = "write-token-0123456789";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final MutableClock clock = MutableClock.at(T0.plusSeconds(3600));
  private final Lifecycle lifecycle = new Lifecycle(Map.of("webhook", Set.of(Transition.values())));
  private DriftStore store;
  private HttpServer server;

  @BeforeEach
  void open() throws Exception {
    store = InventoryFixtures.sqlite(dir.resolve("d.db"));
    see(drift("e-1", "aws_instance.web", Severity.HIGH, "alice", 0));
    see(drift("e-2", "aws_security_group.ssh", Severity.CRITICAL, "bob", 60));
    see(drift("e-3", "aws_instance.db", Severity.LOW, "alice", 120));
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.stop(0);
    }
    store.close();
  }

  private void serve(List<String> readTokens, List<String> writeTokens) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        InventoryApi.PREFIX,
        new InventoryApi(
            new io.tfdrift.core.inventory.Inventory(
                store,
                lifecycle,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                () -> {}),
            readTokens.stream().map(Secret::of).toList(),
            writeTokens.stream().map(Secret::of).toList(),
            clock));
    server.start();
  }

  private static DriftEvent drift(
      String eventId, String address, Severity severity, String actor, int seconds) {
    return InventoryFixtures.drift(eventId, address, severity, actor, T0.plusSeconds(seconds));
  }

  private void see(DriftEvent d) throws Exception {
    InventoryFixtures.see(store, lifecycle, d);
  }

  private static String key(String address) {
    return URLEncoder.encode(
            DriftKeys.attribute("prod", address, "instance_type").value(), StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> addresses(HttpResponse<String> r) throws Exception {
    List<String> out = new ArrayList<>();
    JSON.readTree(r.body()).get("items").forEach(i -> out.add(i.get("address").asText()));
    return out;
  }

  @Test
  void listsWithFiltersSortingAndPaging() throws Exception {
    serve(List.of(), List.of());
    assertThat(addresses(get("/api/v1/drifts", null)))
        .containsExactly("aws_instance.db", "aws_security_group.ssh", "aws_instance.web");
    assertThat(addresses(get("/api/v1/drifts?severity=high,critical", null)))
        .containsExactly("aws_security_group.ssh", "aws_instance.web");
    assertThat(addresses(get("/api/v1/drifts?actor=alice&sort=first_seen&order=asc", null)))
        .containsExactly("aws_instance.web", "aws_instance.db");
    assertThat(addresses(get("/api/v1/drifts?q=SSH", null)))
        .containsExactly("aws_security_group.ssh");
    assertThat(addresses(get("/api/v1/drifts?type=aws_instance&status=open", null))).hasSize(2);
    assertThat(addresses(get("/api/v1/drifts?sort=severity", null)))
        .containsExactly("aws_security_group.ssh", "aws_instance.web", "aws_instance.db");

    JsonNode page = JSON.readTree(get("/api/v1/drifts?limit=1&offset=1", null).body());
    assertThat(page.get("total").asInt()).isEqualTo(3);
    assertThat(page.get("items")).hasSize(1);
    assertThat(page.at("/items/0/address").asText()).isEqualTo("aws_security_group.ssh");
    assertThat(page.at("/items/0/drift/event/id").asText()).isEqualTo("e-2");
  }

  @Test
  void badParametersAreNamedWithWhatIsAllowed() throws Exception {
    serve(List.of(), List.of());
    HttpResponse<String> r = get("/api/v1/drifts?severity=urgent", null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("error").asText())
        .isEqualTo("severity 'urgent' is not one of critical, high, medium, low, info");
    assertThat(get("/api/v1/drifts?limit=0", null).body()).contains("limit must be 1 to 1000");
    assertThat(get("/api/v1/drifts?order=up", null).statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/nothing", null).statusCode()).isEqualTo(404);
  }

  @Test
  void showsOneDriftWithItsOccurrences() throws Exception {
    see(drift("e-4", "aws_instance.web", Severity.HIGH, "carol", 300));
    serve(List.of(), List.of());
    HttpResponse<String> r = get("/api/v1/drifts/" + key("aws_instance.web"), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode d = JSON.readTree(r.body());
    assertThat(d.get("occurrences").asInt()).isEqualTo(2);
    assertThat(d.get("actor").asText()).isEqualTo("carol");
    assertThat(d.get("occurrence_list"))
        .extracting(o -> o.get("event_id").asText())
        .containsExactly("e-4", "e-1");
    assertThat(d.at("/occurrence_list/1/drift/changes/0/expected").asText()).isEqualTo("t3.micro");
    assertThat(get("/api/v1/drifts/" + key("aws_instance.none"), null).statusCode()).isEqualTo(404);
  }

  @Test
  void writesNeedAWriteTokenAndAreOffWithoutOne() throws Exception {
    serve(List.of(), List.of());
    String resolve = "/api/v1/drifts/" + key("aws_instance.web") + "/resolve";
    HttpResponse<String> off = post(resolve, null, "{\"by\":\"bob\",\"reason\":\"fixed\"}");
    assertThat(off.statusCode()).isEqualTo(403);
    assertThat(off.body()).contains("server.api.write_tokens");
    server.stop(0);

    serve(List.of(READ), List.of(WRITE));
    assertThat(post(resolve, READ, "{\"by\":\"bob\",\"reason\":\"fixed\"}").statusCode())
        .isEqualTo(401);
    assertThat(get("/api/v1/drifts", null).statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/drifts", "wrong").statusCode()).isEqualTo(401);
    assertThat(get("/api/v1/drifts", READ).statusCode()).isEqualTo(200);
    assertThat(get("/api/v1/drifts", WRITE).statusCode()).isEqualTo(200);
  }

  @Test
  void acknowledgesAndResolvesByHandAndQueuesTheResolutionForNotifiers() throws Exception {
    serve(List.of(), List.of(WRITE));
    String base = "/api/v1/drifts/" + key("aws_instance.web");
    for (var opened : store.claim("drain", 100, clock.instant(), java.time.Duration.ofDays(1))) {
      store.delivered(opened.id(), Optional.empty());
    }

    HttpResponse<String> ack =
        post(base + "/acknowledge", WRITE, "{\"by\":\"bob\",\"note\":\"known\"}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(JSON.readTree(ack.body()).at("/acknowledgement/by").asText()).isEqualTo("bob");
    assertThat(post(base + "/acknowledge", WRITE, "{\"by\":\"bob\"}").statusCode()).isEqualTo(409);

    assertThat(post(base + "/resolve", WRITE, "{\"by\":\"bob\"}").body())
        .contains("'reason' is required");
    HttpResponse<String> resolved =
        post(base + "/resolve", WRITE, "{\"by\":\"bob\",\"reason\":\"fixed in PR 42\"}");
    JsonNode r = JSON.readTree(resolved.body());
    assertThat(r.get("status").asText()).isEqualTo("resolved");
    assertThat(r.at("/resolution/reason").asText()).isEqualTo("manual");
    assertThat(r.at("/resolution/note").asText()).isEqualTo("fixed in PR 42");
    assertThat(r.at("/resolution/at").asText()).isEqualTo(clock.instant().toString());
    assertThat(post(base + "/resolve", WRITE, "{\"by\":\"bob\",\"reason\":\"x\"}").statusCode())
        .isEqualTo(409);
    assertThat(post(base + "/resolve", WRITE, "not json").statusCode()).isEqualTo(400);
    assertThat(
            store.claim(
                "n", 100, clock.instant().plusSeconds(86400 * 2), java.time.Duration.ofMinutes(1)))
        .extracting(n -> n.transition())
        .containsExactly(Transition.RESOLVED);
  }

  @Test
  void summarisesByStatusSeverityAndDay() throws Exception {
    serve(List.of(), List.of());
    JsonNode s = JSON.readTree(get("/api/v1/summary?days=7", null).body());
    assertThat(s.at("/counts/open/critical").asInt()).isEqualTo(1);
    assertThat(s.at("/counts/open/high").asInt()).isEqualTo(1);
    assertThat(s.at("/counts/resolved/high").asInt()).isZero();
    assertThat(s.at("/days/0/date").asText()).isEqualTo("2026-11-23");
    assertThat(s.at("/days/0/opened").asInt()).isEqualTo(3);
    assertThat(s.get("mean_time_to_resolve_seconds").isNull()).isTrue();
  }

  @Test
  void answersAsDocsOpenapiYamlSays() throws Exception {
    serve(List.of(), List.of(WRITE));
    JsonNode doc = new YAMLMapper().readTree(Path.of("..", "docs", "openapi.yaml").toFile());
    JsonNode paths = doc.get("paths");
    assertThat(paths.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "/api/v1/drifts",
            "/api/v1/drifts/{key}",
            "/api/v1/drifts/{key}/acknowledge",
            "/api/v1/drifts/{key}/resolve",
            "/api/v1/summary");
    JsonNode drift = doc.at("/components/schemas/Drift/required");
    String k = key("aws_security_group.ssh");

    JsonNode list = JSON.readTree(get("/api/v1/drifts", null).body());
    requireAll(
        list,
        doc.at(
            "/paths/~1api~1v1~1drifts/get/responses/200/content/application~1json/schema/required"));
    requireAll(list.at("/items/0"), drift);

    JsonNode one = JSON.readTree(get("/api/v1/drifts/" + k, null).body());
    requireAll(one, drift);
    requireAll(
        one,
        doc.at(
            "/paths/~1api~1v1~1drifts~1{key}/get/responses/200/content/application~1json/schema/allOf/1/required"));

    HttpResponse<String> ack =
        post("/api/v1/drifts/" + k + "/acknowledge", WRITE, "{\"by\":\"b\"}");
    assertThat(
            doc.at("/paths/~1api~1v1~1drifts~1{key}~1acknowledge/post/responses")
                .has(Integer.toString(ack.statusCode())))
        .isTrue();
    requireAll(JSON.readTree(ack.body()), drift);
    HttpResponse<String> res =
        post("/api/v1/drifts/" + k + "/resolve", WRITE, "{\"by\":\"b\",\"reason\":\"r\"}");
    requireAll(JSON.readTree(res.body()), drift);

    JsonNode summary = JSON.readTree(get("/api/v1/summary", null).body());
    requireAll(
        summary,
        doc.at(
            "/paths/~1api~1v1~1summary/get/responses/200/content/application~1json/schema/required"));
    JsonNode error = JSON.readTree(get("/api/v1/drifts?limit=x", null).body());
    requireAll(
        error, doc.at("/components/responses/Error/content/application~1json/schema/required"));
  }

  private static void requireAll(JsonNode body, JsonNode required) {
    assertThat(required.isArray()).as("required list in the document").isTrue();
    for (Iterator<JsonNode> it = required.elements(); it.hasNext(); ) {
      String field = it.next().asText();
      assertThat(body.has(field)).as(field + " in " + body).isTrue();
    }
  }
}
