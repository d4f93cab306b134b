package io.tfdrift.state.aws;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The {@code s3} state backend: Terraform states in an S3 bucket, or any S3-compatible store.
 *
 * <p>Keys: {@code s3_bucket} and {@code s3_key} (required); {@code s3_key} may be a glob ({@code
 * states/*}{@code /terraform.tfstate}, {@code **} across directories) to load many states with one
 * listing. {@code workspaces}: {@code default} (the key itself; the default), workspace names, or
 * {@code all}; workspace {@code w} is read from {@code <workspace_key_prefix>/w/<s3_key>} as
 * Terraform's S3 backend writes it, {@code workspace_key_prefix} defaulting to {@code env:}. {@code
 * s3_region} (default: the SDK's region chain, else {@code us-east-1}; without it S3 requests
 * follow the bucket's region), {@code endpoint} (S3-compatible stores; path-style requests), {@code
 * role_arn}, {@code role_session_name}, {@code external_id}, {@code sts_endpoint} (assume a role,
 * e.g. in the account that owns the bucket), {@code profile} or {@code access_key} + {@code
 * secret_key} (else the default credential chain), {@code max_attempts} (default 5; throttling and
 * server errors are retried with backoff), {@code timeout} (per attempt, default 30s).
 *
 * <pre>{@code
 * providers:
 *   aws:
 *     state:
 *       backend: s3
 *       s3_bucket: acme-terraform
 *       s3_key: network/terraform.tfstate
 *       workspaces: all
 *       role_arn: arn:aws:iam::111122223333:role/tfdrift-state-reader
 * }</pre>
 */
@AutoService(StateBackendProvider.class)
public final class S3StateBackendProvider implements StateBackendProvider {

  /** The bucket. */
  public static final String S3_BUCKET = "s3_bucket";

  /** The object key, or a glob. */
  public static final String S3_KEY = "s3_key";

  /** The bucket's region. */
  public static final String S3_REGION = "s3_region";

  /** Which workspaces: {@code default}, names, or {@code all}. */
  public static final String WORKSPACES = "workspaces";

  /** Where Terraform keeps non-default workspaces. */
  public static final String WORKSPACE_KEY_PREFIX = "workspace_key_prefix";

  /** Terraform's default {@code workspace_key_prefix}. */
  public static final String DEFAULT_WORKSPACE_KEY_PREFIX = "env:";

  private static final int DEFAULT_ATTEMPTS = 5;

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public S3StateBackendProvider() {}

  @Override
  public String type() {
    return "s3";
  }

  @Override
  public StateBackend create(ComponentConfig config) {
    List<String> problems = new ArrayList<>();
    String bucket = guard(problems, () -> bucket(config));
    String key = guard(problems, () -> key(config));
    List<String> workspaces = guard(problems, () -> workspaces(config));
    String prefix = guard(problems, () -> workspaceKeyPrefix(config));
    AwsConnection connection =
        guard(problems, () -> AwsConnection.from(config, S3_REGION, DEFAULT_ATTEMPTS));
    if (!problems.isEmpty()) {
      if (connection != null) {
        connection.close();
      }
      throw new ConfigException(problems);
    }
    S3Client s3 =
        connection
            .configure(S3Client.builder())
            // S3-compatible stores rarely serve virtual-hosted bucket names.
            .forcePathStyle(connection.endpoint().isPresent())
            // On AWS a wrong or unknown region is followed instead of failing.
            .crossRegionAccessEnabled(connection.endpoint().isEmpty())
            .build();
    S3Keys keys = S3Keys.of(key, workspaces, prefix);
    return new S3StateBackend(s3, connection, bucket, key, keys, workspaces, config.path());
  }

  private static String bucket(ComponentConfig config) {
    String bucket = config.string(S3_BUCKET).strip();
    if (bucket.isEmpty() || bucket.contains("/")) {
      throw config.invalid(
          S3_BUCKET,
          "'" + bucket + "' is not a bucket name; set the bucket alone, e.g. acme-terraform");
    }
    return bucket;
  }

  private static String key(ComponentConfig config) {
    String key = config.string(S3_KEY).strip();
    if (key.isEmpty() || key.startsWith("/")) {
      throw config.invalid(
          S3_KEY,
          "'"
              + key
              + "' is not an object key; use the key without a leading '/', e.g."
              + " network/terraform.tfstate, or a glob such as states/*/terraform.tfstate");
    }
    return key;
  }

  private static List<String> workspaces(ComponentConfig config) {
    List<String> names = config.strings(WORKSPACES).stream().map(String::strip).toList();
    if (names.isEmpty()) {
      return List.of(S3Keys.DEFAULT_WORKSPACE);
    }
    if (names.contains(S3Keys.ALL) || names.contains("*")) {
      if (names.size() > 1) {
        throw config.invalid(WORKSPACES, "'all' selects every workspace; list no others with it");
      }
      return List.of(S3Keys.ALL);
    }
    for (String name : names) {
      if (name.isEmpty() || name.contains("/")) {
        throw config.invalid(
            WORKSPACES, "'" + name + "' is not a workspace name; use e.g. default, prod or all");
      }
    }
    return List.copyOf(new LinkedHashSet<>(names));
  }

  private static String workspaceKeyPrefix(ComponentConfig config) {
    String prefix = config.string(WORKSPACE_KEY_PREFIX, DEFAULT_WORKSPACE_KEY_PREFIX).strip();
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (prefix.isEmpty()) {
      throw config.invalid(
          WORKSPACE_KEY_PREFIX, "is empty; leave it unset for Terraform's default env:");
    }
    return prefix;
  }

  private static <T> T guard(List<String> problems, Supplier<T> read) {
    try {
      return read.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return null;
    }
  }
}
