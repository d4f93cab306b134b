package io.tfdrift.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Turns a reference into a secret value for one scheme: {@code env} reads an environment variable,
 * {@code file} a file, {@code aws-secret} AWS Secrets Manager, {@code gcp-secret} GCP Secret
 * Manager.
 *
 * <pre>{@code
 * SecretResolver vault = reference -> Secret.of(vaultClient.read(reference));
 * }</pre>
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SecretResolver {

  /** The schemes every configuration understands: {@code env} and {@code file}. */
  Map<String, SecretResolver> BUILT_IN =
      Map.of("env", SecretResolver::fromEnvironment, "file", SecretResolver::fromFile);

  /**
   * Resolves a reference.
   *
   * @param reference what to read: a variable name, a path, an ARN, a secret version name
   * @return the secret
   * @throws ConfigException naming the reference (never the value) and the fix
   */
  Secret resolve(String reference);

  private static Secret fromEnvironment(String name) {
    String value = System.getenv(name);
    if (value == null || value.isEmpty()) {
      throw new ConfigException(
          "", "environment variable " + name + " is not set; export it or change the key");
    }
    return Secret.of(value);
  }

  private static Secret fromFile(String path) {
    try {
      return Secret.of(Files.readString(Path.of(path), StandardCharsets.UTF_8).strip());
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "", "cannot read secret file " + path + " (" + e.getClass().getSimpleName() + ")");
    }
  }
}
