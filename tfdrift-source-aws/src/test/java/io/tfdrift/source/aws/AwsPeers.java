package io.tfdrift.source.aws;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * ElasticMQ (SQS, in process) and S3Proxy (S3, in process), started once per test JVM. The source
 * under test finds credentials in the SDK's default chain: the test sets the {@code aws.*} system
 * properties to dummy values, which both peers accept.
 */
final class AwsPeers {
  private static final AtomicInteger QUEUES = new AtomicInteger();
  private static AwsPeers instance;

  final SQSRestServer sqsServer;
  final URI sqsEndpoint;
  final S3Proxy s3Proxy;
  final URI s3Endpoint;
  final SqsClient sqs;
  final S3Client s3;

  private AwsPeers() throws Exception {
    System.setProperty("aws.accessKeyId", "test-access-key");
    System.setProperty("aws.secretAccessKey", "test-secret-key");
    sqsServer =
        SQSRestServerBuilder.withInterface("127.0.0.1")
            .withDynamicPort()
            .withAWSRegion("us-east-1")
            .start();
    int sqsPort = sqsServer.waitUntilStarted().localAddress().getPort();
    sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
    s3Proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.NONE, null, null)
            .build();
    s3Proxy.start();
    await("S3Proxy started")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> "STARTED".equals(s3Proxy.getState()));
    s3Endpoint = URI.create("http://127.0.0.1:" + s3Proxy.getPort());
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    sqs =
        SqsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .endpointOverride(sqsEndpoint)
            .build();
    s3 =
        S3Client.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .endpointOverride(s3Endpoint)
            .forcePathStyle(true)
            .build();
  }

  static synchronized AwsPeers get() throws Exception {
    if (instance == null) {
      instance = new AwsPeers();
    }
    return instance;
  }

  /** A new empty queue; returns its URL. */
  String newQueue() {
    return sqs.createQueue(r -> r.queueName("tfdrift-" + QUEUES.incrementAndGet())).queueUrl();
  }

  /** The source's configuration for a queue, with short polls so that tests close fast. */
  Map<String, Object> config(String queueUrl) {
    Map<String, Object> config = new HashMap<>();
    config.put("queue_url", queueUrl);
    config.put("region", "us-east-1");
    config.put("endpoint", sqsEndpoint.toString());
    config.put("s3_endpoint", s3Endpoint.toString());
    config.put("wait_time", "1s");
    return config;
  }

  void send(String queueUrl, String body) {
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
  }

  void put(String bucket, String key, byte[] bytes) {
    try {
      s3.createBucket(r -> r.bucket(bucket));
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() != 409) {
        throw e;
      }
    }
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  /** Visible plus in-flight messages. */
  int messagesLeft(String queueUrl) {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
            .attributes();
    return Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }
}
