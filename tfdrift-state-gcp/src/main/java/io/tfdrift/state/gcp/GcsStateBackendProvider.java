package io.tfdrift.state.gcp;

import com.google.auto.service.AutoService;
import com.google.cloud.NoCredentials;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The {@code gcs} state backend: Terraform states in a Cloud Storage bucket.
 *
 * <p>Keys: {@code gcs_bucket} (required) and exactly one of {@code gcs_object} (one object, the
 * form {@code --state gs://bucket/object} produces) or {@code gcs_prefix} (Terraform's gcs backend
 * layout, workspace {@code w} at {@code <prefix>/w.tfstate}). With {@code gcs_prefix}, {@code
 * workspaces} is {@code all} (the default: every {@code *.tfstate} directly under the prefix) or
 * workspace names. A {@code gcs_prefix} ending in {@code .tfstate} is read as one object, as the
 * original TFDrift-Falco did. {@code credentials_file} (else Application Default Credentials),
 * {@code anonymous} (no credentials; emulators), {@code endpoint} (emulators, fakes, private
 * endpoints), {@code project} (billing/quota project, rarely needed), {@code max_attempts} (default
 * 6; 429 and 5xx are retried with backoff), {@code timeout} (per request, default 30s).
 *
 * <pre>{@code
 * providers:
 *   gcp:
 *     state:
 *       backend: gcs
 *       gcs_bucket: acme-terraform
 *       gcs_prefix: network
 *       workspaces: all
 * }</pre>
 */
@AutoService(StateBackendProvider.class)
public final class GcsStateBackendProvider implements StateBackendProvider {

  /** The bucket. */
  public static final String GCS_BUCKET = "gcs_bucket";

  /** Terraform's gcs backend prefix. */
  public static final String GCS_PREFIX = "gcs_prefix";

  /** One object. */
  public static final String GCS_OBJECT = "gcs_object";

  /** {@code all} or workspace names, with {@code gcs_prefix}. */
  public static final String WORKSPACES = "workspaces";

  private static final List<String> READ_ONLY =
      List.of("https://www.googleapis.com/auth/devstorage.read_only");
  private static final String SUFFIX = ".tfstate";

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public GcsStateBackendProvider() {}

  @Override
  public String type() {
    return "gcs";
  }

  @Override
  public StateBackend create(ComponentConfig config) {
    List<String> problems = new ArrayList<>();
    String bucket = guard(problems, () -> bucket(config));
    GcsObjects objects = guard(problems, () -> objects(config));
    GcpCredentials credentials = guard(problems, () -> GcpCredentials.from(config, READ_ONLY));
    Optional<String> project = config.optionalString("project");
    Integer maxAttempts = guard(problems, () -> maxAttempts(config));
    Duration timeout = guard(problems, () -> config.duration("timeout", Duration.ofSeconds(30)));
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    Storage storage = storage(credentials, project, maxAttempts, timeout);
    String location = location(bucket, objects, config);
    return new GcsStateBackend(storage, bucket, objects, location, config.path(), credentials);
  }

  private static Storage storage(
      GcpCredentials credentials, Optional<String> project, int maxAttempts, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    StorageOptions.Builder options =
        StorageOptions.http()
            .setRetrySettings(
                ServiceOptions.getDefaultRetrySettings().toBuilder()
                    .setMaxAttempts(maxAttempts)
                    .build())
            .setTransportOptions(
                HttpTransportOptions.newBuilder()
                    .setConnectTimeout(millis)
                    .setReadTimeout(millis)
                    .build());
    credentials.explicit().ifPresent(options::setCredentials);
    credentials.endpoint().ifPresent(uri -> options.setHost(uri.toString()));
    // Reads need no project; naming one keeps the client from probing for a default project.
    boolean anonymous = credentials.explicit().filter(c -> c instanceof NoCredentials).isPresent();
    project
        .or(() -> anonymous ? Optional.of("tfdrift") : Optional.empty())
        .ifPresent(options::setProjectId);
    return options.build().getService();
  }

  private static int maxAttempts(ComponentConfig config) {
    int maxAttempts = config.integer("max_attempts", 6);
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw config.invalid("max_attempts", maxAttempts + " is out of range; use 1 to 20");
    }
    return maxAttempts;
  }

  private static String bucket(ComponentConfig config) {
    String bucket = config.string(GCS_BUCKET).strip();
    if (bucket.startsWith("gs://")) {
      bucket = bucket.substring(5);
    }
    if (bucket.isEmpty() || bucket.contains("/")) {
      throw config.invalid(
          GCS_BUCKET, "'" + bucket + "' is not a bucket name; set the bucket alone, e.g. acme-tf");
    }
    return bucket;
  }

  private static GcsObjects objects(ComponentConfig config) {
    Optional<String> object = config.optionalString(GCS_OBJECT).map(String::strip);
    Optional<String> prefix = config.optionalString(GCS_PREFIX).map(String::strip);
    List<String> workspaces = config.strings(WORKSPACES).stream().map(String::strip).toList();
    if (object.isPresent() && prefix.isPresent()) {
      throw config.invalid(GCS_OBJECT, "set either gcs_object or gcs_prefix, not both");
    }
    if (object.isEmpty() && prefix.isEmpty()) {
      throw config.invalid(
          GCS_PREFIX,
          "missing; set gcs_prefix (Terraform's gcs backend prefix) or gcs_object (one object)");
    }
    if (object.isPresent() || prefix.get().endsWith(SUFFIX)) {
      String name = object.orElseGet(prefix::get);
      String key = object.isPresent() ? GCS_OBJECT : GCS_PREFIX;
      if (name.isEmpty() || name.startsWith("/")) {
        throw config.invalid(key, "'" + name + "' is not an object name; drop the leading '/'");
      }
      if (!workspaces.isEmpty()) {
        throw config.invalid(WORKSPACES, "selects workspaces under gcs_prefix; remove it");
      }
      return GcsObjects.object(name);
    }
    String base = prefix.get();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return GcsObjects.workspaces(base, workspaces(config, workspaces));
  }

  private static List<String> workspaces(ComponentConfig config, List<String> names) {
    if (names.isEmpty() || names.contains(GcsObjects.ALL) || names.contains("*")) {
      if (names.size() > 1) {
        throw config.invalid(WORKSPACES, "'all' selects every workspace; list no others with it");
      }
      return List.of(GcsObjects.ALL);
    }
    for (String name : names) {
      if (name.isEmpty() || name.contains("/")) {
        throw config.invalid(
            WORKSPACES, "'" + name + "' is not a workspace name; use e.g. default, prod or all");
      }
    }
    return List.copyOf(new LinkedHashSet<>(names));
  }

  private static String location(String bucket, GcsObjects objects, ComponentConfig config) {
    if (objects.single()) {
      return "gs://" + bucket + "/" + objects.exact().get(0).name();
    }
    String prefix = config.string(GCS_PREFIX).strip();
    String workspaces =
        objects.listPrefix().isPresent()
            ? "all"
            : String.join(", ", objects.exact().stream().map(GcsObjects.Exact::workspace).toList());
    return "gs://" + bucket + "/" + prefix + " (workspaces: " + workspaces + ")";
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
