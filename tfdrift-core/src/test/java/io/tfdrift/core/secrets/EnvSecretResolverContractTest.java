package io.tfdrift.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.spi.SecretResolverProvider;
import io.tfdrift.testkit.SecretResolverContractTest;

/**
 * The {@code env} scheme against the real environment. A JVM cannot set its own variables, so the
 * build starts the test JVM with {@code TFDRIFT_CONTRACT_SECRET} set (see the surefire
 * configuration of this module) to the value the contract stores.
 */
class EnvSecretResolverContractTest extends SecretResolverContractTest {
  private static final String VARIABLE = "TFDRIFT_CONTRACT_SECRET";

  @Override
  protected SecretResolverProvider provider() {
    return new EnvSecretResolverProvider();
  }

  @Override
  protected String store(String value) {
    assertThat(System.getenv(VARIABLE)).as("surefire sets " + VARIABLE).isEqualTo(value);
    return VARIABLE;
  }

  @Override
  protected String missingReference() {
    return "TFDRIFT_CONTRACT_TEST_SURELY_UNSET";
  }
}
