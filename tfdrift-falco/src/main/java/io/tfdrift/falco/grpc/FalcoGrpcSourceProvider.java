package io.tfdrift.falco.grpc;

import com.google.auto.service.AutoService;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.falco.PemTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;

/**
 * Source {@code falco-grpc}: subscribes to Falco's gRPC outputs ({@code
 * /falco.outputs.service/sub}). Falco 0.44 removed gRPC output; prefer {@code falco-http}.
 *
 * <p>Keys (section {@code falco}): {@code hostname} (default {@code localhost}), {@code port}
 * (default {@code 5060}), {@code cert_file} + {@code key_file} (PEM client certificate: mTLS, as
 * Falco's gRPC server requires when it listens on a network address) and then {@code ca_root_file}
 * (PEM CA of Falco's server certificate, required with mTLS). Without a certificate the channel is
 * plaintext. The server name checked is {@code hostname}.
 *
 * <pre>{@code
 * falco:
 *   transport: grpc
 *   hostname: falco.falco.svc
 *   port: 5060
 *   cert_file: /etc/tfdrift/client.crt
 *   key_file: /etc/tfdrift/client.key
 *   ca_root_file: /etc/tfdrift/ca.crt
 * }</pre>
 */
@AutoService(EventSourceProvider.class)
public final class FalcoGrpcSourceProvider implements EventSourceProvider {

  /** Falco's default gRPC port. */
  public static final int DEFAULT_PORT = 5060;

  static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Creates the provider; ServiceLoader calls this. */
  public FalcoGrpcSourceProvider() {}

  @Override
  public String type() {
    return "falco-grpc";
  }

  @Override
  public EventSource create(ComponentConfig config) {
    String host = config.string("hostname", "localhost");
    int port = config.integer("port", DEFAULT_PORT);
    if (port < 1 || port > 65535) {
      throw config.invalid("port", port + " is not a TCP port (1-65535); Falco's default is 5060");
    }
    ChannelCredentials credentials = credentials(config);
    String target = host + ":" + port;
    return new FalcoGrpcSubscriber(
        target,
        () -> Grpc.newChannelBuilderForAddress(host, port, credentials).build(),
        new Backoff(INITIAL_BACKOFF, MAX_BACKOFF));
  }

  private static ChannelCredentials credentials(ComponentConfig config) {
    Optional<Path> cert = file(config, "cert_file");
    Optional<Path> key = file(config, "key_file");
    Optional<Path> ca = file(config, "ca_root_file");
    if (cert.isEmpty() && key.isEmpty()) {
      if (ca.isPresent()) {
        throw config.invalid(
            "ca_root_file", "is used only with mTLS; set cert_file and key_file too, or remove it");
      }
      return InsecureChannelCredentials.create();
    }
    if (cert.isEmpty() || key.isEmpty()) {
      throw config.invalid(
          cert.isEmpty() ? "cert_file" : "key_file",
          "mTLS needs both cert_file and key_file (PEM); set both or neither");
    }
    if (ca.isEmpty()) {
      throw config.invalid(
          "ca_root_file",
          "is required with mTLS: the PEM CA that signed Falco's server certificate");
    }
    try {
      return TlsChannelCredentials.newBuilder()
          .keyManager(PemTls.keyManagers(cert.get(), key.get()))
          .trustManager(PemTls.trustManagers(ca.get()))
          .build();
    } catch (GeneralSecurityException | IOException e) {
      throw config.invalid("cert_file", "TLS setup failed: " + e.getMessage());
    }
  }

  private static Optional<Path> file(ComponentConfig config, String key) {
    Optional<String> value = config.optionalString(key).filter(v -> !v.isBlank());
    if (value.isEmpty()) {
      return Optional.empty();
    }
    Path path = Path.of(value.get());
    if (!Files.isReadable(path)) {
      throw config.invalid(key, "cannot read " + path.toAbsolutePath() + "; give a PEM file path");
    }
    return Optional.of(path);
  }
}
