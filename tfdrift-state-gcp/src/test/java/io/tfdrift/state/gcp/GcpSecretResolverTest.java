package io.tfdrift.state.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Secret;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.api.spi.SecretResolverProvider;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gcp-secret scheme against WireMock speaking Secret Manager's REST API (the client runs on its
 * HTTP/JSON transport).
 */
class GcpSecretResolverTest {
  private static final String KEY = "R0UT1NGKEY0123456789";
  private static final String LATEST = "projects/acme/secrets/pagerduty/versions/latest";

  private WireMockServer gcp;
  private MutableClock clock;

  @BeforeEach
  void start() {
    gcp = new WireMockServer(WireMockConfiguration.options().dynamicPort());
    gcp.start();
    clock = MutableClock.at(Instant.parse("2026-11-23T12:00:00Z"));
  }

  @AfterEach
  void stop() {
    gcp.stop();
  }

  private SecretResolver resolver(Object... more) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("endpoint", gcp.baseUrl());
    values.put("anonymous", true);
    for (int i = 0; i < more.length; i += 2) {
      values.put((String) more[i], more[i + 1]);
    }
    return GcpSecretResolverProvider.create(ConfigSection.of("secrets.gcp-secret", values), clock);
  }

  private static String path(String name) {
    return "/v1/" + name + ":access";
  }

  private void version(String name, String value, boolean corruptChecksum) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    long checksum = corruptChecksum ? crc.getValue() + 1 : crc.getValue();
    gcp.stubFor(
        get(urlPathEqualTo(path(name)))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"name\":\"projects/123456/secrets/pagerduty/versions/3\","
                            + "\"payload\":{\"data\":\""
                            + Base64.getEncoder().encodeToString(bytes)
                            + "\",\"dataCrc32c\":\""
                            + checksum
                            + "\"}}")));
  }

  private void error(String name, int status, String grpcStatus, String message) {
    gcp.stubFor(
        get(urlPathEqualTo(path(name)))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":"
                            + status
                            + ",\"message\":\""
                            + message
                            + "\",\"status\":\""
                            + grpcStatus
                            + "\"}}")));
  }

  @Test
  void isFoundByServiceLoaderUnderItsScheme() {
    assertThat(ServiceLoader.load(SecretResolverProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo("gcp-secret"));
  }

  @Test
  void resolvesASecretVersion() {
    version(LATEST, KEY, false);

    Secret secret = resolver().resolve(LATEST);

    assertThat(secret.reveal()).isEqualTo(KEY);
    assertThat(secret).hasToString("****");
  }

  @Test
  void aNameWithoutVersionMeansLatest() {
    version(LATEST, KEY, false);
    assertThat(resolver().resolve("projects/acme/secrets/pagerduty").reveal()).isEqualTo(KEY);
  }

  @Test
  void cachesForTheTtlThenFetchesAgain() {
    version(LATEST, "one", false);
    SecretResolver resolver = resolver("ttl", "1m");
    assertThat(resolver.resolve(LATEST).reveal()).isEqualTo("one");

    version(LATEST, "two", false);
    clock.advance(Duration.ofSeconds(59));
    assertThat(resolver.resolve(LATEST).reveal()).isEqualTo("one");
    clock.advance(Duration.ofSeconds(2));
    assertThat(resolver.resolve(LATEST).reveal()).isEqualTo("two");
    gcp.verify(2, getRequestedFor(urlPathEqualTo(path(LATEST))));
  }

  @Test
  void servesTheCachedValueWhenARefreshFails() {
    version(LATEST, "one", false);
    SecretResolver resolver = resolver("ttl", "1m");
    resolver.resolve(LATEST);
    gcp.resetMappings();
    error(LATEST, 403, "PERMISSION_DENIED", "revoked");
    clock.advance(Duration.ofMinutes(5));

    assertThat(resolver.resolve(LATEST).reveal()).isEqualTo("one");
  }

  @Test
  void aCorruptedPayloadIsRefusedWithoutShowingIt() {
    version(LATEST, KEY, true);
    assertThatThrownBy(() -> resolver().resolve(LATEST))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("CRC32C mismatch")
        .message()
        .doesNotContain(KEY);
  }

  @Test
  void permissionDeniedNamesTheRole() {
    error(LATEST, 403, "PERMISSION_DENIED", "Permission denied on resource");
    assertThatThrownBy(() -> resolver().resolve(LATEST))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("permission denied reading GCP secret '" + LATEST + "'")
        .hasMessageContaining("secretmanager.versions.access")
        .hasMessageContaining("roles/secretmanager.secretAccessor");
  }

  @Test
  void aMissingSecretIsNamed() {
    error(LATEST, 404, "NOT_FOUND", "Secret [projects/123456/secrets/pagerduty] not found");
    assertThatThrownBy(() -> resolver().resolve(LATEST))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("GCP secret '" + LATEST + "' was not found");
  }

  @Test
  void rejectsAReferenceThatIsNotAVersionName() {
    assertThatThrownBy(() -> resolver().resolve("pagerduty"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("projects/<project>/secrets/<secret>/versions/<version or latest>");
  }

  @Test
  void aSecretFeedsAnyComponentKeyThroughTheFromGcpSecretForm() {
    version(LATEST, KEY, false);
    ComponentConfig pagerduty =
        ConfigSection.of(
            "notifications.pagerduty",
            Map.of("routing_key_from_gcp_secret", LATEST),
            Map.of("gcp-secret", resolver()));
    assertThat(pagerduty.secret("routing_key").reveal()).isEqualTo(KEY);
  }

  @Test
  void creatingTheResolverContactsNothing() {
    resolver();
    assertThat(gcp.getAllServeEvents()).isEmpty();
  }
}
