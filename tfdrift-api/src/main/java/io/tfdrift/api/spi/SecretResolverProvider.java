package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.SecretResolver;

/**
 * Creates the {@link SecretResolver} for one scheme. Found by {@link java.util.ServiceLoader}; a
 * scheme {@code vault} makes every {@code <key>_from_vault} configuration key work.
 *
 * <pre>{@code
 * @AutoService(SecretResolverProvider.class)
 * public final class VaultSecrets implements SecretResolverProvider {
 *   public String type() { return "vault"; }
 *   public SecretResolver create(ComponentConfig config) {
 *     VaultClient vault = new VaultClient(config.string("address"));
 *     return path -> Secret.of(vault.read(path));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface SecretResolverProvider {

  /**
   * The scheme this provider resolves, its type like every other provider's, e.g. {@code
   * aws-secret}; dashes become underscores in key suffixes ({@code _from_aws_secret}).
   *
   * @return the scheme, lower case
   */
  String type();

  /**
   * Creates the resolver.
   *
   * @param config the section {@code secrets.<type>}, usually empty
   * @return the resolver; it should cache and must never log values
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  SecretResolver create(ComponentConfig config);
}
