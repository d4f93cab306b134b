package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tfdrift demo}: one command gives a daemon with the demo's drift in its inventory, the
 * dashboard, and new demo calls trickling in; stopping it deletes its directory.
 */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String url, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String printed(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void runsTheDaemonOnTheDemoWithItsDriftAndATrickle() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    DemoCommand demo =
        new DemoCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () -> new CommandLine(demo).execute("--port", "0", "--every", "300ms"));
    try {
      String text =
          await("the dashboard's address")
              .atMost(Duration.ofSeconds(60))
              .until(() -> printed(out), t -> t.contains("Ctrl-C stops the demo"));
      Matcher url = Pattern.compile("dashboard: +(http://127\\.0\\.0\\.1:\\d+)/ui/").matcher(text);
      assertThat(url.find()).as(text).isTrue();
      String admin = url.group(1);
      Matcher db = Pattern.compile("drift inventory: (\\S+)").matcher(text);
      assertThat(db.find()).isTrue();
      Path dir = Path.of(db.group(1)).getParent();
      assertThat(text).contains("replayed the demo CloudTrail log (10 calls");

      HttpResponse<String> page = get(admin + "/ui/", null);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>TFDrift</title>");
      JsonNode all = JSON.readTree(get(admin + "/api/v1/drifts?limit=100", null).body());
      assertThat(all.get("items"))
          .extracting(d -> d.get("address").asText())
          .contains(
              "aws_instance.web",
              "aws_security_group.web",
              "aws_s3_bucket_policy.assets",
              "aws_db_instance.main");

      await("aws_instance.web resized again by the trickle: a second occurrence")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  JSON.readTree(get(admin + "/api/v1/drifts?q=aws_instance.web", null).body())
                      .at("/items/0/occurrences")
                      .asInt(),
              n -> n >= 2);
      await("a new unmanaged instance from the trickle")
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  JSON.readTree(get(admin + "/api/v1/drifts?kind=unmanaged", null).body())
                      .get("total")
                      .asInt(),
              n -> n >= 2);
      assertThat(printed(out)).contains("  demo call: aws_instance.web resized again (t3.xlarge)");
      assertThat(printed(err)).doesNotContain("not delivered");

      String key =
          JSON.readTree(get(admin + "/api/v1/drifts?q=assets", null).body())
              .at("/items/0/key")
              .asText();
      Cli resolve =
          Cli.run(
              "drifts",
              "resolve",
              key,
              "--server",
              admin,
              "--token",
              DemoCommand.WRITE_TOKEN,
              "--by",
              "tester",
              "--reason",
              "demo");
      assertThat(resolve.exit()).as(resolve.err()).isZero();

      demo.stop();
      assertThat(exit.get()).isZero();
      assertThat(dir).doesNotExist();
      assertThat(printed(out)).contains("TFDrift demo stopped; " + dir + " deleted.");
    } finally {
      demo.stop();
      exit.join();
    }
  }

  @Test
  void aPortInUseSaysHowToPickAnother() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      Cli cli = Cli.run("demo", "--port", String.valueOf(taken.getLocalPort()), "--every", "0");
      assertThat(cli.exit()).isEqualTo(1);
      assertThat(cli.err())
          .endsWith(
              "error: port "
                  + taken.getLocalPort()
                  + " is in use (another tfdrift, or another server): pass --port N, or --port 0"
                  + " for any free port\n");
    }
    assertThat(Files.exists(Path.of("target"))).isTrue();
  }
}
