package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.Secret;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.inventory.DriftKeys;
import io.tfdrift.core.inventory.Inventory;
import io.tfdrift.core.inventory.Lifecycle;
import io.tfdrift.testkit.MutableClock;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tfdrift drifts …} against the inventory API on a real HTTP server over SQLite. */
class DriftsCommandTest {
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final String READ = "read-token-0123456789";
  private static final String WRITE = "write-token-0123456789";

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at(T0.plusSeconds(7200));
  private final Lifecycle lifecycle = new Lifecycle(Map.of("webhook", Set.of(Transition.values())));
  private DriftStore store;
  private HttpServer server;
  private String url;

  @BeforeEach
  void open() throws Exception {
    store = InventoryFixtures.sqlite(dir.resolve("d.db"));
    see("e-1", "aws_instance.web", Severity.HIGH, "alice", 0);
    see("e-2", "aws_security_group.ssh", Severity.CRITICAL, "bob", 60);
    see("e-3", "aws_instance.db", Severity.LOW, "alice", 120);
    see("e-4", "aws_instance.web", Severity.HIGH, "carol", 180);
  }

  @AfterEach
  void close() {
    if (server != null) {
      server.stop(0);
    }
    store.close();
  }

  private void see(String id, String address, Severity severity, String actor, int seconds)
      throws Exception {
    InventoryFixtures.see(
        store,
        lifecycle,
        InventoryFixtures.drift(id, address, severity, actor, T0.plusSeconds(seconds)));
  }

  private void serve(List<String> read, List<String> write) throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        InventoryApi.PREFIX,
        new InventoryApi(
            new Inventory(store, lifecycle, new SimpleMeterRegistry(), () -> {}),
            read.stream().map(Secret::of).toList(),
            write.stream().map(Secret::of).toList(),
            clock));
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static String key(String address) {
    return DriftKeys.attribute("prod", address, "instance_type").value();
  }

  private Cli drifts(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "drifts";
    System.arraycopy(args, 0, all, 1, args.length);
    return Cli.run(all);
  }

  @Test
  void listsATableWithKeysMostRecentFirst() throws Exception {
    serve(List.of(), List.of());
    Cli cli = drifts("list", "--server", url);
    assertThat(cli.exit()).as(cli.err()).isZero();
    List<String> lines = cli.out().lines().toList();
    assertThat(lines.get(0))
        .startsWith("SEVERITY")
        .contains("RESOURCE", "ATTRIBUTE", "ACTOR", "LAST SEEN", "KEY");
    assertThat(lines.subList(1, 4))
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .startsWith("HIGH")
                    .contains("aws_instance.web", "carol", "2026-11-23T09:03:00Z")
                    .endsWith(key("aws_instance.web")),
            l -> assertThat(l).startsWith("LOW").contains("aws_instance.db"),
            l -> assertThat(l).startsWith("CRITICAL").contains("aws_security_group.ssh"));
    assertThat(lines.get(1)).matches(".* open +modified +aws_instance\\.web +instance_type .*");
    assertThat(lines.get(4)).isEqualTo("1-3 of 3 drifts");
  }

  @Test
  void passesFiltersSortingAndPagingToTheApi() throws Exception {
    serve(List.of(), List.of());
    Cli critical = drifts("list", "--server", url, "--severity", "critical,high", "-q", "SSH");
    assertThat(critical.out()).contains("aws_security_group.ssh").contains("1-1 of 1 drift\n");

    Cli page =
        drifts("list", "--server", url, "--sort", "severity", "--limit", "2", "--format", "json");
    JsonNode json = new ObjectMapper().readTree(page.out());
    assertThat(json.get("total").asInt()).isEqualTo(3);
    assertThat(json.get("items")).hasSize(2);
    assertThat(json.at("/items/0/address").asText()).isEqualTo("aws_security_group.ssh");

    Cli table = drifts("list", "--server", url, "--type", "aws_instance", "--limit", "1");
    assertThat(table.out()).endsWith("1-1 of 2 drifts; the next page: --offset 1\n");
    assertThat(drifts("list", "--server", url, "--status", "resolved").out())
        .isEqualTo("no drift matches at " + url + "\n");
  }

  @Test
  void aBadFilterIsTheApisMessage() throws Exception {
    serve(List.of(), List.of());
    Cli cli = drifts("list", "--server", url, "--severity", "urgent");
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains("answered 400: severity 'urgent' is not one of critical, high, medium, low, info")
        .doesNotContain("Exception");
  }

  @Test
  void showsTheDiffAndEveryOccurrence() throws Exception {
    serve(List.of(), List.of());
    Cli cli = drifts("show", key("aws_instance.web"), "--server", url);
    assertThat(cli.exit()).as(cli.err()).isZero();
    assertThat(cli.out())
        .startsWith("HIGH  open  modified  aws_instance.web  (state prod)\n")
        .contains("  key:           " + key("aws_instance.web") + "\n")
        .contains("  first seen:    2026-11-23T09:00:00Z\n")
        .contains("  occurrences:   2\n")
        .contains(
            "change (state -> cloud):\n  instance_type:\n    - \"t3.micro\"\n    + \"t3.large\"")
        .contains("occurrences (latest first, 2 of 2):")
        .containsPattern(
            "2026-11-23T09:03:00Z  carol  ModifyInstanceAttribute  from 203\\.0\\.113\\.7"
                + "  aws-cli/2\\.15\\.0  event e-4")
        .contains("2026-11-23T09:00:00Z  alice");
    JsonNode json =
        new ObjectMapper()
            .readTree(
                drifts("show", key("aws_instance.web"), "--server", url, "--format", "json").out());
    assertThat(json.get("occurrence_list")).hasSize(2);
  }

  @Test
  void acknowledgesAndResolvesWithAWriteTokenFromAFile() throws Exception {
    serve(List.of(READ), List.of(WRITE));
    Path token = dir.resolve("token");
    Files.writeString(token, WRITE + "\n");
    String k = key("aws_security_group.ssh");

    Cli ack =
        drifts(
            "ack",
            k,
            "--server",
            url,
            "--token-file",
            token.toString(),
            "--by",
            "bob",
            "--reason",
            "known change, ticket OPS-12");
    assertThat(ack.exit()).as(ack.err()).isZero();
    assertThat(ack.out())
        .startsWith(
            "acknowledged aws_security_group.ssh instance_type ["
                + k
                + "] by bob at 2026-11-23T11:00:00Z: known change, ticket OPS-12\n")
        .contains("status: acknowledged");
    assertThat(store.find(new io.tfdrift.api.inventory.DriftKey(k)).orElseThrow().status())
        .isEqualTo(DriftStatus.ACKNOWLEDGED);

    clock.advance(java.time.Duration.ofMinutes(30));
    Cli resolve =
        drifts(
            "resolve",
            k,
            "--server",
            url,
            "--token",
            WRITE,
            "--by",
            "bob",
            "--reason",
            "reverted in the console");
    assertThat(resolve.exit()).as(resolve.err()).isZero();
    assertThat(resolve.out())
        .contains("resolved aws_security_group.ssh instance_type [" + k + "] (manual) by bob")
        .contains(": reverted in the console\n  open for 2h 29m");
    var resolved = store.find(new io.tfdrift.api.inventory.DriftKey(k)).orElseThrow();
    assertThat(resolved.status()).isEqualTo(DriftStatus.RESOLVED);
    assertThat(resolved.resolution().orElseThrow().reason()).isEqualTo(Resolution.Reason.MANUAL);

    Cli again = drifts("resolve", k, "--server", url, "--token", WRITE, "--reason", "twice");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("answered 409: drift " + k + " is resolved");
    assertThat(drifts("show", k, "--server", url, "--token", READ).out())
        .contains(
            "  resolved:      manual, by bob at 2026-11-23T11:30:00Z: reverted in the console")
        .contains("(open for 2h 29m)");
  }

  @Test
  void resolveNeedsAReason() throws Exception {
    serve(List.of(), List.of(WRITE));
    Cli cli = drifts("resolve", key("aws_instance.db"), "--server", url, "--token", WRITE);
    assertThat(cli.exit()).isEqualTo(2);
    assertThat(cli.err()).contains("Missing required option: '--reason=TEXT'");
    Cli blank =
        drifts("ack", key("aws_instance.db"), "--server", url, "--token", WRITE, "--note", " ");
    assertThat(blank.exit()).isEqualTo(2);
    assertThat(blank.err()).contains("--reason must say why");
  }

  @Test
  void explainsAMissingOrRefusedToken() throws Exception {
    serve(List.of(READ), List.of(WRITE));
    Cli none = drifts("list", "--server", url);
    assertThat(none.exit()).isEqualTo(1);
    assertThat(none.err())
        .contains(url + " needs a token (a read token is required")
        .contains("pass --token-file F (or --token T) with the daemon's server.read_token");
    Cli wrong = drifts("list", "--server", url, "--token", "guess");
    assertThat(wrong.err())
        .contains(url + " refused the token given")
        .contains("server.read_token or server.write_token");
    Cli readOnly =
        drifts(
            "resolve", key("aws_instance.db"), "--server", url, "--token", READ, "--reason", "x");
    assertThat(readOnly.err()).contains("use the daemon's server.write_token");
  }

  @Test
  void explainsThatWritesAreOff() throws Exception {
    serve(List.of(), List.of());
    Cli cli = drifts("ack", key("aws_instance.db"), "--server", url, "--reason", "later");
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains(url + " refused: write endpoints are off: set server.write_token");
  }

  @Test
  void explainsAnUnknownKey() throws Exception {
    serve(List.of(), List.of());
    Cli cli = drifts("show", "modified|prod|aws_instance.nope|instance_type", "--server", url);
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .isEqualTo(
            "error: no drift with key modified|prod|aws_instance.nope|instance_type at "
                + url
                + "; tfdrift drifts list --server "
                + url
                + " shows the keys\n");
  }

  @Test
  void explainsAServerWithoutTheInventoryApi() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ready", e -> e.sendResponseHeaders(200, -1));
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
    Cli cli = drifts("list", "--server", url);
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .contains(url + " has no inventory API (404 for /api/v1/drifts)")
        .contains("store.type is not none");
  }

  @Test
  void explainsARefusedConnection() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Cli cli = drifts("list", "--server", "127.0.0.1:" + port);
    assertThat(cli.exit()).isEqualTo(1);
    assertThat(cli.err())
        .isEqualTo(
            "error: cannot connect to http://127.0.0.1:"
                + port
                + " (connection refused): is the daemon running there? Start it with tfdrift run"
                + " --config F (or tfdrift demo) and pass its admin address (server.listen) as"
                + " --server\n");
  }

  @Test
  void explainsABadAddressAndAMissingTokenFile() throws Exception {
    assertThat(drifts("list", "--server", "ftp://x").err())
        .contains("--server 'ftp://x' is not an address");
    Path missing = dir.resolve("no-token");
    assertThat(
            drifts("list", "--server", "http://127.0.0.1:1", "--token-file", missing.toString())
                .err())
        .contains("--token-file " + missing + ": no such file");
    assertThat(drifts("list", "--token", "a", "--token-file", missing.toString()).err())
        .contains("give --token or --token-file, not both");
  }

  @Test
  void completionKnowsTheDriftsCommands() {
    assertThat(Cli.run("completion", "bash").out())
        .contains("drifts")
        .contains("resolve")
        .contains("--token-file")
        .contains("--severity");
  }
}
