package io.tfdrift.falco.http;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.Secret;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.core.config.ListenAddress;
import io.tfdrift.falco.PemTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Source {@code falco-http}: receives the alerts Falco's {@code http_output} posts, and
 * falcosidekick's webhook deliveries.
 *
 * <p>Keys (section {@code falco}): {@code listen} ({@code host:port}, default {@code :8765}, all
 * interfaces), {@code auth_token} (optional bearer token, any secret form such as {@code
 * auth_token_from_env}; falcosidekick sends it with {@code webhook.customheaders}, Falco's {@code
 * http_output} has no header option and cannot), {@code cert_file} + {@code key_file} (PEM; serve
 * HTTPS), {@code ca_root_file} (PEM; require client certificates signed by it, i.e. mTLS: how Falco
 * itself authenticates, with {@code http_output.mtls}).
 *
 * <pre>{@code
 * falco:
 *   transport: http
 *   listen: ":8765"
 *   auth_token_from_env: FALCO_TOKEN
 * }</pre>
 */
@AutoService(EventSourceProvider.class)
public final class FalcoHttpSourceProvider implements EventSourceProvider {

  /** The default listen address. */
  public static final String DEFAULT_LISTEN = ":8765";

  /** Creates the provider; ServiceLoader calls this. */
  public FalcoHttpSourceProvider() {}

  @Override
  public String type() {
    return "falco-http";
  }

  @Override
  public EventSource create(ComponentConfig config) {
    InetSocketAddress address =
        ListenAddress.read(config, "listen", DEFAULT_LISTEN).socketAddress();
    Optional<Secret> token = config.optionalSecret("auth_token");
    if (token.isPresent() && token.get().reveal().isEmpty()) {
      throw config.invalid("auth_token", "is empty; set a token or remove the key");
    }
    Optional<Path> cert = file(config, "cert_file");
    Optional<Path> key = file(config, "key_file");
    Optional<Path> ca = file(config, "ca_root_file");
    if (cert.isPresent() != key.isPresent()) {
      throw config.invalid(
          cert.isPresent() ? "key_file" : "cert_file",
          "HTTPS needs both cert_file and key_file (PEM); set both or neither");
    }
    if (ca.isPresent() && cert.isEmpty()) {
      throw config.invalid(
          "ca_root_file", "client certificates (mTLS) need HTTPS; set cert_file and key_file too");
    }
    ReceiverTls tls = null;
    if (cert.isPresent()) {
      try {
        tls =
            new ReceiverTls(PemTls.context(cert.get(), key.get(), ca.orElse(null)), ca.isPresent());
      } catch (GeneralSecurityException | IOException e) {
        throw config.invalid("cert_file", "TLS setup failed: " + e.getMessage());
      }
    }
    return new FalcoHttpReceiver(address, token.orElse(null), tls);
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

  /** The listener's TLS context, and whether clients must present a certificate. */
  record ReceiverTls(SSLContext context, boolean clientAuth) {}
}
