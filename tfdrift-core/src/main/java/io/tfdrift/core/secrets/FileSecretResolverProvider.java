package io.tfdrift.core.secrets;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.SecretResolver;
import io.tfdrift.api.spi.SecretResolverProvider;

/**
 * Secret scheme {@code file}: {@code <key>_from_file: /path} reads a file (a mounted Kubernetes
 * secret), trimmed of surrounding whitespace.
 */
@AutoService(SecretResolverProvider.class)
public final class FileSecretResolverProvider implements SecretResolverProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public FileSecretResolverProvider() {}

  @Override
  public String type() {
    return "file";
  }

  @Override
  public SecretResolver create(ComponentConfig config) {
    return BuiltInSecrets.RESOLVERS.get("file");
  }
}
