package io.tfdrift.state.aws;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3Proxy on an in-memory blob store, and an S3 client to put test states into it.
 *
 * <p>With {@code signed} it checks SigV4 signatures against {@link #ACCESS_KEY}/{@link
 * #SECRET_KEY}; otherwise it accepts any caller, and buckets named in {@code denied} answer
 * AccessDenied (S3Proxy denies anonymous callers whose blob store locator finds no store).
 */
final class S3ProxyServer implements AutoCloseable {
  static final String ACCESS_KEY = "AKIATFDRIFTTEST";
  static final String SECRET_KEY = "tfdrift-test-secret-key";

  private final S3Proxy proxy;
  private final S3Client client;
  private final URI endpoint;

  private S3ProxyServer(boolean signed, Set<String> denied) throws Exception {
    TransientNio2BlobStore store = new TransientNio2BlobStore();
    S3Proxy.Builder builder =
        S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"));
    if (signed) {
      builder.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY);
    } else {
      builder.awsAuthentication(AuthenticationType.NONE, null, null);
    }
    proxy = builder.build();
    if (!denied.isEmpty()) {
      proxy.setBlobStoreLocator(
          (identity, container, blob) ->
              denied.contains(container) ? null : AccessGrant.anonymous(store));
    }
    proxy.start();
    await("S3Proxy started")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> "STARTED".equals(proxy.getState()));
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
  }

  /** A proxy that checks signatures. */
  static S3ProxyServer signed() throws Exception {
    return new S3ProxyServer(true, Set.of());
  }

  /** A proxy that accepts anyone, except for the denied buckets. */
  static S3ProxyServer open(Set<String> denied) throws Exception {
    return new S3ProxyServer(false, denied);
  }

  URI endpoint() {
    return endpoint;
  }

  void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  void put(String bucket, String key, byte[] content) {
    client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
  }

  void delete(String bucket, String key) {
    client.deleteObject(r -> r.bucket(bucket).key(key));
  }

  /** The keys of a state section reading from this proxy with the test credentials. */
  Map<String, Object> section(String bucket, String key) {
    return section(endpoint, bucket, key);
  }

  /** The keys of a state section reading through another endpoint (e.g. a recording proxy). */
  static Map<String, Object> section(URI endpoint, String bucket, String key) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("backend", "s3");
    values.put("s3_bucket", bucket);
    values.put("s3_key", key);
    values.put("s3_region", "us-east-1");
    values.put("endpoint", endpoint.toString());
    values.put("access_key", ACCESS_KEY);
    values.put("secret_key", SECRET_KEY);
    return values;
  }

  @Override
  public void close() {
    client.close();
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not stop", e);
    }
  }
}
