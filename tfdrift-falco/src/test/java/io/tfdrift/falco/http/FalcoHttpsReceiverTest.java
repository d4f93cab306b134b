package io.tfdrift.falco.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.falco.FalcoFixtures;
import io.tfdrift.falco.PemTls;
import io.tfdrift.falco.RecordingSink;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receiver over HTTPS and with client certificates (mTLS), against a real TLS handshake on
 * loopback. The test PKI under {@code tls/} (a CA, a server certificate for 127.0.0.1/localhost and
 * a client certificate, RSA 2048, valid for 100 years) was made once with openssl:
 *
 * <pre>
 * openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 36500 -subj "/CN=tfdrift test CA" \
 *   -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign
 * openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=localhost
 * openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 36500 \
 *   -extfile &lt;(printf "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth")
 * (the client certificate likewise, with extendedKeyUsage=clientAuth)
 * </pre>
 */
class FalcoHttpsReceiverTest {
  private final RecordingSink sink = new RecordingSink();
  private FalcoHttpReceiver receiver;

  private static Path tls(String name) {
    try {
      return Path.of(FalcoHttpsReceiverTest.class.getResource("/tls/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private URI start(boolean requireClientCertificates) throws Exception {
    Map<String, Object> keys = new HashMap<>();
    keys.put("listen", "127.0.0.1:0");
    keys.put("cert_file", tls("server.pem").toString());
    keys.put("key_file", tls("server.key").toString());
    if (requireClientCertificates) {
      keys.put("ca_root_file", tls("ca.pem").toString());
    }
    receiver =
        (FalcoHttpReceiver) new FalcoHttpSourceProvider().create(ConfigSection.of("falco", keys));
    receiver.start(sink);
    return URI.create(
        "https://127.0.0.1:" + receiver.boundAddress().getPort() + FalcoHttpReceiver.PATH);
  }

  @AfterEach
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
  }

  private static HttpClient client(boolean withCertificate) throws Exception {
    SSLContext context;
    if (withCertificate) {
      context = PemTls.context(tls("client.pem"), tls("client.key"), tls("ca.pem"));
    } else {
      context = SSLContext.getInstance("TLS");
      context.init(null, PemTls.trustManagers(tls("ca.pem")), new SecureRandom());
    }
    return HttpClient.newBuilder().sslContext(context).build();
  }

  private static HttpResponse<String> post(HttpClient client, URI uri) throws Exception {
    String alert =
        JsonTrees.toJson(FalcoFixtures.alertFor(FalcoFixtures.record("ec2_CreateVpc_1")));
    return client.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(alert))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsAlertsOverHttps() throws Exception {
    URI uri = start(false);
    assertThat(post(client(false), uri).statusCode()).isEqualTo(202);
    assertThat(sink.events()).hasSize(1);
  }

  @Test
  void acceptsAClientWithACertificateSignedByTheCa() throws Exception {
    URI uri = start(true);
    assertThat(post(client(true), uri).statusCode()).isEqualTo(202);
    assertThat(sink.events()).hasSize(1);
  }

  @Test
  void refusesAClientWithoutACertificateWhenTheCaIsSet() throws Exception {
    URI uri = start(true);
    HttpClient anonymous = client(false);
    assertThatThrownBy(() -> post(anonymous, uri)).isInstanceOf(IOException.class);
    assertThat(sink.events()).isEmpty();
  }

  @Test
  void refusesPlainHttpOnTheTlsPort() throws Exception {
    URI uri = start(false);
    URI plain = URI.create(uri.toString().replace("https://", "http://"));
    assertThatThrownBy(() -> post(HttpClient.newHttpClient(), plain))
        .isInstanceOf(IOException.class);
    assertThat(sink.events()).isEmpty();
  }
}
