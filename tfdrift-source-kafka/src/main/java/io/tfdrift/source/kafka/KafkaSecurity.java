package io.tfdrift.source.kafka;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the source's security keys into Kafka client settings, refusing combinations that would
 * fail later (or, worse, silently send nothing over TLS that the user thinks is protected).
 *
 * <p>Keys: {@code security_protocol} ({@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT},
 * {@code SASL_SSL}); SASL: {@code sasl_mechanism}, {@code sasl_username}, {@code sasl_password} (a
 * secret), or {@code sasl_jaas_config} (a secret) for any other mechanism; TLS: {@code
 * ssl_ca_file}, {@code ssl_cert_file} + {@code ssl_key_file} (PEM), {@code ssl_key_password} (a
 * secret), {@code ssl_endpoint_identification}.
 */
final class KafkaSecurity {
  static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

  /** Mechanisms whose JAAS line the source writes from a user name and a password. */
  private static final Map<String, String> LOGIN_MODULES =
      Map.of(
          "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule",
          "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
          "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

  private static final List<String> SASL_KEYS =
      List.of("sasl_mechanism", "sasl_username", "sasl_password", "sasl_jaas_config");
  private static final List<String> SSL_KEYS =
      List.of(
          "ssl_ca_file",
          "ssl_cert_file",
          "ssl_key_file",
          "ssl_key_password",
          "ssl_endpoint_identification");

  private KafkaSecurity() {}

  /**
   * Reads the security keys into {@code client}.
   *
   * @param config the source's section
   * @param client the consumer settings being built
   * @throws io.tfdrift.api.ConfigException naming the key and the fix
   */
  static void apply(ComponentConfig config, Map<String, Object> client) {
    String protocol = config.string("security_protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
    if (!PROTOCOLS.contains(protocol)) {
      throw config.invalid(
          "security_protocol",
          "'"
              + config.string("security_protocol")
              + "' is not a Kafka security protocol; use one of "
              + PROTOCOLS);
    }
    client.put("security.protocol", protocol);
    boolean sasl = protocol.startsWith("SASL_");
    boolean tls = protocol.endsWith("SSL");
    if (sasl) {
      sasl(config, protocol, client);
    } else {
      refuse(config, SASL_KEYS, protocol, "SASL_SSL (or SASL_PLAINTEXT on a trusted network)");
    }
    if (tls) {
      tls(config, client);
    } else {
      refuse(config, SSL_KEYS, protocol, sasl ? "SASL_SSL" : "SSL");
    }
  }

  private static void refuse(
      ComponentConfig config, List<String> keys, String protocol, String instead) {
    for (String key : keys) {
      if (config.keys().stream().anyMatch(k -> k.equals(key) || k.startsWith(key + "_from_"))) {
        throw config.invalid(
            key,
            "is only used with security_protocol "
                + instead
                + ", but security_protocol is "
                + protocol
                + "; set security_protocol or remove the key");
      }
    }
  }

  private static void sasl(ComponentConfig config, String protocol, Map<String, Object> client) {
    Optional<String> mechanism = config.optionalString("sasl_mechanism");
    if (mechanism.isEmpty()) {
      throw config.invalid(
          "sasl_mechanism",
          "is required with security_protocol "
              + protocol
              + "; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 with sasl_username and"
              + " sasl_password, or another mechanism with sasl_jaas_config");
    }
    String name = mechanism.get().toUpperCase(Locale.ROOT);
    client.put("sasl.mechanism", name);
    Optional<Secret> jaas = config.optionalSecret("sasl_jaas_config");
    if (jaas.isPresent()) {
      for (String key : List.of("sasl_username", "sasl_password")) {
        if (config.has(key) || config.optionalSecret(key).isPresent()) {
          throw config.invalid(
              key, "is not used when sasl_jaas_config is set; remove one of the two");
        }
      }
      client.put("sasl.jaas.config", jaas.get().reveal());
      return;
    }
    String module = LOGIN_MODULES.get(name);
    if (module == null) {
      throw config.invalid(
          "sasl_mechanism",
          "'"
              + mechanism.get()
              + "' needs sasl_jaas_config (its JAAS login line, e.g. for OAUTHBEARER or"
              + " AWS_MSK_IAM) and any callback handler under properties; the source builds the"
              + " line itself only for "
              + LOGIN_MODULES.keySet().stream().sorted().toList());
    }
    if (config.optionalString("sasl_username").isEmpty()) {
      throw config.invalid(
          "sasl_username",
          "is required with sasl_mechanism " + name + " (or set sasl_jaas_config)");
    }
    String user = config.string("sasl_username");
    Optional<Secret> password = config.optionalSecret("sasl_password");
    if (password.isEmpty()) {
      throw config.invalid(
          "sasl_password",
          "is required with sasl_mechanism "
              + name
              + "; give it as sasl_password_from_env, sasl_password_from_file or another secret"
              + " form rather than in the file");
    }
    client.put(
        "sasl.jaas.config",
        module
            + " required username=\""
            + quoted(user)
            + "\" password=\""
            + quoted(password.get().reveal())
            + "\";");
  }

  /** JAAS values are double-quoted; a quote or backslash inside is escaped with a backslash. */
  static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static void tls(ComponentConfig config, Map<String, Object> client) {
    config
        .optionalString("ssl_ca_file")
        .ifPresent(
            file -> {
              client.put("ssl.truststore.type", "PEM");
              client.put(
                  "ssl.truststore.certificates",
                  pem(config, "ssl_ca_file", file, "CERTIFICATE", "a PEM CA certificate bundle"));
            });
    Optional<String> cert = config.optionalString("ssl_cert_file");
    Optional<String> key = config.optionalString("ssl_key_file");
    if (cert.isPresent() != key.isPresent()) {
      String missing = cert.isPresent() ? "ssl_key_file" : "ssl_cert_file";
      throw config.invalid(
          missing,
          "is required with "
              + (cert.isPresent() ? "ssl_cert_file" : "ssl_key_file")
              + ": a client certificate (mutual TLS) needs both PEM files");
    }
    if (cert.isPresent()) {
      client.put("ssl.keystore.type", "PEM");
      client.put(
          "ssl.keystore.certificate.chain",
          pem(config, "ssl_cert_file", cert.get(), "CERTIFICATE", "a PEM certificate chain"));
      client.put(
          "ssl.keystore.key",
          pem(config, "ssl_key_file", key.get(), "PRIVATE KEY", "a PEM (PKCS#8) private key"));
      config
          .optionalSecret("ssl_key_password")
          .ifPresent(p -> client.put("ssl.key.password", p.reveal()));
    } else if (config.optionalSecret("ssl_key_password").isPresent()) {
      throw config.invalid(
          "ssl_key_password", "is only used with ssl_key_file; remove it or set ssl_key_file");
    }
    if (!config.bool("ssl_endpoint_identification", true)) {
      client.put("ssl.endpoint.identification.algorithm", "");
    }
  }

  private static String describe(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** How to get the PEM a key wants from what users usually have. */
  private static String fix(String key) {
    return switch (key) {
      case "ssl_ca_file" ->
          "; from a JKS or PKCS12 trust store: keytool -exportcert -rfc -keystore truststore.jks"
              + " -alias <ca> -file ca.pem; or remove ssl_ca_file to trust the JVM's CA"
              + " certificates (public CAs, e.g. MSK, Confluent Cloud)";
      case "ssl_key_file" ->
          "; from a PKCS12 key store: openssl pkcs12 -in client.p12 -nocerts -nodes | openssl"
              + " pkcs8 -topk8 -nocrypt -out client.key";
      default -> "";
    };
  }

  private static String pem(
      ComponentConfig config, String key, String file, String label, String what) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      throw config.invalid(
          key,
          "'"
              + file
              + "' cannot be read ("
              + describe(e)
              + "); give "
              + what
              + " the tfdrift process can read"
              + fix(key));
    }
    if (!text.contains("-----BEGIN ") || !text.contains(label + "-----")) {
      throw config.invalid(
          key,
          "'"
              + file
              + "' is not "
              + what
              + " (no -----BEGIN ..."
              + label
              + "----- block)"
              + fix(key));
    }
    return text;
  }
}
