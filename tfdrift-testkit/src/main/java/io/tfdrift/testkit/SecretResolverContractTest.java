package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.api.spi.SecretResolverProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SecretResolverProvider} keeps: it resolves a stored secret, fails
 * clearly for a missing one without revealing anything, and never shows a value in {@code
 * toString()}.
 */
public abstract class SecretResolverContractTest {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract SecretResolverProvider provider();

  /**
   * The provider's settings for the test's peer ({@code secrets.<scheme>}).
   *
   * @return the settings
   */
  protected Map<String, Object> settings() {
    return Map.of();
  }

  /**
   * Stores a secret in the peer and returns the reference that reads it.
   *
   * @param value the secret value
   * @return the reference, as written after {@code _from_<scheme>:}
   * @throws Exception if storing fails
   */
  protected abstract String store(String value) throws Exception;

  /**
   * A reference to a secret that does not exist.
   *
   * @return the reference
   */
  protected abstract String missingReference();

  private SecretResolver resolver() {
    return provider().create(TestConfigs.of("secrets." + provider().type(), settings()));
  }

  @Test
  void isFoundByServiceLoaderUnderItsScheme() {
    String scheme = provider().type();
    assertThat(ServiceLoader.load(SecretResolverProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo(scheme));
  }

  @Test
  void resolvesAStoredSecret() throws Exception {
    String reference = store("s3cr3t-value-for-contract");
    SecretResolver resolver = resolver();
    assertThat(resolver.resolve(reference).reveal()).isEqualTo("s3cr3t-value-for-contract");
    assertThat(resolver.resolve(reference).toString()).isEqualTo("****");
    assertThat(resolver.toString()).doesNotContain("s3cr3t-value-for-contract");
  }

  @Test
  void namesAMissingSecretWithAConfigException() {
    String reference = missingReference();
    assertThatThrownBy(() -> resolver().resolve(reference))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(reference);
  }
}
