package io.tfdrift.state.gcp;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.auto.service.AutoService;
import com.google.cloud.NoCredentials;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretManagerServiceSettings;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.api.spi.SecretResolverProvider;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Secret scheme {@code gcp-secret}: {@code <key>_from_gcp_secret:
 * projects/<p>/secrets/<s>/versions/<v>} reads a GCP Secret Manager secret version ({@code latest}
 * when the version is left off).
 *
 * <p>Section {@code secrets.gcp-secret} (all optional): {@code ttl} (how long a value is reused,
 * default 5m), {@code credentials_file} (else Application Default Credentials), {@code anonymous}
 * (no credentials; fakes), {@code endpoint} (a private endpoint or a fake). The client speaks
 * Secret Manager's REST API (HTTP/JSON transport, no gRPC channel) and is built on the first secret
 * read.
 *
 * <pre>{@code
 * notifications:
 *   pagerduty:
 *     routing_key_from_gcp_secret: projects/acme/secrets/pagerduty-routing-key/versions/latest
 * }</pre>
 */
@AutoService(SecretResolverProvider.class)
public final class GcpSecretResolverProvider implements SecretResolverProvider {

  /** How long a fetched secret is reused unless {@code ttl} says otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private static final List<String> SCOPES =
      List.of("https://www.googleapis.com/auth/cloud-platform");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public GcpSecretResolverProvider() {}

  @Override
  public String type() {
    return "gcp-secret";
  }

  @Override
  public SecretResolver create(ComponentConfig config) {
    return create(config, Clock.systemUTC());
  }

  /** As {@link #create(ComponentConfig)}, with the clock that ages cached values. */
  static SecretResolver create(ComponentConfig config, Clock clock) {
    Duration ttl = config.duration("ttl", DEFAULT_TTL);
    GcpCredentials credentials = GcpCredentials.from(config, SCOPES);
    return new GcpSecretResolver(() -> client(credentials), ttl, clock);
  }

  private static SecretManagerServiceClient client(GcpCredentials credentials)
      throws java.io.IOException {
    SecretManagerServiceSettings.Builder settings =
        SecretManagerServiceSettings.newHttpJsonBuilder();
    credentials.endpoint().ifPresent(uri -> settings.setEndpoint(uri.toString()));
    credentials
        .explicit()
        .ifPresent(
            c ->
                settings.setCredentialsProvider(
                    c instanceof NoCredentials
                        ? NoCredentialsProvider.create()
                        : FixedCredentialsProvider.create(c)));
    return SecretManagerServiceClient.create(settings.build());
  }
}
