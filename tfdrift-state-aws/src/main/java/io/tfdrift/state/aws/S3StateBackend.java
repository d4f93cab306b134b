package io.tfdrift.state.aws;

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
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Terraform states in one S3 bucket. See {@link S3StateBackendProvider} for the keys.
 *
 * <p>Change detection uses ETags. Objects named exactly are read with {@code If-None-Match}, so an
 * unchanged state costs one 304 per object. Listed objects (globs, all workspaces) cost one {@code
 * ListObjectsV2} per listing; only objects whose ETag changed are read again, the others come from
 * the bytes kept from the previous fetch. The version is the ETag of a single object, or a digest
 * of every key and ETag.
 */
final class S3StateBackend implements StateBackend {

  private static final Logger log = LoggerFactory.getLogger(S3StateBackend.class);
  private static final int NOT_MODIFIED = 304;

  private final S3Client s3;
  private final AwsConnection connection;
  private final String bucket;
  private final S3Keys keys;
  private final String location;
  private final S3Failures failures;
  // Last bytes read per key, with their ETag; touched only under this object's monitor.
  private final Map<String, Fetched> cache = new HashMap<>();

  S3StateBackend(
      S3Client s3,
      AwsConnection connection,
      String bucket,
      String keyOrGlob,
      S3Keys keys,
      List<String> workspaces,
      String keyPath) {
    this.s3 = s3;
    this.connection = connection;
    this.bucket = bucket;
    this.keys = keys;
    this.location = location(bucket, keyOrGlob, keys, workspaces);
    this.failures = new S3Failures(location, bucket, keyPath, connection);
  }

  @Override
  public synchronized StateFetch fetch(String knownVersion) throws StateException {
    return keys.listings().isEmpty() ? fetchExact(knownVersion) : fetchListed(knownVersion);
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    try {
      s3.close();
    } finally {
      connection.close();
    }
  }

  @Override
  public String toString() {
    return "S3StateBackend[" + location + "]";
  }

  private StateFetch fetchExact(String knownVersion) throws StateException {
    List<Fetched> fetched = new ArrayList<>(keys.exact().size());
    for (S3Keys.Exact object : keys.exact()) {
      Fetched cached = cache.get(object.key());
      String ifNoneMatch = cached != null ? cached.etag() : keys.single() ? knownVersion : "";
      Optional<Fetched> read = get(object.key(), object.workspace(), ifNoneMatch);
      if (read.isEmpty() && cached == null) {
        // A 304 for the version the caller already holds, with no bytes kept: nothing changed.
        return StateFetch.unchanged(knownVersion);
      }
      Fetched current = read.orElse(cached);
      cache.put(object.key(), current);
      fetched.add(current);
    }
    return result(fetched, knownVersion);
  }

  private StateFetch fetchListed(String knownVersion) throws StateException {
    List<Listed> listed = list();
    if (listed.isEmpty()) {
      throw new StateException(
          location
              + ": no object matches; check s3_key and workspaces (listed "
              + String.join(
                  ", ",
                  keys.listings().stream()
                      .map(l -> "s3://" + bucket + "/" + l.prefix() + "*")
                      .toList())
              + ")");
    }
    Map<String, String> listedVersions = new TreeMap<>();
    listed.forEach(l -> listedVersions.put(l.key(), l.etag()));
    if (version(listedVersions).equals(knownVersion)) {
      return StateFetch.unchanged(knownVersion);
    }
    List<Fetched> fetched = new ArrayList<>(listed.size());
    Map<String, Fetched> kept = new HashMap<>();
    for (Listed object : listed) {
      Fetched cached = cache.get(object.key());
      Fetched current;
      if (cached != null && cached.etag().equals(object.etag())) {
        current = new Fetched(object.key(), object.workspace(), cached.etag(), cached.content());
      } else {
        String ifNoneMatch = cached == null ? "" : cached.etag();
        current = get(object.key(), object.workspace(), ifNoneMatch).orElse(cached);
      }
      kept.put(object.key(), current);
      fetched.add(current);
    }
    cache.clear();
    cache.putAll(kept);
    return result(fetched, knownVersion);
  }

  private StateFetch result(List<Fetched> fetched, String knownVersion) {
    String version;
    if (keys.single()) {
      version = fetched.get(0).etag();
    } else {
      Map<String, String> versions = new TreeMap<>();
      fetched.forEach(f -> versions.put(f.key(), f.etag()));
      version = version(versions);
    }
    if (version.equals(knownVersion)) {
      return StateFetch.unchanged(knownVersion);
    }
    List<StateDocument> documents = new ArrayList<>(fetched.size());
    for (Fetched f : fetched) {
      documents.add(
          new StateDocument(f.workspace(), "s3://" + bucket + "/" + f.key(), f.content()));
    }
    return StateFetch.changed(version, documents);
  }

  /** A GET, conditional when {@code ifNoneMatch} is set; empty for a 304. */
  private Optional<Fetched> get(String key, String workspace, String ifNoneMatch)
      throws StateException {
    GetObjectRequest.Builder request = GetObjectRequest.builder().bucket(bucket).key(key);
    if (!ifNoneMatch.isEmpty()) {
      request.ifNoneMatch(ifNoneMatch);
    }
    try {
      ResponseBytes<GetObjectResponse> response = s3.getObjectAsBytes(request.build());
      log.debug("Read s3://{}/{} (ETag {})", bucket, key, response.response().eTag());
      return Optional.of(
          new Fetched(key, workspace, response.response().eTag(), response.asByteArray()));
    } catch (S3Exception e) {
      if (e.statusCode() == NOT_MODIFIED) {
        return Optional.empty();
      }
      throw failures.onGet(key, e);
    } catch (SdkException e) {
      throw failures.onGet(key, e);
    }
  }

  private List<Listed> list() throws StateException {
    Map<String, Listed> found = new TreeMap<>();
    for (S3Keys.Listing listing : keys.listings()) {
      ListObjectsV2Request request =
          ListObjectsV2Request.builder().bucket(bucket).prefix(listing.prefix()).build();
      try {
        for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
          listing
              .nameOf(object.key())
              .ifPresent(
                  ws ->
                      found.putIfAbsent(object.key(), new Listed(object.key(), ws, object.eTag())));
        }
      } catch (SdkException e) {
        throw failures.onList(listing.prefix(), e);
      }
    }
    return List.copyOf(found.values());
  }

  /** A digest of every key and its ETag, short enough to log. */
  private static String version(Map<String, String> etagsByKey) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      etagsByKey.forEach(
          (key, etag) -> {
            sha.update(key.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(etag.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
          });
      return etagsByKey.size() + " objects, sha256:" + HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String location(
      String bucket, String keyOrGlob, S3Keys keys, List<String> workspaces) {
    if (keys.single()) {
      return "s3://" + bucket + "/" + keys.exact().get(0).key();
    }
    String where = "s3://" + bucket + "/" + keyOrGlob;
    boolean defaultOnly = workspaces.equals(List.of(S3Keys.DEFAULT_WORKSPACE));
    return defaultOnly ? where : where + " (workspaces: " + String.join(", ", workspaces) + ")";
  }

  private record Listed(String key, String workspace, String etag) {}

  private record Fetched(String key, String workspace, String etag, byte[] content) {}
}
