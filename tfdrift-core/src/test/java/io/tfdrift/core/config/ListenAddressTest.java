package io.tfdrift.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenAddressTest {

  private static ListenAddress parsed(String text) {
    return ListenAddress.parse(text).address().orElseThrow();
  }

  private static String problem(String text) {
    ListenAddress.Result r = ListenAddress.parse(text);
    assertThat(r.address()).as(text).isEmpty();
    return r.problem();
  }

  @Test
  void readsAPortAloneAsEveryInterface() {
    ListenAddress a = parsed(":8080");
    assertThat(a).isEqualTo(new ListenAddress("", 8080));
    assertThat(a.socketAddress().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(a.socketAddress().getPort()).isEqualTo(8080);
  }

  @Test
  void readsAnIpv6AddressInBrackets() {
    ListenAddress a = parsed("[::1]:8080");
    assertThat(a).isEqualTo(new ListenAddress("::1", 8080));
    assertThat(a.socketAddress().getAddress().isLoopbackAddress()).isTrue();
    assertThat(a).hasToString("[::1]:8080");
  }

  @Test
  void readsPortZeroAsAFreePort() {
    assertThat(parsed("0.0.0.0:0")).isEqualTo(new ListenAddress("0.0.0.0", 0));
    assertThat(parsed("127.0.0.1:65535").port()).isEqualTo(65535);
  }

  @Test
  void rejectsPortsOutsideTheTcpRange() {
    assertThat(problem(":65536")).contains("port 65536, outside 0-65535");
    assertThat(problem("127.0.0.1:-1")).contains("outside 0-65535");
  }

  @Test
  void rejectsValuesWithoutAValidPort() {
    assertThat(problem("localhost")).contains("has no port");
    assertThat(problem("localhost:http")).contains("no valid port ('http')");
    assertThat(problem("::1")).contains("IPv6 address without brackets");
    assertThat(problem("[::1:8080")).contains("unclosed IPv6 bracket");
  }

  @Test
  void namesTheKeyAndTheAcceptedFormsInConfigurationErrors() {
    ComponentConfig server = ConfigSection.of("server", Map.of("listen", "0.0.0.0:99999"));
    assertThatThrownBy(() -> ListenAddress.read(server, "listen", ":8080"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("server.listen")
        .hasMessageContaining("outside 0-65535")
        .hasMessageContaining("[::1]:8080");
  }

  @Test
  void usesTheDefaultWhenTheKeyIsAbsent() {
    ComponentConfig server = ConfigSection.of("server", Map.of());
    assertThat(ListenAddress.read(server, "listen", ":8080"))
        .isEqualTo(new ListenAddress("", 8080));
  }
}
