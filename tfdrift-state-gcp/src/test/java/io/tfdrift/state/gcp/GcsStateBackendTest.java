package io.tfdrift.state.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.api.spi.StateFetch;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.StateFetches;
import io.tfdrift.testkit.TerraformStates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GCS backend against an in-process fake of the Cloud Storage JSON API. */
class GcsStateBackendTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static FakeGcs gcs;

  private String bucket;

  @BeforeAll
  static void start() throws Exception {
    gcs = new FakeGcs();
  }

  @AfterAll
  static void stop() {
    gcs.close();
  }

  @BeforeEach
  void newBucket() {
    bucket = "tf-" + BUCKETS.incrementAndGet();
    gcs.createBucket(bucket);
    gcs.resetRequests();
  }

  private static byte[] state(String machineType) {
    return TerraformStates.builder()
        .resource(
            "google_compute_instance", "web", Map.of("id", "web-1", "machine_type", machineType))
        .build();
  }

  private Map<String, Object> section(String key, String value, Object... more) {
    Map<String, Object> values = GcsStateBackendContractTest.section(gcs, bucket, key, value);
    for (int i = 0; i < more.length; i += 2) {
      values.put((String) more[i], more[i + 1]);
    }
    return values;
  }

  private static StateBackend backend(Map<String, Object> values) {
    return new GcsStateBackendProvider().create(ConfigSection.of("providers.gcp.state", values));
  }

  @Test
  void unchangedObjectCostsOneMetadataRead() throws Exception {
    gcs.put(bucket, "net/default.tfstate", state("e2-small"));
    try (StateBackend backend = backend(section("gcs_object", "net/default.tfstate"))) {
      String version = backend.fetch("").version();
      gcs.resetRequests();

      assertThat(backend.fetch(version)).isInstanceOf(StateFetch.Unchanged.class);
      assertThat(gcs.requests())
          .containsExactly("GET /" + bucket + "/o/net/default.tfstate metadata 200");
    }
  }

  @Test
  void theVersionIsTheGenerationAndAChangeReadsThatGeneration() throws Exception {
    long first = gcs.put(bucket, "net/default.tfstate", state("e2-small"));
    try (StateBackend backend = backend(section("gcs_object", "net/default.tfstate"))) {
      assertThat(backend.fetch("").version()).isEqualTo(Long.toString(first));
      long second = gcs.put(bucket, "net/default.tfstate", state("e2-large"));
      gcs.resetRequests();

      StateFetch changed = backend.fetch(Long.toString(first));

      assertThat(changed.version()).isEqualTo(Long.toString(second));
      assertThat(StateFetches.changed(changed).documents().get(0).content())
          .isEqualTo(state("e2-large"));
      assertThat(gcs.requests())
          .containsExactly(
              "GET /" + bucket + "/o/net/default.tfstate metadata 200",
              "GET /" + bucket + "/o/net/default.tfstate media 200");
    }
  }

  @Test
  void aPrefixReadsEveryWorkspaceInTerraformsLayout() throws Exception {
    gcs.put(bucket, "network/default.tfstate", state("e2-small"));
    gcs.put(bucket, "network/prod.tfstate", state("n2-standard-4"));
    gcs.put(bucket, "network/prod.tflock", "{}".getBytes(StandardCharsets.UTF_8));
    gcs.put(bucket, "network/old/ignored.tfstate", state("e2-micro"));
    gcs.put(bucket, "other/default.tfstate", state("e2-micro"));
    try (StateBackend backend = backend(section("gcs_prefix", "network"))) {
      StateFetch fetch = backend.fetch("");

      assertThat(StateFetches.changed(fetch).documents())
          .extracting(StateDocument::workspace, StateDocument::location)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  "default", "gs://" + bucket + "/network/default.tfstate"),
              org.assertj.core.groups.Tuple.tuple(
                  "prod", "gs://" + bucket + "/network/prod.tfstate"));
      assertThat(backend.location()).isEqualTo("gs://" + bucket + "/network (workspaces: all)");
    }
  }

  @Test
  void unchangedWorkspacesCostOneListingAndAChangeReadsOnlyThatObject() throws Exception {
    gcs.put(bucket, "network/default.tfstate", state("e2-small"));
    gcs.put(bucket, "network/prod.tfstate", state("n2-standard-4"));
    try (StateBackend backend = backend(section("gcs_prefix", "network/"))) {
      String version = backend.fetch("").version();
      gcs.resetRequests();

      assertThat(backend.fetch(version)).isInstanceOf(StateFetch.Unchanged.class);
      assertThat(gcs.requests()).containsExactly("GET /" + bucket + "/o list 200");

      gcs.put(bucket, "network/prod.tfstate", state("n2-standard-8"));
      gcs.resetRequests();
      StateFetch changed = backend.fetch(version);

      assertThat(StateFetches.changed(changed).documents()).hasSize(2);
      assertThat(gcs.requests())
          .containsExactly(
              "GET /" + bucket + "/o list 200",
              "GET /" + bucket + "/o/network/prod.tfstate media 200");
    }
  }

  @Test
  void namedWorkspacesAreReadWithoutListing() throws Exception {
    gcs.put(bucket, "network/prod.tfstate", state("n2-standard-4"));
    try (StateBackend backend =
        backend(section("gcs_prefix", "network", "workspaces", List.of("prod")))) {
      assertThat(backend.location()).isEqualTo("gs://" + bucket + "/network/prod.tfstate");
      StateFetch fetch = backend.fetch("");
      assertThat(StateFetches.changed(fetch).documents())
          .extracting(StateDocument::workspace)
          .containsExactly("prod");
      assertThat(gcs.requests()).noneMatch(r -> r.contains(" list "));
    }
  }

  @Test
  void aPrefixEndingInTfstateIsOneObjectAsUpstreamReadIt() throws Exception {
    gcs.put(bucket, "terraform/state/default.tfstate", state("e2-small"));
    try (StateBackend backend = backend(section("gcs_prefix", "terraform/state/default.tfstate"))) {
      assertThat(backend.location())
          .isEqualTo("gs://" + bucket + "/terraform/state/default.tfstate");
      assertThat(StateFetches.changed(backend.fetch("")).documents()).hasSize(1);
    }
  }

  @Test
  void aMissingObjectNamesItAndTheKeys() {
    try (StateBackend backend = backend(section("gcs_object", "net/nope.tfstate"))) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageStartingWith("gs://" + bucket + "/net/nope.tfstate: ")
          .hasMessageContaining("gs://" + bucket + "/net/nope.tfstate does not exist")
          .hasMessageContaining("providers.gcp.state.gcs_object");
    }
  }

  @Test
  void aMissingBucketIsNamed() {
    Map<String, Object> values = section("gcs_object", "net/default.tfstate");
    values.put("gcs_bucket", "no-such-bucket");
    try (StateBackend backend = backend(values)) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("bucket 'no-such-bucket' does not exist")
          .hasMessageContaining("providers.gcp.state.gcs_bucket");
    }
  }

  @Test
  void noWorkspaceUnderThePrefixFailsNamingThePrefix() {
    try (StateBackend backend = backend(section("gcs_prefix", "empty"))) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining(backend.location())
          .hasMessageContaining("no workspace state")
          .hasMessageContaining("gs://" + bucket + "/empty/");
    }
  }

  @Test
  void permissionDeniedNamesStorageObjectsGetAndTheRole() {
    String denied = "denied-" + bucket;
    gcs.createBucket(denied);
    gcs.deny(denied);
    Map<String, Object> values = section("gcs_object", "net/default.tfstate");
    values.put("gcs_bucket", denied);
    try (StateBackend backend = backend(values)) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("permission denied reading gs://" + denied + "/net/default.tfstate")
          .hasMessageContaining("storage.objects.get")
          .hasMessageContaining("roles/storage.objectViewer");
    }
  }

  @Test
  void permissionDeniedListingNamesStorageObjectsList() {
    String denied = "denied-list-" + bucket;
    gcs.createBucket(denied);
    gcs.deny(denied);
    Map<String, Object> values = section("gcs_prefix", "network");
    values.put("gcs_bucket", denied);
    try (StateBackend backend = backend(values)) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("permission denied listing gs://" + denied + "/network/*")
          .hasMessageContaining("storage.objects.list")
          .hasMessageContaining("roles/storage.objectViewer");
    }
  }

  @Test
  void serverErrorsAreRetried() throws Exception {
    gcs.put(bucket, "net/default.tfstate", state("e2-small"));
    gcs.failNext(1);
    try (StateBackend backend =
        backend(section("gcs_object", "net/default.tfstate", "max_attempts", 3))) {
      assertThat(StateFetches.changed(backend.fetch("")).documents()).hasSize(1);
    }
    assertThat(gcs.requests()).startsWith("GET /" + bucket + "/o/net/default.tfstate metadata 503");
  }

  @Test
  void serverErrorsThatOutlastTheRetriesFailClearly() {
    gcs.put(bucket, "net/default.tfstate", state("e2-small"));
    gcs.failNext(100);
    try (StateBackend backend =
        backend(section("gcs_object", "net/default.tfstate", "max_attempts", 1))) {
      assertThatThrownBy(() -> backend.fetch(""))
          .isInstanceOf(StateException.class)
          .hasMessageContaining("Cloud Storage kept failing")
          .hasMessageContaining("HTTP 503")
          .hasMessageContaining("providers.gcp.state.max_attempts");
    } finally {
      gcs.failNext(0);
    }
  }

  @Test
  void readsWithAServiceAccountKeyFile(@TempDir Path dir) throws Exception {
    try (FakeGcs strict = new FakeGcs()) {
      strict.createBucket("b");
      strict.put("b", "s.tfstate", state("e2-small"));
      strict.requireToken();
      Map<String, Object> values =
          GcsStateBackendContractTest.section(strict, "b", "gcs_object", "s.tfstate");
      values.remove("anonymous");
      values.put(
          "credentials_file", serviceAccountKey(dir, strict.endpoint() + "/token").toString());
      try (StateBackend backend = backend(values)) {
        assertThat(StateFetches.changed(backend.fetch("")).documents()).hasSize(1);
      }
      assertThat(strict.requests()).allMatch(r -> r.endsWith(" 200"));
    }
  }

  @Test
  void rejectedCredentialsAreNamed() {
    try (FakeGcs strict = new FakeGcs()) {
      strict.createBucket("b");
      strict.put("b", "s.tfstate", state("e2-small"));
      strict.requireToken();
      Map<String, Object> values =
          GcsStateBackendContractTest.section(strict, "b", "gcs_object", "s.tfstate");
      try (StateBackend backend = backend(values)) {
        assertThatThrownBy(() -> backend.fetch(""))
            .isInstanceOf(StateException.class)
            .hasMessageContaining("rejected the credentials")
            .hasMessageContaining("HTTP 401")
            .hasMessageContaining("providers.gcp.state.credentials_file");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A service account key whose token endpoint is the fake; the key itself is made up. */
  static Path serviceAccountKey(Path dir, String tokenUri) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    String pem =
        "-----BEGIN PRIVATE KEY-----\\n"
            + Base64.getEncoder()
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded())
            + "\\n-----END PRIVATE KEY-----\\n";
    String json =
        "{\"type\":\"service_account\",\"project_id\":\"acme\",\"private_key_id\":\"k1\","
            + "\"private_key\":\""
            + pem
            + "\",\"client_email\":\"tfdrift@acme.iam.gserviceaccount.com\","
            + "\"client_id\":\"1\",\"token_uri\":\""
            + tokenUri
            + "\"}";
    Path file = dir.resolve("key.json");
    Files.writeString(file, json);
    return file;
  }
}
