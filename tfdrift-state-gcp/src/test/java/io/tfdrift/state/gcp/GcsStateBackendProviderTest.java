package io.tfdrift.state.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.TerraformStates;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class GcsStateBackendProviderTest {

  private static StateBackend create(Map<String, Object> values) {
    return new GcsStateBackendProvider().create(ConfigSection.of("providers.gcp.state", values));
  }

  @Test
  void needsABucketAndAPrefixOrAnObject() {
    assertThatThrownBy(() -> create(Map.of("anonymous", true)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "providers.gcp.state.gcs_bucket: missing; this key is required",
                        "providers.gcp.state.gcs_prefix: missing; set gcs_prefix (Terraform's gcs"
                            + " backend prefix) or gcs_object (one object)"));
  }

  @Test
  void rejectsBothPrefixAndObject() {
    assertThatThrownBy(
            () ->
                create(
                    Map.of(
                        "gcs_bucket",
                        "b",
                        "gcs_prefix",
                        "p",
                        "gcs_object",
                        "o",
                        "anonymous",
                        true)))
        .hasMessageContaining(
            "providers.gcp.state.gcs_object: set either gcs_object or gcs_prefix");
  }

  @Test
  void rejectsWorkspacesWithAnObjectAndAllWithNames() {
    assertThatThrownBy(
            () ->
                create(
                    Map.of(
                        "gcs_bucket",
                        "b",
                        "gcs_object",
                        "o",
                        "workspaces",
                        "prod",
                        "anonymous",
                        true)))
        .hasMessageContaining("providers.gcp.state.workspaces");
    assertThatThrownBy(
            () ->
                create(
                    Map.of(
                        "gcs_bucket",
                        "b",
                        "gcs_prefix",
                        "p",
                        "workspaces",
                        List.of("all", "prod"),
                        "anonymous",
                        true)))
        .hasMessageContaining("'all' selects every workspace");
  }

  @Test
  void aMissingCredentialsFileFailsAtStartUp() {
    assertThatThrownBy(
            () ->
                create(
                    Map.of(
                        "gcs_bucket",
                        "b",
                        "gcs_prefix",
                        "p",
                        "credentials_file",
                        "/nope/key.json")))
        .hasMessageContaining(
            "providers.gcp.state.credentials_file: file /nope/key.json does not exist");
  }

  @Test
  void readsEveryKeyItDocuments() {
    ConfigSection config =
        ConfigSection.of(
            "providers.gcp.state",
            Map.of(
                "gcs_bucket", "acme",
                "gcs_prefix", "network",
                "workspaces", List.of("prod", "dev"),
                "anonymous", true,
                "endpoint", "http://127.0.0.1:1",
                "project", "acme",
                "max_attempts", 2,
                "timeout", "5s"));
    try (StateBackend backend = new GcsStateBackendProvider().create(config)) {
      assertThat(config.unknownKeys()).isEmpty();
      assertThat(backend.location()).isEqualTo("gs://acme/network (workspaces: prod, dev)");
    }
  }

  /**
   * {@code tfdrift replay --state gs://bucket/object} builds a section with {@code backend}, {@code
   * gcs_bucket} and {@code gcs_object}; the endpoint and anonymous credentials are the only
   * additions, to reach the fake.
   */
  @Test
  void cliStateSectionLoadsThroughTheServiceLoaderAndTheCoreStateStore() throws Exception {
    byte[] state =
        TerraformStates.builder()
            .resource(
                "google_compute_instance", "web", Map.of("id", "web-1", "machine_type", "e2-small"))
            .build();
    try (FakeGcs gcs = new FakeGcs()) {
      gcs.createBucket("acme");
      gcs.put("acme", "prod/default.tfstate", state);
      Map<String, Object> section =
          Map.of(
              "backend", "gcs",
              "gcs_bucket", "acme",
              "gcs_object", "prod/default.tfstate",
              "endpoint", gcs.endpoint().toString(),
              "anonymous", true);
      StateBackendProvider provider =
          ServiceLoader.load(StateBackendProvider.class).stream()
              .map(ServiceLoader.Provider::get)
              .filter(p -> p.type().equals("gcs"))
              .findFirst()
              .orElseThrow();
      StateStore store = new StateStore();
      try (StateBackend backend =
          provider.create(ConfigSection.of("--state gs://acme/prod/default.tfstate", section))) {
        RefreshResult first = store.refresh("default", backend);
        RefreshResult second = store.refresh("default", backend);

        assertThat(first.outcome()).isEqualTo(RefreshResult.Outcome.LOADED);
        assertThat(first.resources()).isEqualTo(1);
        assertThat(second.outcome()).isEqualTo(RefreshResult.Outcome.UNCHANGED);
        assertThat(store.index().lookup("google_compute_instance", "web-1"))
            .extracting(io.tfdrift.api.ManagedResource::address)
            .isEqualTo("google_compute_instance.web");

        gcs.put(
            "acme",
            "prod/default.tfstate",
            TerraformStates.builder()
                .serial(2)
                .resource(
                    "google_compute_instance", "api", Map.of("id", "api-1", "machine_type", "n2"))
                .build());
        RefreshResult third = store.refresh("default", backend);

        assertThat(third.outcome()).isEqualTo(RefreshResult.Outcome.LOADED);
        assertThat(store.index().lookup("google_compute_instance", "api-1"))
            .extracting(io.tfdrift.api.ManagedResource::address)
            .isEqualTo("google_compute_instance.api");
        assertThat(store.index().lookup("google_compute_instance", "web-1")).isNull();
      }
    }
  }
}
