package io.tfdrift.source.aws;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * CloudTrail log files named by notifications, fetched from S3 and read record by record as {@code
 * tfdrift replay} reads them: the one place that knows the notification shapes and how a log file
 * is fetched, for every source that carries notifications (SQS, Kafka).
 *
 * <p>Notifications: an S3 event notification ({@code {"Records": [{"s3": {...}}]}}, keys
 * URL-decoded, only {@code ObjectCreated:*}), CloudTrail's own SNS message ({@code {"s3Bucket":
 * "...", "s3ObjectKey": ["..."]}}), either inside an SNS envelope or bare, and the S3 test event.
 * Digest files ({@code /CloudTrail-Digest/}) carry no records and are skipped.
 *
 * <p>The S3 client is built on the first fetch, so a source whose messages never name a log file
 * never needs a region or credentials. Thread-safe.
 */
public final class CloudTrailLogFiles implements AutoCloseable {
  private final Supplier<S3Client> clients;
  private final AuditFileReader reader =
      new AuditFileReader(Map.of(CloudTrailDecoder.FORMAT, new CloudTrailDecoder()));
  private S3Client s3;
  private boolean closed;

  /**
   * Log files fetched with a client built on first use.
   *
   * @param clients builds the S3 client
   */
  public CloudTrailLogFiles(Supplier<S3Client> clients) {
    this.clients = Objects.requireNonNull(clients, "clients");
  }

  /**
   * Log files fetched with the S3 settings of a source's section: {@code s3_region} (default: the
   * SDK's region chain), {@code s3_endpoint} (an endpoint override, for a VPC endpoint or a local
   * fake) and {@code s3_path_style} (default {@code true} when {@code s3_endpoint} is set).
   * Credentials come from the SDK's default chain.
   *
   * @param config the source's section
   * @return the log files
   * @throws io.tfdrift.api.ConfigException naming a bad key
   */
  public static CloudTrailLogFiles configured(ComponentConfig config) {
    Optional<Region> region = config.optionalString("s3_region").map(Region::of);
    Optional<URI> endpoint =
        config
            .optionalString("s3_endpoint")
            .map(e -> AwsSqsSourceProvider.uri(config, "s3_endpoint", e));
    boolean pathStyle = config.bool("s3_path_style", endpoint.isPresent());
    S3ClientBuilder s3 =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .forcePathStyle(pathStyle);
    region.ifPresent(s3::region);
    endpoint.ifPresent(s3::endpointOverride);
    return new CloudTrailLogFiles(s3::build);
  }

  /**
   * One S3 object.
   *
   * @param bucket the bucket
   * @param key the object key, decoded
   */
  public record LogFile(String bucket, String key) {
    /** Validates the parts. */
    public LogFile {
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return "s3://" + bucket + "/" + key;
    }
  }

  /**
   * The log files a notification names.
   *
   * @param object a message's JSON object
   * @return empty if the object is no notification (a CloudTrail record, anything else); the log
   *     files otherwise, none for the S3 test event or a notification of digest files only
   * @throws IllegalArgumentException if it is a notification without bucket or key, or mixes
   *     notifications and CloudTrail records; the message names the field
   */
  public static Optional<List<LogFile>> notified(Map<String, Object> object) {
    if ("Notification".equals(object.get("Type")) && object.get("Message") instanceof String m) {
      Map<String, Object> inner;
      try {
        inner = JsonTrees.parseObject(m);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      return notified(inner);
    }
    if ("s3:TestEvent".equals(object.get("Event"))) {
      return Optional.of(List.of());
    }
    if (object.containsKey("s3Bucket") && object.containsKey("s3ObjectKey")) {
      return Optional.of(cloudTrailNotification(object));
    }
    if (object.get("Records") instanceof List<?> records) {
      return s3Notification(records);
    }
    return Optional.empty();
  }

  /** CloudTrail's SNS message: a bucket and the keys it delivered, not URL-encoded. */
  private static List<LogFile> cloudTrailNotification(Map<String, Object> object) {
    String bucket = JsonTrees.text(object.get("s3Bucket"));
    if (bucket.isEmpty() || !(object.get("s3ObjectKey") instanceof List<?> keys)) {
      throw new IllegalArgumentException(
          "a CloudTrail notification needs s3Bucket (a name) and s3ObjectKey (a list of keys)");
    }
    List<LogFile> files = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      String key = JsonTrees.text(keys.get(i));
      if (key.isEmpty()) {
        throw new IllegalArgumentException("s3ObjectKey[" + i + "] is not an object key");
      }
      if (!isDigest(key)) {
        files.add(new LogFile(bucket, key));
      }
    }
    return files;
  }

  private static Optional<List<LogFile>> s3Notification(List<?> records) {
    List<LogFile> files = new ArrayList<>();
    int notifications = 0;
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i) instanceof Map<?, ?> record && record.get("s3") instanceof Map<?, ?>) {
        notifications++;
        @SuppressWarnings("unchecked")
        Map<String, Object> notification = (Map<String, Object>) record;
        logFile(notification, i, files);
      }
    }
    if (notifications == 0) {
      return Optional.empty();
    }
    if (notifications < records.size()) {
      throw new IllegalArgumentException(
          "mixes S3 notifications and CloudTrail records in one Records array");
    }
    return Optional.of(files);
  }

  private static void logFile(Map<String, Object> record, int i, List<LogFile> files) {
    String event = JsonTrees.text(record.get("eventName"));
    if (!event.startsWith("ObjectCreated:")) {
      return;
    }
    String bucket = JsonTrees.text(record, "s3", "bucket", "name");
    String rawKey = JsonTrees.text(record, "s3", "object", "key");
    if (bucket.isEmpty() || rawKey.isEmpty()) {
      throw new IllegalArgumentException(
          "Records[" + i + "]: an S3 notification without s3.bucket.name or s3.object.key");
    }
    // S3 notifications URL-encode keys with '+' for spaces: form decoding is the right inverse.
    String key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
    if (!isDigest(key)) {
      files.add(new LogFile(bucket, key));
    }
  }

  private static boolean isDigest(String key) {
    return key.contains("/CloudTrail-Digest/");
  }

  /**
   * Fetches a log file and reads its records, each decoded as a replayed file's record is. Records
   * that cannot be decoded reach {@link AuditFileReader.Listener#onRejected} at {@code
   * s3://bucket/key:line#Records[i]}; a file that no longer exists is rejected at {@code where}.
   *
   * @param file the log file
   * @param where the message that named it, for a rejection of the whole file
   * @param listener receives the events and rejections
   * @throws IOException if the file could not be fetched for another reason (access denied, S3
   *     unreachable, no region): reading it again later may work; the message says what to check
   */
  public void read(LogFile file, String where, AuditFileReader.Listener listener)
      throws IOException {
    try (InputStream in = client().getObject(r -> r.bucket(file.bucket()).key(file.key()))) {
      reader.read(in, file.toString(), listener);
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      listener.onRejected(
          where, file + " no longer exists (" + e.awsErrorDetails().errorCode() + ")");
    } catch (SdkException e) {
      throw new IOException(
          "fetching "
              + file
              + " failed ("
              + e.getMessage()
              + "); check s3:GetObject (and kms:Decrypt for an SSE-KMS trail) on the bucket, the"
              + " S3 region and the credentials",
          e);
    }
  }

  private synchronized S3Client client() throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    if (s3 == null) {
      s3 = clients.get();
    }
    return s3;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (s3 != null) {
      s3.close();
      s3 = null;
    }
  }
}
