package io.tfdrift.benchmarks.load;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * An SQS queue on ElasticMQ (in this process), as {@code ActiveActiveTest} starts it. Records are
 * sent as EventBridge events from four sender threads, ten per {@code SendMessageBatch} at full
 * speed, one by one at a fixed rate (so that none waits for nine more).
 */
final class SqsBus implements AuditBus {

  private final SQSRestServer server;
  private final SqsClient sqs;
  private final String endpoint;
  private final String visibilityTimeout;
  private final ExecutorService senders = Executors.newFixedThreadPool(4);
  private final List<Future<?>> sent = new ArrayList<>();
  private final int batchSize;
  private List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
  private volatile String queueUrl;

  SqsBus(String visibilityTimeout, boolean paced) {
    this.visibilityTimeout = visibilityTimeout;
    this.batchSize = paced ? 1 : 10;
    server =
        SQSRestServerBuilder.withInterface("127.0.0.1")
            .withDynamicPort()
            .withAWSRegion("us-east-1")
            .start();
    endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
    sqs =
        SqsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .endpointOverride(URI.create(endpoint))
            .build();
  }

  @Override
  public String name() {
    return "sqs";
  }

  @Override
  public String open(String run) {
    queueUrl = sqs.createQueue(r -> r.queueName("audit-" + run)).queueUrl();
    return """
          - type: aws-sqs
            queue_url: %s
            region: us-east-1
            endpoint: %s
            wait_time: 1s
            visibility_timeout: %s
        """
        .formatted(queueUrl, endpoint, visibilityTimeout);
  }

  @Override
  public synchronized void publish(int i, String key, ScaleRecords records) {
    batch.add(
        SendMessageBatchRequestEntry.builder()
            .id(Integer.toString(i))
            .messageBody(records.eventBridge(i))
            .build());
    if (batch.size() == batchSize) {
      send();
    }
  }

  private void send() {
    List<SendMessageBatchRequestEntry> entries = batch;
    batch = new ArrayList<>(batchSize);
    String url = queueUrl;
    sent.add(
        senders.submit(
            () -> {
              var answer = sqs.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
              if (!answer.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused " + answer.failed());
              }
            }));
  }

  @Override
  public void flush() throws Exception {
    List<Future<?>> pending;
    synchronized (this) {
      if (!batch.isEmpty()) {
        send();
      }
      pending = new ArrayList<>(sent);
      sent.clear();
    }
    for (Future<?> f : pending) {
      f.get();
    }
  }

  @Override
  public long backlog() {
    Map<QueueAttributeName, String> a =
        sqs.getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    return Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        + Long.parseLong(a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
  }

  @Override
  public void close() throws Exception {
    senders.shutdownNow();
    senders.awaitTermination(5, TimeUnit.SECONDS);
    sqs.close();
    server.stopAndWait();
  }
}
