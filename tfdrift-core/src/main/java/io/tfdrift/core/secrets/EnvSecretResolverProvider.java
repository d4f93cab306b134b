package io.tfdrift.core.secrets;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.api.spi.SecretResolverProvider;

/** Secret scheme {@code env}: {@code <key>_from_env: VARIABLE} reads an environment variable. */
@AutoService(SecretResolverProvider.class)
public final class EnvSecretResolverProvider implements SecretResolverProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public EnvSecretResolverProvider() {}

  @Override
  public String type() {
    return "env";
  }

  @Override
  public SecretResolver create(ComponentConfig config) {
    return BuiltInSecrets.RESOLVERS.get("env");
  }
}
