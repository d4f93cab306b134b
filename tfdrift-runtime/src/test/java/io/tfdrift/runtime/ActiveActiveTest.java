package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.tfdrift.testkit.TestPostgres;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Three replicas, no leader: each consumes the same SQS queue (ElasticMQ) as a competing consumer
 * and shares one PostgreSQL inventory. Every message is sent twice (a redelivery), one replica is
 * stopped half-way: every drift is notified exactly once, and every message is deleted.
 */
class ActiveActiveTest {
  private static final Path DEMO = Path.of("..", "examples", "demo");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DRIFTS = 60;
  private static final String INSTANCE = "i-0a1b2c3d4e5f60001";

  @TempDir Path dir;
  private SQSRestServer sqsServer;
  private SqsClient sqs;
  private String endpoint;
  private String queueUrl;
  private String store;
  private HttpServer webhook;
  private final Map<String, AtomicInteger> notified = new ConcurrentHashMap<>();
  private final List<Daemon> daemons = new ArrayList<>();

  @BeforeEach
  void peers() throws Exception {
    System.setProperty("aws.accessKeyId", "test-access-key");
    System.setProperty("aws.secretAccessKey", "test-secret-key");
    sqsServer =
        SQSRestServerBuilder.withInterface("127.0.0.1")
            .withDynamicPort()
            .withAWSRegion("us-east-1")
            .start();
    endpoint = "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
    sqs =
        SqsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .endpointOverride(URI.create(endpoint))
            .build();
    queueUrl = sqs.createQueue(r -> r.queueName("audit")).queueUrl();
    store = TestPostgres.newSchema();
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext(
        "/",
        e -> {
          try (e) {
            JsonNode drift = JSON.readTree(e.getRequestBody().readAllBytes());
            String key =
                drift.at("/lifecycle/key").asText()
                    + " "
                    + drift.at("/lifecycle/transition").asText();
            notified.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            e.sendResponseHeaders(204, -1);
          }
        });
    webhook.start();
  }

  @AfterEach
  void stop() throws Exception {
    daemons.forEach(d -> d.stop(Duration.ofSeconds(5)));
    webhook.stop(0);
    sqs.close();
    sqsServer.stopAndWait();
    TestPostgres.dropSchema(store);
  }

  @Test
  void replicasShareOneQueueAndOneInventoryAndNotifyEachDriftOnce() throws Exception {
    Path state = fleetState();
    for (int r = 1; r <= 3; r++) {
      Daemon daemon = new Daemon(Setup.load(Optional.of(config("r" + r, state)), true, true));
      daemon.start();
      daemons.add(daemon);
    }
    JsonNode record = JSON.readTree(DEMO.resolve("cloudtrail.json").toFile()).get("Records").get(0);
    for (int i = 0; i < DRIFTS; i++) {
      String body = eventBridge(record, i);
      sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body));
      sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(body)); // redelivered
      if (i == DRIFTS / 2) {
        Daemon stopped = daemons.remove(2);
        stopped.stop(Duration.ofSeconds(5));
      }
    }
    await("every drift notified and every message deleted")
        .atMost(Duration.ofSeconds(90))
        .until(() -> notified.size() == DRIFTS && messagesLeft() == 0);
    assertThat(notified.keySet()).allSatisfy(k -> assertThat(k).endsWith(" opened"));
    assertThat(notified.values())
        .as("each drift notified once, by one replica")
        .allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
  }

  private int messagesLeft() {
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

  /** The demo state with {@value #DRIFTS} copies of its instance, each with its own id. */
  private Path fleetState() throws Exception {
    ObjectNode demo = (ObjectNode) JSON.readTree(DEMO.resolve("terraform.tfstate").toFile());
    JsonNode instance = null;
    for (JsonNode r : demo.get("resources")) {
      if (r.get("type").asText().equals("aws_instance")) {
        instance = r;
      }
    }
    ArrayNode resources = JSON.createArrayNode();
    for (int i = 0; i < DRIFTS; i++) {
      String copy = instance.toString().replace(INSTANCE, id(i));
      ObjectNode r = (ObjectNode) JSON.readTree(copy);
      r.put("name", "web" + i);
      resources.add(r);
    }
    demo.set("resources", resources);
    Path state = dir.resolve("fleet.tfstate");
    Files.writeString(state, demo.toString());
    return state;
  }

  private static String id(int i) {
    return String.format("i-0f1e2d3c4b%07d", i);
  }

  /**
   * The demo's real ModifyInstanceAttribute record, on instance {@code i}, as EventBridge sends it.
   */
  private static String eventBridge(JsonNode record, int i) throws Exception {
    ObjectNode detail = (ObjectNode) JSON.readTree(record.toString().replace(INSTANCE, id(i)));
    detail.put("eventID", String.format("00000000-0000-4000-8000-%012d", i));
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "0");
    event.put("id", String.format("6f2a9c1e-0000-4000-8000-%012d", i));
    event.put("detail-type", "AWS API Call via CloudTrail");
    event.put("source", "aws.ec2");
    event.put("account", detail.get("recipientAccountId").asText());
    event.put("time", detail.get("eventTime").asText());
    event.put("region", detail.get("awsRegion").asText());
    event.set("resources", JSON.createArrayNode());
    event.set("detail", detail);
    return event.toString();
  }

  private Path config(String replica, Path state) throws Exception {
    Path config = dir.resolve(replica + ".yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              name: fleet
              local_path: %s
        sources:
          - type: aws-sqs
            queue_url: %s
            region: us-east-1
            endpoint: %s
            wait_time: 1s
            visibility_timeout: 5s
        server:
          listen: 127.0.0.1:0
        notifications:
          webhook:
            url: http://127.0.0.1:%d/drift
        store:
          type: postgres
          url: "%s"
          replica: %s
          lease: 3s
        """
            .formatted(state, queueUrl, endpoint, webhook.getAddress().getPort(), store, replica));
    return config;
  }
}
