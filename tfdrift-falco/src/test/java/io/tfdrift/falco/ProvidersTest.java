package io.tfdrift.falco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.core.config.ConfigSection;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProvidersTest {

  private static EventSourceProvider provider(String type) {
    return ServiceLoader.load(EventSourceProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.type().equals(type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void serviceLoaderFindsBothFalcoSources() {
    assertThat(
            ServiceLoader.load(EventSourceProvider.class).stream()
                .map(p -> p.get().type())
                .collect(Collectors.toSet()))
        .contains("falco", "falco-http", "falco-grpc");
  }

  @Test
  void falcoSectionChoosesTheSourceByTransportAndAcceptsTheOtherTransportsKeys() {
    ConfigSection http =
        ConfigSection.of(
            "falco",
            Map.of(
                "transport", "http", "listen", "127.0.0.1:0", "hostname", "falco", "port", 5060));
    try (var source = provider("falco").create(http)) {
      assertThat(source.getClass().getPackageName()).isEqualTo("io.tfdrift.falco.http");
    }
    assertThat(http.unknownKeys()).isEmpty();
    ConfigSection grpc =
        ConfigSection.of(
            "falco", Map.of("transport", "GRPC", "listen", ":8765", "hostname", "falco"));
    try (var source = provider("falco").create(grpc)) {
      assertThat(source.getClass().getPackageName()).isEqualTo("io.tfdrift.falco.grpc");
    }
    assertThat(grpc.unknownKeys()).isEmpty();
    assertThatThrownBy(
            () -> provider("falco").create(ConfigSection.of("falco", Map.of("transport", "udp"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("falco.transport")
        .hasMessageContaining("use one of http, grpc");
  }

  @Test
  void httpSourceReadsItsKeysAndRejectsHalfATlsSetup() {
    ConfigSection ok = ConfigSection.of("falco", Map.of("listen", "127.0.0.1:0"));
    try (var source = provider("falco-http").create(ok)) {
      assertThat(source.connected()).isFalse();
    }
    assertThat(ok.unknownKeys()).isEmpty();
    assertThatThrownBy(
            () ->
                provider("falco-http")
                    .create(ConfigSection.of("falco", Map.of("listen", "localhost"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("falco.listen");
    assertThatThrownBy(
            () ->
                provider("falco-http")
                    .create(ConfigSection.of("falco", Map.of("cert_file", "pom.xml"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("falco.key_file");
  }

  @Test
  void grpcSourceNeedsTheCaWithMtls() {
    ComponentConfig plain = ConfigSection.of("falco", Map.of("hostname", "falco", "port", 5060));
    try (var source = provider("falco-grpc").create(plain)) {
      assertThat(source.connected()).isFalse();
    }
    assertThatThrownBy(
            () ->
                provider("falco-grpc")
                    .create(
                        ConfigSection.of(
                            "falco", Map.of("cert_file", "pom.xml", "key_file", "pom.xml"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("falco.ca_root_file");
    assertThatThrownBy(
            () -> provider("falco-grpc").create(ConfigSection.of("falco", Map.of("port", 0))))
        .hasMessageContaining("falco.port");
  }
}
