package io.tfdrift.falco.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.TlsServerCredentials;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.falco.RecordingSink;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gRPC client with mTLS against a real Netty server on loopback that requires client
 * certificates, as Falco's gRPC output does. The test PKI is the one described in {@code
 * FalcoHttpsReceiverTest}.
 */
class FalcoGrpcTlsTest {
  private final FalcoGrpcSubscriberTest.FakeFalco falco = new FalcoGrpcSubscriberTest.FakeFalco();
  private final RecordingSink sink = new RecordingSink();
  private Server server;
  private EventSource source;

  private static String tls(String name) {
    try {
      return Path.of(FalcoGrpcTlsTest.class.getResource("/tls/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private int startServer() throws Exception {
    TlsServerCredentials.Builder tls =
        TlsServerCredentials.newBuilder()
            .keyManager(new File(tls("server.pem")), new File(tls("server.key")))
            .trustManager(new File(tls("ca.pem")))
            .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    server = Grpc.newServerBuilderForPort(0, tls.build()).addService(falco).build().start();
    return server.getPort();
  }

  @AfterEach
  void stop() throws Exception {
    if (source != null) {
      source.close();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private EventSource source(int port, String ca) {
    return new FalcoGrpcSourceProvider()
        .create(
            ConfigSection.of(
                "falco",
                Map.of(
                    "hostname",
                    "localhost",
                    "port",
                    port,
                    "cert_file",
                    tls("client.pem"),
                    "key_file",
                    tls("client.key"),
                    "ca_root_file",
                    ca)));
  }

  @Test
  void streamsAlertsOverMutualTls() throws Exception {
    int port = startServer();
    falco.outputs.add(FalcoGrpcSubscriberTest.output("ec2_CreateVpc_1"));
    source = source(port, tls("ca.pem"));
    source.start(sink);
    assertThat(sink.await(1, Duration.ofSeconds(30))).hasSize(1);
    assertThat(source.connected()).isTrue();
  }

  @Test
  void neverConnectsToAServerItsCaDidNotSign() throws Exception {
    int port = startServer();
    falco.outputs.add(FalcoGrpcSubscriberTest.output("ec2_CreateVpc_1"));
    try (TcpRelay relay = new TcpRelay(port)) {
      source = source(relay.port(), tls("client.pem"));
      source.start(sink);
      // The client reached the server and hung up during the handshake: it tried and refused.
      await("a connection attempt ended")
          .atMost(Duration.ofSeconds(30))
          .until(() -> relay.ended() >= 1);
    }
    assertThat(sink.events()).isEmpty();
    assertThat(source.connected()).isFalse();
    assertThat(falco.streams.get()).isZero();
  }
}
