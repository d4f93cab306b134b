package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.SourceException;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.TestPostgres;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons campaign for one Lease on the fabric8 Kubernetes mock server (CRUD mode: it stores
 * the Lease and pods and answers with resource versions, as the API server does). Only the leader
 * listens for Falco and notifies; when it stops, the standby takes over, labels its pod and turns
 * alerts into drift.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TESTS = new AtomicInteger();

  static KubernetesMockServer server;
  static KubernetesClient client;

  /** Each test in its own namespace: a late write of the one before cannot reach it. */
  private final String namespace = "tfdrift-" + TESTS.incrementAndGet();

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<Daemon> daemons = new ArrayList<>();
  @TempDir Path dir;

  /** One inventory for both replicas, as high availability needs. */
  private String store;

  @BeforeEach
  void store() throws Exception {
    store = TestPostgres.newSchema();
  }

  @AfterEach
  void stop() throws Exception {
    daemons.forEach(d -> d.stop(Duration.ofSeconds(5)));
    TestPostgres.dropSchema(store);
    client.leases().inNamespace(namespace).delete();
    client.pods().inNamespace(namespace).delete();
  }

  private record Instance(String name, Daemon daemon, int falcoPort, Path drift) {}

  /** A daemon whose lease lasts {@code leaseSeconds}, renewed within three quarters of it. */
  private Instance instance(String name, int leaseSeconds) throws Exception {
    try {
      client
          .pods()
          .inNamespace(namespace)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(namespace)
                  .addToLabels("app", "tfdrift")
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // On a loaded machine the client retries a POST that timed out but had created the pod.
      if (e.getCode() != 409) {
        throw e;
      }
    }
    int falcoPort = DaemonTest.freePort();
    Path drift = dir.resolve(name + ".jsonl");
    Path config = dir.resolve(name + ".yaml");
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
          event_worker_count: 1
        notifications:
          jsonl:
            path: %s
        store:
          type: postgres
          url: "%s"
        high_availability:
          enabled: true
          lease_name: tfdrift-leader
          lease_duration: %ds
          renew_deadline: %dms
          retry_period: 200ms
        """
            .formatted(
                DEMO.resolve("terraform.tfstate"),
                falcoPort,
                drift,
                store,
                leaseSeconds,
                leaseSeconds * 750));
    Daemon daemon =
        new Daemon(
            Setup.load(
                Optional.of(config),
                Map.of("POD_NAME", name, "POD_NAMESPACE", namespace),
                true,
                true),
            ha -> new LeaseElection(ha, server.createClient()));
    daemons.add(daemon);
    daemon.start();
    return new Instance(name, daemon, falcoPort, drift);
  }

  @Test
  void onlyTheLeaderIngestsAndTheStandbyTakesOverWhenItStops() throws Exception {
    // A long lease: a takeover well within it shows the lease was released, not left to expire.
    Instance a = instance("tfdrift-a", 20);
    // Leading is reported first; the pod label and the receiver follow on the elector's thread.
    await("a leads, ingests and is labelled")
        .untilAsserted(
            () -> {
              assertThat(leadingAndReady(a)).isTrue();
              assertThat(podRole("tfdrift-a")).isEqualTo("leader");
            });
    Instance b = instance("tfdrift-b", 20);
    await("b sees a lead").until(() -> "tfdrift-a".equals(readiness(b).path("leader").asText()));

    assertThat(role(b)).isEqualTo("standby");
    assertThat(get(b, "/ready").statusCode()).as("a standby is ready").isEqualTo(200);
    assertThat(holder()).isEqualTo("tfdrift-a");
    assertThat(podRole("tfdrift-b")).isEqualTo("standby");
    assertThat(metrics(a)).contains("tfdrift_leader 1.0").contains("tfdrift_falco_connected 1.0");
    assertThat(metrics(b)).contains("tfdrift_leader 0.0").contains("tfdrift_falco_connected 0.0");
    assertThatThrownBy(() -> post(b, 0)).isInstanceOf(ConnectException.class);

    assertThat(post(a, 0)).isEqualTo(202);
    assertThat(DaemonTest.awaitLines(a.drift(), 1)).hasSize(1);

    long stopped = System.nanoTime();
    a.daemon().stop(Duration.ofSeconds(5));
    daemons.remove(a.daemon());
    await("b takes over").until(() -> role(b).equals("leader"));
    Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);
    assertThat(takeover).as("a released lease is taken at once").isLessThan(seconds(10));
    assertThat(holder()).isEqualTo("tfdrift-b");
    // Like a's at the start, b's label and receiver follow its leadership (the race seen in CI).
    await("b ingests as leader and the pods are relabelled")
        .untilAsserted(
            () -> {
              assertThat(leadingAndReady(b)).isTrue();
              assertThat(podRole("tfdrift-b")).isEqualTo("leader");
              assertThat(podRole("tfdrift-a")).isEqualTo("standby");
            });
    assertThat(post(b, 3)).isEqualTo(202);
    assertThat(DaemonTest.awaitLines(b.drift(), 1))
        .extracting(l -> JSON.readTree(l).at("/resource/address").asText())
        .containsExactly("aws_s3_bucket_policy.assets");
    assertThat(Files.readAllLines(a.drift())).hasSize(1);
    JsonNode inventory = JSON.readTree(get(b, "/api/v1/drifts").body());
    assertThat(inventory.path("total").asInt())
        .as("b continues a's inventory: a's drift and its own")
        .isEqualTo(2);
  }

  @Test
  void aLeaderThatLosesItsLeaseStopsIngestingAndCampaignsAgain() throws Exception {
    Instance a = instance("tfdrift-a", 2);
    await("a leads").until(() -> role(a).equals("leader"));

    // Another holder takes the Lease over (as after a network partition): a's renewal fails. The
    // takeover retries when it races a's renewal (HTTP 409), as any writer of a Lease must.
    for (int attempt = 0; ; attempt++) {
      try {
        client
            .leases()
            .inNamespace(namespace)
            .withName("tfdrift-leader")
            .edit(
                l -> {
                  l.getSpec().setHolderIdentity("elsewhere");
                  l.getSpec().setRenewTime(ZonedDateTime.now());
                  // Long enough to observe a as a standby before the lease runs out.
                  l.getSpec().setLeaseDurationSeconds(6);
                  return l;
                });
        break;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 20) {
          throw e;
        }
      }
    }
    // Standing by is reported first; closing the receiver and the label follow.
    await("a deposed: not listening, labelled standby")
        .untilAsserted(
            () -> {
              assertThat(role(a)).isEqualTo("standby");
              assertThat(listening(a.falcoPort())).as("Falco port open").isFalse();
              assertThat(podRole("tfdrift-a")).isEqualTo("standby");
            });

    // "elsewhere" never renews: once its lease runs out, a leads again with a fresh receiver.
    await("a leads again and ingests").until(() -> leadingAndReady(a));
    assertThat(post(a, 0)).isEqualTo(202);
    assertThat(DaemonTest.awaitLines(a.drift(), 1)).hasSize(1);
  }

  @Test
  void anUnreachableKubernetesApiFailsTheStartNamingTheFix() throws Exception {
    int closed = DaemonTest.freePort();
    Path config = dir.resolve("ha.yaml");
    Files.writeString(
        config,
        "providers:\n  aws:\n    state:\n      local_path: %s\nfalco:\n  enabled: true\n"
                .formatted(DEMO.resolve("terraform.tfstate"))
            + "  listen: 127.0.0.1:%d\nserver:\n  listen: 127.0.0.1:0\n"
                .formatted(DaemonTest.freePort())
            + "store:\n  type: postgres\n  url: \"%s\"\n".formatted(store)
            + "high_availability:\n  enabled: true\n");
    Daemon daemon =
        new Daemon(
            Setup.load(
                Optional.of(config),
                Map.of("POD_NAME", "tfdrift-x", "POD_NAMESPACE", namespace),
                true,
                true),
            ha ->
                new LeaseElection(
                    ha,
                    new KubernetesClientBuilder()
                        .withConfig(
                            new ConfigBuilder()
                                .withMasterUrl("http://127.0.0.1:" + closed)
                                .withRequestRetryBackoffLimit(0)
                                .build())
                        .build()));
    daemons.add(daemon);
    assertThatThrownBy(daemon::start)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot read Lease " + namespace + "/tfdrift-leader")
        .hasMessageContaining("127.0.0.1:" + closed)
        .hasMessageContaining("high_availability.enabled: false");
  }

  @Test
  void timingsThatCannotWorkAreRejectedNamingTheKey() {
    ComponentConfig ha =
        ConfigSection.of(
            "high_availability",
            Map.of("enabled", true, "lease_duration", "10s", "renew_deadline", "10s"));
    assertThatThrownBy(() -> HighAvailability.from(ha, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("high_availability.renew_deadline")
        .hasMessageContaining("not shorter than lease_duration");
    HighAvailability defaults =
        HighAvailability.from(
            ConfigSection.of("high_availability", Map.of()),
            Map.of("POD_NAME", "tfdrift-7c9", "POD_NAMESPACE", "ops"));
    assertThat(defaults.identity()).isEqualTo("tfdrift-7c9");
    assertThat(defaults.namespace()).isEqualTo("ops");
    assertThat(defaults.leaseName()).isEqualTo("tfdrift-leader");
  }

  @Test
  void theDaemonsSetupReadsTheSectionOnceWithTheEnvironmentsDefaults() throws Exception {
    Path config = dir.resolve("ha.yaml");
    Files.writeString(
        config,
        "providers:\n  aws:\n    state:\n      local_path: %s\nserver:\n  listen: 127.0.0.1:0\n"
                .formatted(DEMO.resolve("terraform.tfstate"))
            + "store:\n  type: none\nhigh_availability:\n  lease_duration: 20s\n");
    try (Setup daemon =
            Setup.load(
                Optional.of(config),
                Map.of("POD_NAME", "tfdrift-0", "POD_NAMESPACE", "ops"),
                true,
                true);
        Setup replay = Setup.load(Optional.of(config), Map.of(), false, false)) {
      assertThat(daemon.highAvailability())
          .hasValueSatisfying(
              ha -> {
                assertThat(ha.enabled()).isFalse();
                assertThat(ha.identity()).isEqualTo("tfdrift-0");
                assertThat(ha.namespace()).isEqualTo("ops");
                assertThat(ha.leaseDuration()).isEqualTo(seconds(20));
              });
      assertThat(replay.highAvailability()).as("not the replay's concern").isEmpty();
    }
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  private String holder() {
    Lease lease = client.leases().inNamespace(namespace).withName("tfdrift-leader").get();
    return lease.getSpec().getHolderIdentity();
  }

  private String podRole(String pod) {
    return client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .get()
        .getMetadata()
        .getLabels()
        .get(HighAvailability.ROLE_LABEL);
  }

  private int post(Instance i, int record) throws Exception {
    JsonNode records = JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records");
    return http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + i.falcoPort() + "/api/v1/falco/events"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        FalcoCommandsTest.alert(records.get(record)).toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private HttpResponse<String> get(Instance i, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + i.daemon().adminPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode readiness(Instance i) throws Exception {
    return JSON.readTree(get(i, "/ready").body());
  }

  private String role(Instance i) throws Exception {
    return readiness(i).path("role").asText();
  }

  /** Whether something accepts connections on the port; posting instead could ingest an alert. */
  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  /** Leader and ready in one answer: a leader is ready only once its receiver listens. */
  private boolean leadingAndReady(Instance i) throws Exception {
    JsonNode r = readiness(i);
    return r.path("role").asText().equals("leader") && r.path("ready").asBoolean();
  }

  /** Waits up to 30 s: elections, lease expiry and relabelling take seconds on a loaded machine. */
  private static ConditionFactory await(String what) {
    return Awaitility.await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50));
  }

  private String metrics(Instance i) throws Exception {
    return get(i, "/metrics").body();
  }
}
