package io.tfdrift.state.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.api.spi.StateFetch;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.StateFetches;
import io.tfdrift.testkit.TerraformStates;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 backend against S3Proxy, seen through a recording WireMock proxy so that tests can count
 * the requests a fetch costs.
 */
class S3StateBackendTest {
  private static final String DENIED = "locked-bucket";
  private static final AtomicInteger BUCKETS = new AtomicInteger();

  private static S3ProxyServer s3;
  private static WireMockServer recorder;

  private String bucket;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.open(Set.of(DENIED));
    recorder = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    recorder.start();
    recorder.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(s3.endpoint().toString())));
  }

  @AfterAll
  static void stop() {
    recorder.stop();
    s3.close();
  }

  @BeforeEach
  void newBucket() {
    bucket = "states-" + BUCKETS.incrementAndGet();
    s3.createBucket(bucket);
    recorder.resetRequests();
  }

  private static byte[] state(String instanceType) {
    return TerraformStates.builder()
        .resource("aws_instance", "web", Map.of("id", "i-0abc", "instance_type", instanceType))
        .build();
  }

  private StateBackend backend(Map<String, Object> values) {
    return new S3StateBackendProvider().create(ConfigSection.of("providers.aws.state", values));
  }

  private Map<String, Object> section(String key, Object... more) {
    Map<String, Object> values = S3ProxyServer.section(URI.create(recorder.baseUrl()), bucket, key);
    for (int i = 0; i < more.length; i += 2) {
      values.put((String) more[i], more[i + 1]);
    }
    return values;
  }

  /** The requests since the last reset, oldest first, as "METHOD path status". */
  private static List<String> requests() {
    return recorder.getAllServeEvents().stream()
        .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
        .map(S3StateBackendTest::describe)
        .toList();
  }

  private static String describe(ServeEvent e) {
    String url = e.getRequest().getUrl();
    String path = url.contains("list-type=2") ? url.substring(0, url.indexOf('?')) + "?list" : url;
    return e.getRequest().getMethod() + " " + path + " " + e.getResponse().getStatus();
  }

  @Test
  void unchangedObjectCostsOneConditionalGetAnswered304() throws Exception {
    s3.put(bucket, "net.tfstate", state("t3.micro"));
    try (StateBackend backend = backend(section("net.tfstate"))) {
      String version = backend.fetch("").version();
      recorder.resetRequests();

      StateFetch again = backend.fetch(version);

      assertThat(again).isInstanceOf(StateFetch.Unchanged.class);
      assertThat(requests()).containsExactly("GET /" + bucket + "/net.tfstate 304");
      assertThat(recorder.getAllServeEvents().get(0).getRequest().getHeader("If-None-Match"))
          .isEqualTo(version);
    }
  }

  @Test
  void aNewBackendStillAsksWithTheVersionItIsGiven() throws Exception {
    s3.put(bucket, "net.tfstate", state("t3.micro"));
    String version;
    try (StateBackend first = backend(section("net.tfstate"))) {
      version = first.fetch("").version();
    }
    recorder.resetRequests();
    try (StateBackend second = backend(section("net.tfstate"))) {
      assertThat(second.fetch(version)).isInstanceOf(StateFetch.Unchanged.class);
    }
    assertThat(requests()).containsExactly("GET /" + bucket + "/net.tfstate 304");
  }

  @Test
  void globLoadsEveryMatchingStateNamedByItsPath() throws Exception {
    s3.put(bucket, "states/network/terraform.tfstate", state("t3.micro"));
    s3.put(bucket, "states/compute/terraform.tfstate", state("t3.large"));
    s3.put(bucket, "states/compute/notes.txt", "not a state".getBytes());
    s3.put(bucket, "other/terraform.tfstate", state("t3.nano"));
    try (StateBackend backend = backend(section("states/*/terraform.tfstate"))) {
      StateFetch fetch = backend.fetch("");

      assertThat(StateFetches.changed(fetch).documents())
          .extracting(StateDocument::workspace, StateDocument::location)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "compute/terraform", "s3://" + bucket + "/states/compute/terraform.tfstate"),
              org.assertj.core.groups.Tuple.tuple(
                  "network/terraform", "s3://" + bucket + "/states/network/terraform.tfstate"));
      assertThat(backend.location()).isEqualTo("s3://" + bucket + "/states/*/terraform.tfstate");
    }
  }

  @Test
  void unchangedGlobCostsOneListCallAndAChangeReadsOnlyTheChangedObject() throws Exception {
    s3.put(bucket, "states/a/terraform.tfstate", state("t3.micro"));
    s3.put(bucket, "states/b/terraform.tfstate", state("t3.micro"));
    try (StateBackend backend = backend(section("states/**/terraform.tfstate"))) {
      String version = backend.fetch("").version();
      recorder.resetRequests();

      assertThat(backend.fetch(version)).isInstanceOf(StateFetch.Unchanged.class);
      assertThat(requests()).containsExactly("GET /" + bucket + "?list 200");

      s3.put(bucket, "states/b/terraform.tfstate", state("t3.large"));
      recorder.resetRequests();
      StateFetch changed = backend.fetch(version);

      assertThat(changed).isInstanceOf(StateFetch.Changed.class);
      assertThat(changed.version()).isNotEqualTo(version);
      assertThat(StateFetches.changed(changed).documents()).hasSize(2);
      assertThat(StateFetches.changed(changed).documents())
          .filteredOn(d -> d.workspace().equals("b/terraform"))
          .singleElement()
          .satisfies(d -> assertThat(d.content()).isEqualTo(state("t3.large")));
      assertThat(requests())
          .containsExactly(
              "GET /" + bucket + "?list 200", "GET /" + bucket + "/states/b/terraform.tfstate 200");
    }
  }

  @Test
  void allWorkspacesReadsTheDefaultKeyAndTerraformsEnvPrefix() throws Exception {
    s3.put(bucket, "net.tfstate", state("t3.micro"));
    s3.put(bucket, "env:/prod/net.tfstate", state("m5.large"));
    s3.put(bucket, "env:/staging/net.tfstate", state("t3.small"));
    s3.put(bucket, "env:/staging/other.tfstate", state("t3.small"));
    try (StateBackend backend = backend(section("net.tfstate", "workspaces", "all"))) {
      StateFetch fetch = backend.fetch("");

      assertThat(StateFetches.changed(fetch).documents())
          .extracting(StateDocument::workspace)
          .containsExactlyInAnyOrder("default", "prod", "staging");
      assertThat(backend.location()).isEqualTo("s3://" + bucket + "/net.tfstate (workspaces: all)");
      recorder.resetRequests();
      assertThat(backend.fetch(fetch.version())).isInstanceOf(StateFetch.Unchanged.class);
      assertThat(requests()).hasSize(2).allMatch(r -> r.endsWith("?list 200"));
    }
  }

  @Test
  void namedWorkspacesAreReadWithoutListingUnderTheConfiguredPrefix() throws Exception {
    s3.put(bucket, "workspaces/prod/net.tfstate", state("m5.large"));
    s3.put(bucket, "workspaces/dev/net.tfstate", state("t3.micro"));
    Map<String, Object> values =
        section(
            "net.tfstate",
            "workspaces",
            List.of("prod", "dev"),
            "workspace_key_prefix",
            "workspaces");
    try (StateBackend backend = backend(values)) {
      StateFetch fetch = backend.fetch("");
      assertThat(StateFetches.changed(fetch).documents())
          .extracting(StateDocument::workspace)
          .containsExactly("prod", "dev");
      recorder.resetRequests();

      assertThat(backend.fetch(fetch.version())).isInstanceOf(StateFetch.Unchanged.class);
      assertThat(requests())
          .containsExactly(
              "GET /" + bucket + "/workspaces/prod/net.tfstate 304",
              "GET /" + bucket + "/workspaces/dev/net.tfstate 304");
    }
  }

  @Test
  void oneNamedWorkspaceIsOneObject() throws Exception {
    s3.put(bucket, "env:/prod/net.tfstate", state("m5.large"));
    try (StateBackend backend = backend(section("net.tfstate", "workspaces", "prod"))) {
      assertThat(backend.location()).isEqualTo("s3://" + bucket + "/env:/prod/net.tfstate");
      assertThat(StateFetches.changed(backend.fetch("")).documents())
          .singleElement()
          .satisfies(d -> assertThat(d.workspace()).isEqualTo("prod"));
    }
  }

  @Test
  void missingObjectIsNoSuchKeyNamingTheObjectAndTheKeys() {
    try (StateBackend backend = backend(section("missing.tfstate"))) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageStartingWith("s3://" + bucket + "/missing.tfstate: ")
          .hasMessageContaining("does not exist (NoSuchKey)")
          .hasMessageContaining("providers.aws.state.s3_key")
          .hasMessageContaining("providers.aws.state.workspaces");
    }
  }

  @Test
  void missingBucketIsNoSuchBucketNamingTheBucketKey() {
    Map<String, Object> values = section("net.tfstate");
    values.put("s3_bucket", "no-such-bucket");
    try (StateBackend backend = backend(values)) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("bucket 'no-such-bucket' does not exist (NoSuchBucket)")
          .hasMessageContaining("providers.aws.state.s3_bucket");
    }
  }

  @Test
  void accessDeniedNamesTheObjectAndTheActionsToGrant() {
    Map<String, Object> values = section("prod/net.tfstate");
    values.put("s3_bucket", DENIED);
    try (StateBackend backend = backend(values)) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("access denied reading s3://" + DENIED + "/prod/net.tfstate")
          .hasMessageContaining("s3:GetObject on arn:aws:s3:::" + DENIED + "/prod/net.tfstate")
          .hasMessageContaining("kms:Decrypt")
          .hasMessageContaining("s3:ListBucket on arn:aws:s3:::" + DENIED);
    }
  }

  @Test
  void accessDeniedWhileListingNamesListBucket() {
    Map<String, Object> values = section("states/*.tfstate");
    values.put("s3_bucket", DENIED);
    try (StateBackend backend = backend(values)) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("access denied listing s3://" + DENIED + "/states/*")
          .hasMessageContaining("s3:ListBucket on arn:aws:s3:::" + DENIED);
    }
  }

  @Test
  void aGlobMatchingNothingFailsNamingWhatWasListed() {
    s3.put(bucket, "states/readme.txt", "x".getBytes());
    try (StateBackend backend = backend(section("states/*.tfstate"))) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining(backend.location())
          .hasMessageContaining("no object matches")
          .hasMessageContaining("s3://" + bucket + "/states/*");
    }
  }

  @Test
  void aDeletedObjectInAGlobDropsOut() throws Exception {
    s3.put(bucket, "a.tfstate", state("t3.micro"));
    s3.put(bucket, "b.tfstate", state("t3.micro"));
    try (StateBackend backend = backend(section("*.tfstate"))) {
      String version = backend.fetch("").version();
      s3.delete(bucket, "b.tfstate");
      assertThat(StateFetches.changed(backend.fetch(version)).documents())
          .extracting(StateDocument::workspace)
          .containsExactly("a");
    }
  }

  @Test
  void missingCredentialsAreNamedWithWhereToProvideThem(@TempDir Path home) throws Exception {
    Path config =
        Files.writeString(home.resolve("config"), "[profile other]\nregion = eu-west-1\n");
    System.setProperty("aws.configFile", config.toString());
    System.setProperty("aws.sharedCredentialsFile", home.resolve("credentials").toString());
    Map<String, Object> values = section("net.tfstate");
    values.remove("access_key");
    values.remove("secret_key");
    values.put("profile", "tfdrift-missing-profile");
    try (StateBackend backend = backend(values)) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("no usable AWS credentials while reading s3://" + bucket)
          .hasMessageContaining("providers.aws.state.profile");
    } finally {
      System.clearProperty("aws.configFile");
      System.clearProperty("aws.sharedCredentialsFile");
    }
  }
}
