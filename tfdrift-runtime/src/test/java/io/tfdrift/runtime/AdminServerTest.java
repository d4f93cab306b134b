package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin server's debug endpoints: a thread dump and a Flight Recorder recording over HTTP. */
class AdminServerTest {
  private static final AdminServer.Check OK = new AdminServer.Check(true, "{}");
  private final HttpClient http = HttpClient.newHttpClient();
  private AdminServer server;
  @TempDir Path dir;

  @AfterEach
  void close() {
    server.close();
  }

  private AdminServer start(boolean debug) throws Exception {
    server =
        new AdminServer(
            new InetSocketAddress("127.0.0.1", 0),
            () -> OK,
            () -> OK,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            debug,
            java.util.Map.of());
    return server;
  }

  private HttpResponse<byte[]> call(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void recordsAFlightRecordingThatCanBeDownloaded() throws Exception {
    start(true);
    assertThat(text(call("GET", "/debug/jfr"))).isEqualTo("{\"state\":\"none\"}");
    assertThat(call("GET", "/debug/jfr/download").statusCode()).isEqualTo(404);

    HttpResponse<byte[]> started = call("POST", "/debug/jfr/start?settings=profile");
    assertThat(started.statusCode()).as(text(started)).isEqualTo(200);
    assertThat(text(started)).contains("\"state\":\"running\"", "\"settings\":\"profile\"");
    assertThat(call("POST", "/debug/jfr/start").statusCode()).as("one at a time").isEqualTo(409);

    HttpResponse<byte[]> stopped = call("POST", "/debug/jfr/stop");
    assertThat(text(stopped)).contains("\"state\":\"stopped\"");
    HttpResponse<byte[]> file = call("GET", "/debug/jfr/download");
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).contains("tfdrift.jfr"));
    // Every JFR file starts with the magic bytes "FLR\0".
    assertThat(Arrays.copyOf(file.body(), 4)).isEqualTo(new byte[] {'F', 'L', 'R', 0});
    Path jfr = Files.createTempFile(dir, "download", ".jfr");
    Files.write(jfr, file.body());
    List<String> events =
        RecordingFile.readAllEvents(jfr).stream().map(e -> e.getEventType().getName()).toList();
    // Recorded at the start of every chunk, like the environment would be.
    assertThat(events).as("chunk-start events").contains("jdk.JVMInformation", "jdk.OSInformation");
    assertThat(events)
        .as("the environment may hold secrets")
        .doesNotContain("jdk.InitialEnvironmentVariable", "jdk.InitialSystemProperty");
  }

  @Test
  void rejectsWhatItCannotDoWithAReason() throws Exception {
    start(true);
    HttpResponse<byte[]> bad = call("POST", "/debug/jfr/start?settings=verbose");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(text(bad)).contains("settings=default or settings=profile");
    assertThat(text(call("POST", "/debug/jfr/start?max_duration=soon")))
        .contains("max_duration is not a duration");
    assertThat(call("GET", "/debug/jfr/start").statusCode()).isEqualTo(405);
    assertThat(call("POST", "/debug/jfr/stop").statusCode()).isEqualTo(409);
    assertThat(text(call("GET", "/debug/threads"))).contains("tfdrift-admin");
  }

  @Test
  void debugEndpointsAreOffUnlessAskedFor() throws Exception {
    start(false);
    assertThat(call("GET", "/debug/jfr").statusCode()).isEqualTo(404);
    assertThat(call("GET", "/debug/threads").statusCode()).isEqualTo(404);
    assertThat(call("GET", "/healthz").statusCode()).isEqualTo(200);
  }
}
