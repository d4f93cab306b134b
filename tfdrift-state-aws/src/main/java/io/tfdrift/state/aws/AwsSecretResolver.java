package io.tfdrift.state.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Secret;
import io.tfdrift.api.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Resolves {@code <name-or-arn>} or {@code <name-or-arn>#<json-key>} from AWS Secrets Manager.
 *
 * <p>Each secret is fetched once per TTL, whatever keys are selected from it. When a refresh fails
 * and an older value is cached, the older value is served and the failure logged: a rotation outage
 * must not stop notifications. Values never reach logs or messages; names and JSON keys do.
 */
final class AwsSecretResolver implements SecretResolver {

  private static final Logger log = LoggerFactory.getLogger(AwsSecretResolver.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<SecretsManagerClient> clientFactory;
  private final Supplier<String> region;
  private final Duration ttl;
  private final Clock clock;
  // Guarded by this.
  private final Map<String, Cached> cache = new HashMap<>();
  private SecretsManagerClient client;

  /**
   * @param clientFactory creates the client on first use, so an unused scheme costs nothing
   * @param region the region, for messages
   * @param ttl how long a fetched secret is served before it is fetched again
   * @param clock the clock for the TTL
   */
  AwsSecretResolver(
      Supplier<SecretsManagerClient> clientFactory,
      Supplier<String> region,
      Duration ttl,
      Clock clock) {
    this.clientFactory = clientFactory;
    this.region = region;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Secret resolve(String reference) {
    String ref = reference.strip();
    int hash = ref.lastIndexOf('#');
    String id = hash < 0 ? ref : ref.substring(0, hash);
    String jsonKey = hash < 0 ? "" : ref.substring(hash + 1);
    if (id.isEmpty() || (hash >= 0 && jsonKey.isEmpty())) {
      throw new ConfigException(
          "",
          "'"
              + reference
              + "' is not a secret reference; use a Secrets Manager name or ARN, optionally"
              + " followed by #json-key");
    }
    String value = value(id);
    return Secret.of(jsonKey.isEmpty() ? value : select(id, value, jsonKey));
  }

  private synchronized String value(String id) {
    Instant now = clock.instant();
    Cached cached = cache.get(id);
    if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
      return cached.value();
    }
    try {
      String value = fetch(id);
      cache.put(id, new Cached(value, now));
      return value;
    } catch (ConfigException e) {
      if (cached == null) {
        throw e;
      }
      log.warn(
          "Refreshing AWS secret {} failed; serving the value fetched {} ago: {}",
          id,
          Duration.between(cached.fetchedAt(), now),
          e.getMessage());
      return cached.value();
    }
  }

  private String fetch(String id) {
    GetSecretValueResponse response;
    try {
      if (client == null) {
        client = clientFactory.get();
      }
      response = client.getSecretValue(r -> r.secretId(id));
    } catch (AwsServiceException e) {
      throw failure(id, e);
    } catch (SdkException e) {
      throw new ConfigException(
          "",
          "cannot reach AWS Secrets Manager in "
              + region.get()
              + " to read secret '"
              + id
              + "': "
              + e.getMessage());
    }
    log.debug("Fetched AWS secret {} (version {})", id, response.versionId());
    if (response.secretString() != null) {
      return response.secretString();
    }
    if (response.secretBinary() != null) {
      return new String(response.secretBinary().asByteArray(), StandardCharsets.UTF_8);
    }
    throw new ConfigException("", "AWS secret '" + id + "' has no value in its current version");
  }

  private ConfigException failure(String id, AwsServiceException e) {
    String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
    String said =
        e.awsErrorDetails() == null ? "" : " AWS said: " + e.awsErrorDetails().errorMessage();
    String problem =
        switch (code == null ? "" : code) {
          case "ResourceNotFoundException" ->
              "AWS secret '"
                  + id
                  + "' was not found in region "
                  + region.get()
                  + " (ResourceNotFoundException); check the name or ARN, and secrets.aws-secret.region";
          case "AccessDeniedException" ->
              "access denied reading AWS secret '"
                  + id
                  + "' (AccessDeniedException); grant secretsmanager:GetSecretValue on it, and"
                  + " kms:Decrypt on its KMS key if it uses a customer managed key."
                  + said;
          case "DecryptionFailure" ->
              "cannot decrypt AWS secret '"
                  + id
                  + "' (DecryptionFailure); grant kms:Decrypt on the secret's KMS key."
                  + said;
          case "UnrecognizedClientException",
              "InvalidSignatureException",
              "ExpiredTokenException" ->
              "AWS rejected the credentials used to read secret '"
                  + id
                  + "' ("
                  + code
                  + "); check the default credential chain or secrets.aws-secret.profile."
                  + said;
          default ->
              "cannot read AWS secret '"
                  + id
                  + "' ("
                  + (code == null || code.isEmpty() ? "HTTP " + e.statusCode() : code)
                  + ")."
                  + said;
        };
    return new ConfigException("", problem);
  }

  private static String select(String id, String value, String jsonKey) {
    JsonNode tree;
    try {
      tree = JSON.readTree(value);
    } catch (JsonProcessingException e) {
      tree = null;
    }
    if (tree == null || !tree.isObject()) {
      throw new ConfigException(
          "",
          "AWS secret '"
              + id
              + "' is not a JSON object, so '#"
              + jsonKey
              + "' cannot select a key from it; drop '#"
              + jsonKey
              + "' to use the whole value");
    }
    JsonNode selected = tree.get(jsonKey);
    if (selected == null || selected.isNull()) {
      List<String> names = new ArrayList<>();
      tree.fieldNames().forEachRemaining(names::add);
      throw new ConfigException(
          "",
          "AWS secret '"
              + id
              + "' has no key '"
              + jsonKey
              + "' (its keys: "
              + String.join(", ", names)
              + "); fix the part after '#'");
    }
    return selected.isValueNode() ? selected.asText() : selected.toString();
  }

  private record Cached(String value, Instant fetchedAt) {
    @Override
    public String toString() {
      return "Cached[****, " + fetchedAt + "]";
    }
  }
}
