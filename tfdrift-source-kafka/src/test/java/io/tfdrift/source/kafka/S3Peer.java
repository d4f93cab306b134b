package io.tfdrift.source.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.awaitility.Awaitility;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3Proxy (S3, in process), started once per test JVM, where CloudTrail log files are put. The
 * source under test finds credentials in the SDK's default chain: the {@code aws.*} system
 * properties, set to dummy values S3Proxy accepts.
 */
final class S3Peer {
  private static S3Peer instance;

  final URI endpoint;
  final S3Client s3;

  private S3Peer() throws Exception {
    System.setProperty("aws.accessKeyId", "test-access-key");
    System.setProperty("aws.secretAccessKey", "test-secret-key");
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.NONE, null, null)
            .build();
    proxy.start();
    Awaitility.await("S3Proxy started")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> "STARTED".equals(proxy.getState()));
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    s3 =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .endpointOverride(endpoint)
            .forcePathStyle(true)
            .build();
  }

  static synchronized S3Peer get() throws Exception {
    if (instance == null) {
      instance = new S3Peer();
    }
    return instance;
  }

  /** The source's S3 keys for this peer. */
  Map<String, Object> config() {
    return Map.of("s3_region", "us-east-1", "s3_endpoint", endpoint.toString());
  }

  /** Puts a log file, gzipped as CloudTrail delivers it. */
  void putLogFile(String bucket, String key, byte[] json) {
    try {
      s3.createBucket(r -> r.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 409) {
        throw e;
      }
    }
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(gzipped.toByteArray()));
  }

  /** An S3 event notification of a created object; the key is URL-encoded as S3 does. */
  static byte[] s3Notification(String bucket, String key) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("key", URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/"));
    object.put("size", 1234);
    Map<String, Object> s3 = new LinkedHashMap<>();
    s3.put("s3SchemaVersion", "1.0");
    s3.put("bucket", Map.of("name", bucket, "arn", "arn:aws:s3:::" + bucket));
    s3.put("object", object);
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("eventVersion", "2.1");
    record.put("eventSource", "aws:s3");
    record.put("awsRegion", "us-east-1");
    record.put("eventTime", "2026-11-23T09:35:00.000Z");
    record.put("eventName", "ObjectCreated:Put");
    record.put("s3", s3);
    return Fixtures.json(Map.of("Records", List.of(record)));
  }

  /** The message CloudTrail publishes to its SNS topic when it delivered log files. */
  static byte[] cloudTrailNotification(String bucket, String... keys) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("s3Bucket", bucket);
    message.put("s3ObjectKey", List.of(keys));
    return Fixtures.json(message);
  }
}
