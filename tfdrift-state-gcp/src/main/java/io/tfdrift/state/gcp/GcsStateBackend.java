package io.tfdrift.state.gcp;

import com.google.cloud.BaseServiceException;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobField;
import com.google.cloud.storage.Storage.BlobGetOption;
import com.google.cloud.storage.Storage.BlobListOption;
import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.api.spi.StateFetch;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Terraform states in one Cloud Storage bucket. See {@link GcsStateBackendProvider} for the keys.
 *
 * <p>Change detection uses object generations, which change on every write. Objects named exactly
 * cost one metadata read each when unchanged; all workspaces cost one listing. Content is read only
 * for objects whose generation changed, pinned to that generation so bytes and version agree; the
 * others come from the bytes kept from the previous fetch. The version is the generation of a
 * single object, or a digest of every name and generation.
 */
final class GcsStateBackend implements StateBackend {

  private static final Logger log = LoggerFactory.getLogger(GcsStateBackend.class);

  private final Storage storage;
  private final String bucket;
  private final GcsObjects objects;
  private final String location;
  private final GcsFailures failures;
  // Last bytes read per object name, with their generation; guarded by this.
  private final Map<String, Fetched> cache = new HashMap<>();

  GcsStateBackend(
      Storage storage,
      String bucket,
      GcsObjects objects,
      String location,
      String keyPath,
      GcpCredentials credentials) {
    this.storage = storage;
    this.bucket = bucket;
    this.objects = objects;
    this.location = location;
    this.failures = new GcsFailures(location, bucket, keyPath, credentials);
  }

  @Override
  public synchronized StateFetch fetch(String knownVersion) throws StateException {
    List<Generation> current = objects.listPrefix().isPresent() ? list() : generations();
    String version = version(current);
    if (version.equals(knownVersion)) {
      return StateFetch.unchanged(knownVersion);
    }
    Map<String, Fetched> kept = new HashMap<>();
    List<StateDocument> documents = new ArrayList<>(current.size());
    for (Generation object : current) {
      Fetched cached = cache.get(object.name());
      Fetched fetched =
          cached != null && cached.generation() == object.generation()
              ? cached
              : new Fetched(object.generation(), read(object));
      kept.put(object.name(), fetched);
      documents.add(
          new StateDocument(
              object.workspace(), "gs://" + bucket + "/" + object.name(), fetched.content()));
    }
    cache.clear();
    cache.putAll(kept);
    return StateFetch.changed(version, documents);
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    try {
      storage.close();
    } catch (Exception e) {
      log.debug("Closing the Cloud Storage client for {} failed", location, e);
    }
  }

  @Override
  public String toString() {
    return "GcsStateBackend[" + location + "]";
  }

  private List<Generation> generations() throws StateException {
    List<Generation> out = new ArrayList<>(objects.exact().size());
    for (GcsObjects.Exact object : objects.exact()) {
      Blob blob;
      try {
        blob =
            storage.get(
                BlobId.of(bucket, object.name()),
                BlobGetOption.fields(BlobField.NAME, BlobField.GENERATION));
      } catch (RuntimeException e) {
        throw failures.onGet(object.name(), e);
      }
      if (blob == null || blob.getGeneration() == null) {
        throw missing(object.name());
      }
      out.add(new Generation(object.name(), object.workspace(), blob.getGeneration()));
    }
    return out;
  }

  private List<Generation> list() throws StateException {
    String prefix = objects.listPrefix().orElseThrow();
    Map<String, Generation> found = new TreeMap<>();
    try {
      for (Blob blob :
          storage
              .list(
                  bucket,
                  BlobListOption.prefix(prefix),
                  BlobListOption.fields(BlobField.NAME, BlobField.GENERATION))
              .iterateAll()) {
        Optional<String> workspace = objects.workspaceOf(blob.getName());
        if (workspace.isPresent() && blob.getGeneration() != null) {
          found.put(
              blob.getName(),
              new Generation(blob.getName(), workspace.get(), blob.getGeneration()));
        }
      }
    } catch (RuntimeException e) {
      throw failures.onList(prefix, e);
    }
    if (found.isEmpty()) {
      throw new StateException(
          location
              + ": no workspace state (<workspace>.tfstate) under gs://"
              + bucket
              + "/"
              + prefix
              + "; check gcs_prefix, or apply the configuration that writes it");
    }
    return List.copyOf(found.values());
  }

  /** A missing object, or a missing bucket when a listing says so. */
  private StateException missing(String name) {
    try {
      storage.list(bucket, BlobListOption.prefix(name), BlobListOption.pageSize(1));
    } catch (RuntimeException e) {
      if (e instanceof BaseServiceException s && s.getCode() == 404) {
        return failures.noBucket(e);
      }
    }
    return failures.missing(name);
  }

  private byte[] read(Generation object) throws StateException {
    try {
      byte[] content = storage.readAllBytes(BlobId.of(bucket, object.name(), object.generation()));
      log.debug("Read gs://{}/{}#{}", bucket, object.name(), object.generation());
      return content;
    } catch (RuntimeException e) {
      throw failures.onGet(object.name(), e);
    }
  }

  private String version(List<Generation> current) {
    if (objects.single()) {
      return Long.toString(current.get(0).generation());
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Generation g : current) {
        sha.update(g.name().getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(Long.toString(g.generation()).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return current.size() + " objects, sha256:" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private record Generation(String name, String workspace, long generation) {}

  private record Fetched(long generation, byte[] content) {}
}
