package io.tfdrift.state.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.secretmanager.v1.AccessSecretVersionResponse;
import com.google.cloud.secretmanager.v1.SecretManagerServiceClient;
import com.google.cloud.secretmanager.v1.SecretPayload;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.Secret;
import io.tfdrift.api.SecretResolver;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves {@code projects/<p>/secrets/<s>/versions/<v>} (or {@code projects/<p>/secrets/<s>},
 * meaning {@code latest}) from GCP Secret Manager.
 *
 * <p>Each version is fetched once per TTL. When a refresh fails and an older value is cached, the
 * older value is served and the failure logged. The payload checksum is verified when Secret
 * Manager sends one. Values never reach logs or messages; names do.
 */
final class GcpSecretResolver implements SecretResolver {

  private static final Logger log = LoggerFactory.getLogger(GcpSecretResolver.class);
  private static final Pattern NAME =
      Pattern.compile("projects/[^/#]+/secrets/[^/#]+(/versions/[^/#]+)?");

  /** Creates the client; IOException as the GAPIC factory declares it. */
  interface ClientFactory {
    SecretManagerServiceClient create() throws IOException;
  }

  private final ClientFactory clientFactory;
  private final Duration ttl;
  private final Clock clock;
  // Guarded by this.
  private final Map<String, Cached> cache = new HashMap<>();
  private SecretManagerServiceClient client;

  /**
   * @param clientFactory creates the client on first use, so an unused scheme costs nothing
   * @param ttl how long a fetched value is served before it is fetched again
   * @param clock the clock for the TTL
   */
  GcpSecretResolver(ClientFactory clientFactory, Duration ttl, Clock clock) {
    this.clientFactory = clientFactory;
    this.ttl = ttl;
    this.clock = clock;
  }

  @Override
  public Secret resolve(String reference) {
    String name = reference.strip();
    if (!NAME.matcher(name).matches()) {
      throw new ConfigException(
          "",
          "'"
              + reference
              + "' is not a Secret Manager version name; use"
              + " projects/<project>/secrets/<secret>/versions/<version or latest>");
    }
    if (!name.contains("/versions/")) {
      name = name + "/versions/latest";
    }
    return Secret.of(value(name));
  }

  private synchronized String value(String name) {
    Instant now = clock.instant();
    Cached cached = cache.get(name);
    if (cached != null && now.isBefore(cached.fetchedAt().plus(ttl))) {
      return cached.value();
    }
    try {
      String value = fetch(name);
      cache.put(name, new Cached(value, now));
      return value;
    } catch (ConfigException e) {
      if (cached == null) {
        throw e;
      }
      log.warn(
          "Refreshing GCP secret {} failed; serving the value fetched {} ago: {}",
          name,
          Duration.between(cached.fetchedAt(), now),
          e.getMessage());
      return cached.value();
    }
  }

  private String fetch(String name) {
    AccessSecretVersionResponse response;
    try {
      if (client == null) {
        client = clientFactory.create();
      }
      response = client.accessSecretVersion(name);
    } catch (ApiException e) {
      throw failure(name, e);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "", "cannot reach GCP Secret Manager to read '" + name + "': " + e.getMessage());
    }
    SecretPayload payload = response.getPayload();
    if (payload.hasDataCrc32C()) {
      CRC32C crc = new CRC32C();
      crc.update(payload.getData().asReadOnlyByteBuffer());
      if (crc.getValue() != payload.getDataCrc32C()) {
        throw new ConfigException(
            "", "GCP secret '" + name + "' arrived corrupted (CRC32C mismatch); it is not used");
      }
    }
    log.debug("Fetched GCP secret {} ({})", name, response.getName());
    return payload.getData().toStringUtf8();
  }

  private static ConfigException failure(String name, ApiException e) {
    String problem =
        switch (e.getStatusCode().getCode()) {
          case NOT_FOUND ->
              "GCP secret '"
                  + name
                  + "' was not found (NOT_FOUND); check the project, the secret name and the"
                  + " version";
          case PERMISSION_DENIED ->
              "permission denied reading GCP secret '"
                  + name
                  + "' (PERMISSION_DENIED); the caller needs secretmanager.versions.access on it:"
                  + " grant roles/secretmanager.secretAccessor on the secret (or its project)";
          case FAILED_PRECONDITION ->
              "GCP secret '"
                  + name
                  + "' cannot be read (FAILED_PRECONDITION: the version is disabled or"
                  + " destroyed); enable it or reference another version";
          case UNAUTHENTICATED ->
              "GCP rejected the credentials used to read secret '"
                  + name
                  + "' (UNAUTHENTICATED); check secrets.gcp-secret.credentials_file or the"
                  + " Application Default Credentials";
          default ->
              "cannot read GCP secret '"
                  + name
                  + "' ("
                  + e.getStatusCode().getCode()
                  + "): "
                  + e.getMessage();
        };
    return new ConfigException("", problem);
  }

  private record Cached(String value, Instant fetchedAt) {
    @Override
    public String toString() {
      return "Cached[****, " + fetchedAt + "]";
    }
  }
}
