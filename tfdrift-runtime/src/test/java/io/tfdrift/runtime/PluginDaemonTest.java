package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.core.plugin.PluginHealth;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugins end to end: jars compiled in the test are dropped into a plugins directory, the daemon
 * runs in-process, Falco alerts are POSTed to it. A well-behaved plugin sees each drift and its
 * labels reach the jsonl notifier; a plugin that throws, one that hangs ignoring interrupts, and a
 * jar that is not a jar at all do not stop detection, and show in metrics and {@code tfdrift
 * plugins}.
 */
class PluginDaemonTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;
  private Path plugins;
  private Daemon daemon;

  @BeforeEach
  void pluginJars() throws Exception {
    plugins = dir.resolve("plugins");
    TestPluginJar.named(plugins, "labeller-2.1.0.jar")
        .version("2.1.0")
        .source(
            "com.example.labeller.LabellerProvider",
            TestPluginJar.plugin(
                "com.example.labeller",
                "LabellerProvider",
                "labeller",
                "2.1.0",
                "context.logger().log(System.Logger.Level.INFO, \"labeller ready\");",
                """
                context.annotate(event, "ticket", prefix + "-" + event.id().substring(0, 6));
                context.annotate(event, "state_address",
                    context.state().find(event.resource().type(), event.resource().id())
                        .map(r -> r.address()).orElse("not in state"));
                context.counter("labelled", Map.of("kind", event.kind().label())).increment();
                try {
                  Class.forName("com.fasterxml.jackson.databind.ObjectMapper");
                  context.annotate(event, "isolated", "no");
                } catch (ClassNotFoundException e) {
                  context.annotate(event, "isolated", "yes");
                }
                """))
        .service(PluginProvider.class, "com.example.labeller.LabellerProvider")
        .build();
    TestPluginJar.named(plugins, "thrower-1.0.0.jar")
        .source(
            "com.example.thrower.ThrowerProvider",
            TestPluginJar.plugin(
                "com.example.thrower",
                "ThrowerProvider",
                "thrower",
                "1.0.0",
                "throw new IllegalStateException(\"ticket system down\");"))
        .service(PluginProvider.class, "com.example.thrower.ThrowerProvider")
        .build();
    TestPluginJar.named(plugins, "sleeper-1.0.0.jar")
        .source(
            "com.example.sleeper.SleeperProvider",
            TestPluginJar.plugin(
                "com.example.sleeper",
                "SleeperProvider",
                "sleeper",
                "1.0.0",
                """
                while (true) {
                  try {
                    Thread.sleep(60_000);
                  } catch (InterruptedException ignored) {
                    // a badly written plugin: ignores interrupts and never returns
                  }
                }
                """))
        .service(PluginProvider.class, "com.example.sleeper.SleeperProvider")
        .build();
    Files.writeString(plugins.resolve("corrupt-0.1.jar"), "<html>404 Not Found</html>");
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.stop(Duration.ofSeconds(5));
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Path config(int falcoPort, Path out) throws Exception {
    Path config = dir.resolve("tfdrift.yaml");
    Files.writeString(
        config,
        """
        plugins_dir: %s
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
          event_worker_count: 2
        notifications:
          jsonl:
            path: %s
        store:
          path: %s
        plugins:
          - name: labeller
            config:
              prefix: SEC
          - name: thrower
          - name: sleeper
            timeout: 300ms
            failure_threshold: 1
            cooldown: 1h
        """
            .formatted(
                plugins,
                DEMO.resolve("terraform.tfstate"),
                falcoPort,
                out,
                dir.resolve("drifts.db")));
    return config;
  }

  private void post(int falcoPort, JsonNode record) throws Exception {
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

  private static List<String> awaitLines(Path file, int count) {
    return DaemonTest.awaitLines(file, count);
  }

  private String metrics() throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + daemon.adminPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void pluginLabelsReachNotifiersWhileBrokenPluginsCannotStopDetection() throws Exception {
    int falcoPort = freePort();
    Path out = dir.resolve("drift.jsonl");
    Setup setup = Setup.load(Optional.of(config(falcoPort, out)), true, true);
    // Only the plugin warnings: Setup also reads the real environment, where a build may set
    // TFDRIFT_* variables of its own (.ci/run sets TFDRIFT_TEST_POSTGRES_URL: 'names no key').
    assertThat(setup.warnings())
        .filteredOn(w -> w.startsWith("plugin"))
        .singleElement()
        .asString()
        .contains("plugin jar left out: ")
        .contains("corrupt-0.1.jar: is not a jar (zip) file");
    daemon = new Daemon(setup);
    daemon.start();
    JsonNode records = JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records");

    post(falcoPort, records.get(0));
    JsonNode first = JSON.readTree(awaitLines(out, 1).get(0));
    post(falcoPort, records.get(3));
    JsonNode second = JSON.readTree(awaitLines(out, 2).get(1));

    assertThat(first.at("/resource/address").asText()).isEqualTo("aws_instance.web");
    assertThat(first.at("/labels/ticket").asText())
        .isEqualTo("SEC-" + first.get("id").asText().substring(0, 6));
    assertThat(first.at("/labels/state_address").asText()).isEqualTo("aws_instance.web");
    assertThat(first.at("/labels/isolated").asText()).isEqualTo("yes");
    assertThat(second.at("/resource/address").asText()).isEqualTo("aws_s3_bucket_policy.assets");
    assertThat(second.at("/labels/ticket").asText()).startsWith("SEC-");

    // Lines are written before the notification and the plugin calls are counted.
    await("the drift, plugin calls and notifications counted")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(metrics())
                    // two drifts and the state's first load (onStateRefresh)
                    .contains("tfdrift_plugin_calls_total{outcome=\"ok\",plugin=\"labeller\"} 3.0")
                    .contains("tfdrift_plugin_calls_total{outcome=\"ok\",plugin=\"thrower\"} 1.0")
                    .contains(
                        "tfdrift_plugin_calls_total{outcome=\"error\",plugin=\"thrower\"} 2.0")
                    .contains(
                        "tfdrift_plugin_calls_total{outcome=\"timeout\",plugin=\"sleeper\"} 1.0")
                    .contains(
                        "tfdrift_plugin_calls_total{outcome=\"rejected\",plugin=\"sleeper\"} 1.0")
                    .contains("tfdrift_plugin_healthy{plugin=\"labeller\"} 1.0")
                    .contains("tfdrift_plugin_healthy{plugin=\"thrower\"} 1.0")
                    .contains("tfdrift_plugin_healthy{plugin=\"sleeper\"} 0.0")
                    .contains(
                        "tfdrift_plugin_labelled_total{kind=\"modified\",plugin=\"labeller\"} 2.0")
                    .contains(
                        "tfdrift_plugin_annotations_total{outcome=\"applied\",plugin=\"labeller\"} 6.0")
                    .contains("tfdrift_audit_events_total{outcome=\"drift\"} 2.0")
                    .contains(
                        "tfdrift_notifications_total{notifier=\"jsonl\",outcome=\"sent\"} 2.0"));
    assertThat(daemon.pluginHealth())
        .extracting(PluginHealth::name, PluginHealth::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("labeller", PluginHealth.Status.HEALTHY),
            org.assertj.core.groups.Tuple.tuple("thrower", PluginHealth.Status.HEALTHY),
            org.assertj.core.groups.Tuple.tuple("sleeper", PluginHealth.Status.UNHEALTHY));

    assertThat(daemon.stop(Duration.ofSeconds(5))).isTrue();
    daemon = null;
  }

  @Test
  void pluginsCommandListsJarsProblemsAndWhetherConfiguredPluginsStart() throws Exception {
    TestPluginJar.named(plugins, "needs-token-1.0.jar")
        .source(
            "com.example.token.TokenProvider",
            TestPluginJar.plugin(
                "com.example.token",
                "TokenProvider",
                "needs-token",
                "1.0",
                "throw new IllegalStateException(\"no API token in TICKETS_TOKEN\");",
                ""))
        .service(PluginProvider.class, "com.example.token.TokenProvider")
        .build();
    Path config = dir.resolve("plugins.yaml");
    Files.writeString(
        config,
        """
        plugins:
          - name: labeller
          - name: needs-token
          - name: sleeper
            enabled: false
        """);

    Cli cli =
        Cli.run("plugins", "--plugins-dir", plugins.toString(), "--config", config.toString());

    assertThat(cli.exit()).as(cli.err()).isEqualTo(1);
    assertThat(cli.out())
        .containsPattern(
            "plugin +labeller +com\\.example\\.labeller\\.LabellerProvider +labeller-2\\.1\\.0\\.jar +2\\.1\\.0")
        .containsPattern("plugin +sleeper +com\\.example\\.sleeper\\.SleeperProvider")
        .contains("notifier         jsonl")
        .contains("4 jars loaded, 1 left out")
        .contains("left out: " + plugins.resolve("corrupt-0.1.jar") + ": is not a jar (zip) file")
        .containsPattern("labeller +2\\.1\\.0 +ok +initialised")
        .containsPattern(
            "needs-token +1\\.0 +failed +init threw java.lang.IllegalStateException: no API token")
        .doesNotContainPattern("sleeper +1\\.0\\.0 +ok");
  }

  @Test
  void pluginsCommandWithoutProblemsExitsZero() throws Exception {
    Files.delete(plugins.resolve("corrupt-0.1.jar"));
    Cli cli = Cli.run("plugins", "--plugins-dir", plugins.toString());
    assertThat(cli.exit()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("3 jars loaded, 0 left out");
  }

  @Test
  void validateNamesAPluginWhoseJarWasLeftOut() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, "plugins:\n  - name: corrupt\n");
    Cli cli =
        Cli.run("validate", "--plugins-dir", plugins.toString(), "--config", config.toString());
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains(
            "plugins[0].name: unknown plugin type 'corrupt'; known types: labeller, sleeper, thrower")
        .contains("plugin jars that failed to load: ")
        .contains("corrupt-0.1.jar: is not a jar (zip) file");
  }
}
