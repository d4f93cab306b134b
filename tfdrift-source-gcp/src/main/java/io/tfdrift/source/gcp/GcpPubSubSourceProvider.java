package io.tfdrift.source.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.GrpcTransportChannel;
import com.google.api.gax.rpc.FixedTransportChannelProvider;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auto.service.AutoService;
import com.google.cloud.pubsub.v1.SubscriptionAdminSettings;
import com.google.pubsub.v1.ProjectSubscriptionName;
import io.grpc.ManagedChannelBuilder;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Source {@code gcp-pubsub}: streaming pull from a Pub/Sub subscription fed by a Cloud Logging sink
 * of audit logs.
 *
 * <p>Keys: {@code subscription} (required, {@code projects/P/subscriptions/S}), {@code
 * credentials_file} (a service account key JSON; default: Application Default Credentials), {@code
 * endpoint} ({@code host:port}, default {@code pubsub.googleapis.com:443}), {@code plaintext}
 * (default {@code false}; {@code true} for a local emulator or fake: no TLS and no credentials),
 * {@code max_outstanding_messages} (default 1000) and {@code max_outstanding_bytes} (default {@code
 * 100MB}): flow control, messages received but not yet acknowledged; {@code parallel_pull_count}
 * (default 1): streaming pull connections.
 *
 * <pre>{@code
 * sources:
 *   - type: gcp-pubsub
 *     subscription: projects/acme-logging/subscriptions/tfdrift-audit
 *     max_outstanding_messages: 1000
 * }</pre>
 */
@AutoService(EventSourceProvider.class)
public final class GcpPubSubSourceProvider implements EventSourceProvider {

  /** The default for {@code max_outstanding_messages}. */
  public static final int DEFAULT_MAX_OUTSTANDING_MESSAGES = 1000;

  /** The default for {@code max_outstanding_bytes}: 100 MiB, the client library's default. */
  public static final long DEFAULT_MAX_OUTSTANDING_BYTES = 100L << 20;

  private static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/pubsub");

  /** Creates the provider; ServiceLoader calls this. */
  public GcpPubSubSourceProvider() {}

  @Override
  public String type() {
    return "gcp-pubsub";
  }

  @Override
  public EventSource create(ComponentConfig config) {
    String subscription = config.string("subscription");
    if (!ProjectSubscriptionName.isParsableFrom(subscription)) {
      throw config.invalid(
          "subscription",
          "'"
              + subscription
              + "' is not a subscription name; use projects/PROJECT/subscriptions/SUBSCRIPTION");
    }
    Optional<String> endpoint = config.optionalString("endpoint");
    boolean plaintext = config.bool("plaintext", false);
    if (plaintext && endpoint.isEmpty()) {
      throw config.invalid(
          "plaintext", "is for a local emulator or fake; set endpoint (host:port) as well");
    }
    Optional<Path> credentialsFile = config.optionalString("credentials_file").map(Path::of);
    if (plaintext && credentialsFile.isPresent()) {
      throw config.invalid(
          "credentials_file", "is not sent over a plaintext connection; remove one of the two");
    }
    int maxMessages =
        positive(config, "max_outstanding_messages", DEFAULT_MAX_OUTSTANDING_MESSAGES);
    long maxBytes = ByteSize.read(config, "max_outstanding_bytes", DEFAULT_MAX_OUTSTANDING_BYTES);
    int pulls = positive(config, "parallel_pull_count", 1);
    PubSubSettings.Transport transport =
        plaintext ? plaintext(endpoint.get()) : secure(config, endpoint, credentialsFile);
    return new PubSubAuditSource(
        new PubSubSettings(subscription, maxMessages, maxBytes, pulls, transport));
  }

  private static PubSubSettings.Transport plaintext(String endpoint) {
    return new PubSubSettings.Transport(
        endpoint,
        () ->
            FixedTransportChannelProvider.create(
                GrpcTransportChannel.create(
                    ManagedChannelBuilder.forTarget(endpoint).usePlaintext().build())),
        NoCredentialsProvider.create());
  }

  private static PubSubSettings.Transport secure(
      ComponentConfig config, Optional<String> endpoint, Optional<Path> credentialsFile) {
    CredentialsProvider credentials =
        credentialsFile.isPresent()
            ? FixedCredentialsProvider.create(serviceAccount(config, credentialsFile.get()))
            : SubscriptionAdminSettings.defaultCredentialsProviderBuilder().build();
    String target = endpoint.orElse(SubscriptionAdminSettings.getDefaultEndpoint());
    return new PubSubSettings.Transport(
        target,
        () ->
            SubscriptionAdminSettings.defaultGrpcTransportProviderBuilder()
                .setEndpoint(target)
                .build(),
        credentials);
  }

  private static GoogleCredentials serviceAccount(ComponentConfig config, Path file) {
    if (!Files.isReadable(file)) {
      throw config.invalid(
          "credentials_file",
          "'"
              + file
              + "' is not a readable file; give a service account key JSON or remove the"
              + " key to use Application Default Credentials");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return GoogleCredentials.fromStream(in).createScoped(SCOPES);
    } catch (IOException | RuntimeException e) {
      throw config.invalid(
          "credentials_file", "'" + file + "' is not a usable credentials file: " + e.getMessage());
    }
  }

  private static int positive(ComponentConfig config, String key, int defaultValue) {
    int value = config.integer(key, defaultValue);
    if (value < 1) {
      throw config.invalid(key, value + " must be at least 1 (default " + defaultValue + ")");
    }
    return value;
  }
}
