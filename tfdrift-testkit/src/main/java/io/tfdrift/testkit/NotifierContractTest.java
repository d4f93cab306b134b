package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link NotifierProvider} keeps. Extend it, point it at a real peer (a WireMock
 * server, a temporary file) and assert what arrived there.
 *
 * <pre>{@code
 * class SlackNotifierContractTest extends NotifierContractTest {
 *   protected NotifierProvider provider() { return new SlackNotifierProvider(); }
 *   protected Map<String, Object> validConfig() { return Map.of("webhook_url", wiremock.url("/hook")); }
 *   protected void assertDelivered(DriftEvent event) { wiremock.verify(1, postRequestedFor(...)); }
 * }
 * }</pre>
 */
public abstract class NotifierContractTest {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract NotifierProvider provider();

  /**
   * A configuration section that works against the test's peer.
   *
   * @return the section's keys and values
   */
  protected abstract Map<String, Object> validConfig();

  /**
   * Asserts that the peer received the event once.
   *
   * @param event the event that was sent
   */
  protected abstract void assertDelivered(io.tfdrift.api.DriftEvent event);

  /**
   * A secret value present in {@link #validConfig()} that must never appear in {@code toString()}
   * or exception messages; empty if the notifier has none.
   *
   * @return the secret text
   */
  protected String secretInConfig() {
    return "";
  }

  private ComponentConfig config(Map<String, Object> values) {
    return TestConfigs.of("notifications." + provider().type(), values);
  }

  @Test
  void typeIsALowerCaseName() {
    assertThat(provider().type()).matches("[a-z][a-z0-9_-]*");
  }

  @Test
  void isFoundByServiceLoaderUnderItsType() {
    String type = provider().type();
    assertThat(ServiceLoader.load(NotifierProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo(type));
  }

  @Test
  void deliversADriftEvent() throws Exception {
    var event = DriftEvents.instanceTypeChanged();
    try (Notifier notifier = provider().create(config(validConfig()))) {
      notifier.send(event);
    }
    assertDelivered(event);
  }

  @Test
  void readsEveryKeyOfAValidConfig() {
    ComponentConfig config = config(validConfig());
    provider().create(config).close();
    assertThat(TestConfigs.unknownKeys(config)).isEmpty();
  }

  @Test
  void reportsAnUnknownKey() {
    Map<String, Object> values = new java.util.HashMap<>(validConfig());
    values.put("definitely_not_a_key", "x");
    ComponentConfig config = config(values);
    provider().create(config).close();
    assertThat(TestConfigs.unknownKeys(config))
        .singleElement()
        .asString()
        .contains("definitely_not_a_key");
  }

  @Test
  void eitherAcceptsAnEmptyConfigOrNamesTheMissingKey() {
    try {
      provider().create(config(Map.of())).close();
    } catch (ConfigException e) {
      assertThat(e.getMessage()).startsWith("notifications." + provider().type() + ".");
    }
  }

  @Test
  void neverShowsItsSecretInToString() {
    String secret = secretInConfig();
    try (Notifier notifier = provider().create(config(validConfig()))) {
      if (!secret.isEmpty()) {
        assertThat(notifier.toString()).doesNotContain(secret);
      }
    }
  }

  @Test
  void canBeClosedTwice() {
    Notifier notifier = provider().create(config(validConfig()));
    notifier.close();
    notifier.close();
  }
}
