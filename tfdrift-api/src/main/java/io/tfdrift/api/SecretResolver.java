package io.tfdrift.api;

/**
 * Turns a reference into a secret value for one scheme: {@code env} reads an environment variable,
 * {@code file} a file, {@code aws-secret} AWS Secrets Manager, {@code gcp-secret} GCP Secret
 * Manager. Made by a {@link io.tfdrift.api.spi.SecretResolverProvider}.
 *
 * <pre>{@code
 * SecretResolver vault = reference -> Secret.of(vaultClient.read(reference));
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SecretResolver {

  /**
   * Resolves a reference.
   *
   * @param reference what to read: a variable name, a path, an ARN, a secret version name
   * @return the secret
   * @throws ConfigException naming the reference (never the value) and the fix
   */
  Secret resolve(String reference);
}
