package io.tfdrift.core.secrets;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Secret;
import io.tfdrift.api.SecretResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The secret schemes every configuration understands without a plugin: {@code env} reads an
 * environment variable, {@code file} a file (trailing whitespace stripped).
 */
public final class BuiltInSecrets {
  /** The resolvers by scheme. */
  public static final Map<String, SecretResolver> RESOLVERS =
      Map.of("env", BuiltInSecrets::fromEnvironment, "file", BuiltInSecrets::fromFile);

  private BuiltInSecrets() {}

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
