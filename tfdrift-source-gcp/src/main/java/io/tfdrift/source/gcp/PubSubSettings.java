package io.tfdrift.source.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.rpc.TransportChannelProvider;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a {@link PubSubAuditSource} needs to build its subscriber.
 *
 * @param subscription {@code projects/P/subscriptions/S}
 * @param maxOutstandingMessages flow control: messages received and not yet acknowledged
 * @param maxOutstandingBytes flow control: their bytes
 * @param parallelPullCount streaming pull connections
 * @param transport where and how to connect
 */
record PubSubSettings(
    String subscription,
    int maxOutstandingMessages,
    long maxOutstandingBytes,
    int parallelPullCount,
    Transport transport) {

  PubSubSettings {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(transport, "transport");
  }

  /**
   * The connection: a fresh channel provider for every subscriber (a failed subscriber's channels
   * are gone with it).
   *
   * @param endpoint the endpoint, for messages
   * @param channels makes a channel provider
   * @param credentials the credentials
   */
  record Transport(
      String endpoint,
      Supplier<TransportChannelProvider> channels,
      CredentialsProvider credentials) {

    Transport {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(channels, "channels");
      Objects.requireNonNull(credentials, "credentials");
    }
  }
}
