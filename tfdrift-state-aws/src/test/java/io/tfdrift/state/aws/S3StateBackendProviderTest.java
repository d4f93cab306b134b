package io.tfdrift.state.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.TerraformStates;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class S3StateBackendProviderTest {

  private static StateBackend create(Map<String, Object> values) {
    return new S3StateBackendProvider().create(ConfigSection.of("providers.aws.state", values));
  }

  private static Map<String, Object> valid() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("s3_bucket", "acme");
    values.put("s3_key", "net.tfstate");
    values.put("s3_region", "eu-west-1");
    return values;
  }

  @Test
  void reportsEveryMissingRequiredKeyAtOnce() {
    assertThatThrownBy(() -> create(Map.of("s3_region", "eu-west-1")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "providers.aws.state.s3_bucket: missing; this key is required",
                        "providers.aws.state.s3_key: missing; this key is required"));
  }

  @Test
  void rejectsAllWithOtherWorkspaces() {
    Map<String, Object> values = valid();
    values.put("workspaces", List.of("all", "prod"));
    assertThatThrownBy(() -> create(values))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.aws.state.workspaces: 'all' selects every workspace");
  }

  @Test
  void rejectsAKeyWithALeadingSlashAndABucketWithAPath() {
    Map<String, Object> values = valid();
    values.put("s3_key", "/net.tfstate");
    values.put("s3_bucket", "acme/net");
    assertThatThrownBy(() -> create(values))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).startsWith("providers.aws.state.s3_bucket:"))
                    .anySatisfy(p -> assertThat(p).startsWith("providers.aws.state.s3_key:")));
  }

  @Test
  void rejectsARelativeEndpointAndARoleThatIsNotAnArn() {
    Map<String, Object> values = valid();
    values.put("endpoint", "minio:9000");
    assertThatThrownBy(() -> create(values))
        .hasMessageContaining("providers.aws.state.endpoint: 'minio:9000' is not an absolute URL");
    Map<String, Object> role = valid();
    role.put("role_arn", "tfdrift-reader");
    assertThatThrownBy(() -> create(role))
        .hasMessageContaining("providers.aws.state.role_arn: 'tfdrift-reader' is not an ARN");
  }

  @Test
  void accessKeyNeedsSecretKey() {
    Map<String, Object> values = valid();
    values.put("access_key", "AKIA");
    assertThatThrownBy(() -> create(values))
        .hasMessageContaining("providers.aws.state.secret_key: missing");
  }

  @Test
  void readsEveryKeyItDocuments() {
    Map<String, Object> values = valid();
    values.putAll(
        Map.of(
            "workspaces", "all",
            "workspace_key_prefix", "workspaces/",
            "endpoint", "https://s3.example.com",
            "role_arn", "arn:aws:iam::111122223333:role/reader",
            "role_session_name", "drift",
            "external_id", "x",
            "sts_endpoint", "https://sts.example.com",
            "profile", "prod",
            "max_attempts", 3,
            "timeout", "10s"));
    ConfigSection config = ConfigSection.of("providers.aws.state", values);
    try (StateBackend backend = new S3StateBackendProvider().create(config)) {
      assertThat(config.unknownKeys()).isEmpty();
      assertThat(backend.location()).isEqualTo("s3://acme/net.tfstate (workspaces: all)");
    }
  }

  /**
   * {@code tfdrift replay --state s3://bucket/key} builds a section with just {@code backend},
   * {@code s3_bucket} and {@code s3_key}; region and credentials then come from the SDK's chains
   * (system properties here). The endpoint is the only addition, to reach S3Proxy.
   */
  @Test
  void cliStateSectionLoadsThroughTheServiceLoaderAndTheCoreStateStore() throws Exception {
    byte[] state =
        TerraformStates.builder()
            .resource("aws_instance", "web", Map.of("id", "i-0abc", "instance_type", "t3.micro"))
            .build();
    String[] properties = {"aws.region", "aws.accessKeyId", "aws.secretAccessKey"};
    String[] values = {"us-east-1", S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY};
    try (S3ProxyServer s3 = S3ProxyServer.signed()) {
      s3.createBucket("acme");
      s3.put("acme", "prod/terraform.tfstate", state);
      for (int i = 0; i < properties.length; i++) {
        System.setProperty(properties[i], values[i]);
      }
      Map<String, Object> section =
          Map.of(
              "backend", "s3",
              "s3_bucket", "acme",
              "s3_key", "prod/terraform.tfstate",
              "endpoint", s3.endpoint().toString());
      StateBackendProvider provider =
          ServiceLoader.load(StateBackendProvider.class).stream()
              .map(ServiceLoader.Provider::get)
              .filter(p -> p.type().equals("s3"))
              .findFirst()
              .orElseThrow();
      StateStore store = new StateStore();
      try (StateBackend backend =
          provider.create(ConfigSection.of("--state s3://acme/prod/terraform.tfstate", section))) {
        RefreshResult first = store.refresh("terraform", backend);
        RefreshResult second = store.refresh("terraform", backend);

        assertThat(first.outcome()).isEqualTo(RefreshResult.Outcome.LOADED);
        assertThat(first.resources()).isEqualTo(1);
        assertThat(second.outcome()).isEqualTo(RefreshResult.Outcome.UNCHANGED);
        assertThat(store.index().lookup("aws_instance", "i-0abc"))
            .extracting(io.tfdrift.api.ManagedResource::address)
            .isEqualTo("aws_instance.web");

        s3.put(
            "acme",
            "prod/terraform.tfstate",
            TerraformStates.builder()
                .serial(2)
                .resource(
                    "aws_instance", "api", Map.of("id", "i-0def", "instance_type", "m5.large"))
                .build());
        RefreshResult third = store.refresh("terraform", backend);

        assertThat(third.outcome()).isEqualTo(RefreshResult.Outcome.LOADED);
        assertThat(store.index().lookup("aws_instance", "i-0def"))
            .extracting(io.tfdrift.api.ManagedResource::address)
            .isEqualTo("aws_instance.api");
        assertThat(store.index().lookup("aws_instance", "i-0abc")).isNull();
      }
    } finally {
      for (String property : properties) {
        System.clearProperty(property);
      }
    }
  }
}
