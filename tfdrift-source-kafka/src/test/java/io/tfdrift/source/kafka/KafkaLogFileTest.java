package io.tfdrift.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.registry.AuditFormats;
import io.tfdrift.source.aws.CloudTrailLogFiles;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Notifications of CloudTrail log files on a topic: the files are fetched from S3 (S3Proxy) and
 * read as the aws-sqs source reads them, and a notification's offset is committed only after every
 * event of its files was processed.
 */
class KafkaLogFileTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger GROUPS = new AtomicInteger();
  private static final String BUCKET = "acme-cloudtrail";

  private KafkaBroker broker;
  private S3Peer s3;
  private String group;

  @BeforeEach
  void peers() throws Exception {
    broker = KafkaBroker.get();
    s3 = S3Peer.get();
    group = "log-files-" + GROUPS.incrementAndGet();
  }

  private Map<String, Object> config(String topic) {
    Map<String, Object> config = broker.config(topic, group);
    config.putAll(s3.config());
    return config;
  }

  private static void await(Callable<Boolean> condition, String what) {
    Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(condition);
  }

  @Test
  void everyRecordOfANotifiedFileIsDeliveredAndTheOffsetWaitsForTheLast() throws Exception {
    String topic = broker.newTopic(1);
    String key = "AWSLogs/123837392027/CloudTrail/us-east-1/2023/07/12/trail file+1.json.gz";
    String other = "AWSLogs/123837392027/CloudTrail/us-east-1/2023/07/12/trail-2.json.gz";
    s3.putLogFile(BUCKET, key, Fixtures.resource(Fixtures.CLOUDTRAIL));
    s3.putLogFile(BUCKET, other, Fixtures.resource(Fixtures.CLOUDTRAIL));
    String digest = "AWSLogs/123837392027/CloudTrail-Digest/us-east-1/2023/07/12/d.json.gz";
    broker.send(topic, 0, S3Peer.s3Notification(BUCKET, key)); // 0
    broker.send(topic, 0, S3Peer.cloudTrailNotification(BUCKET, other, digest)); // 1
    broker.send(topic, 0, S3Peer.s3Notification(BUCKET, digest)); // 2: nothing to read
    broker.send(topic, 0, S3Peer.s3Notification(BUCKET, "AWSLogs/gone.json.gz")); // 3
    List<AuditEvent> replayed = Fixtures.replayed(Fixtures.CLOUDTRAIL);

    PipelineSink sink = PipelineSink.manual();
    try (EventSource source = source(config(topic))) {
      source.start(sink);
      await(() -> sink.submissions().size() == 2, "both files in the pipeline");
      // One submission per notification: the whole file, in file order.
      assertThat(sink.submissions())
          .allSatisfy(s -> assertThat(s.events()).containsExactlyElementsOf(replayed));
      assertThat(broker.committed(group, topic, 0)).isEqualTo(-1);

      sink.submissions().get(1).done().complete(null);
      assertThat(broker.committed(group, topic, 0))
          .as("the second file waits for the first")
          .isEqualTo(-1);
      sink.submissions().get(0).done().complete(null);
      await(() -> broker.committed(group, topic, 0) == 4, "every notification committed");
    }
    assertThat(sink.submissions()).hasSize(2);
    assertThat(sink.rejected())
        .singleElement()
        .asString()
        .isEqualTo(
            "kafka topic "
                + topic
                + " partition 0 offset 3: s3://"
                + BUCKET
                + "/AWSLogs/gone.json.gz no longer exists (NoSuchKey)");
  }

  @Test
  void aBadRecordInAFileCostsOnlyItselfAndIsNamedByFileAndRecord() throws Exception {
    String topic = broker.newTopic(1);
    String key = "AWSLogs/123837392027/CloudTrail/us-east-1/2023/07/12/damaged.json.gz";
    Map<String, Object> good = Fixtures.cloudTrailRecords().get(4);
    s3.putLogFile(BUCKET, key, Fixtures.json(Map.of("Records", List.of(good, Map.of("a", 1)))));
    broker.send(topic, 0, S3Peer.s3Notification(BUCKET, key));

    PipelineSink sink = PipelineSink.completing();
    try (EventSource source = source(config(topic))) {
      source.start(sink);
      await(() -> broker.committed(group, topic, 0) == 1, "the notification committed");
    }
    assertThat(sink.events())
        .extracting(AuditEvent::eventId)
        .containsExactly(String.valueOf(good.get("eventID")));
    assertThat(sink.rejected())
        .singleElement()
        .asString()
        .startsWith(
            "kafka topic " + topic + " partition 0 offset 0 s3://" + BUCKET + "/" + key + ":1")
        .contains("#Records[1]: not an audit record any decoder accepts");
  }

  @Test
  void aFileThatCannotBeFetchedYetIsFetchedAgainBeforeTheNextAndItsOffsetWaits() throws Exception {
    String topic = broker.newTopic(1);
    String first = "AWSLogs/123837392027/CloudTrail/us-east-1/2023/07/12/late-1.json.gz";
    String second = "AWSLogs/123837392027/CloudTrail/us-east-1/2023/07/12/late-2.json.gz";
    s3.putLogFile(BUCKET, first, Fixtures.resource(Fixtures.CLOUDTRAIL));
    s3.putLogFile(BUCKET, second, Fixtures.resource(Fixtures.CLOUDTRAIL));
    broker.send(topic, 0, S3Peer.s3Notification(BUCKET, first));
    broker.send(topic, 0, S3Peer.cloudTrailNotification(BUCKET, second));
    List<String> fetched = new CopyOnWriteArrayList<>();
    // S3 unreachable for the first two fetches (a network outage, a missing VPC endpoint route).
    S3Client flaky =
        new S3Client() {
          @Override
          public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
            fetched.add(request.key());
            if (fetched.size() <= 2) {
              throw SdkClientException.create("Unable to execute HTTP request: Connect timed out");
            }
            return s3.s3.getObject(request);
          }

          @Override
          public String serviceName() {
            return "s3";
          }

          @Override
          public void close() {}
        };

    PipelineSink sink = PipelineSink.manual();
    try (KafkaAuditSource source =
        new KafkaSourceProvider()
            .create(
                ConfigSection.of("sources.kafka", config(topic)),
                AuditFormats.onClassPath(),
                new CloudTrailLogFiles(() -> flaky))) {
      source.start(sink);
      await(() -> fetched.size() >= 2, "two failed fetches");
      assertThat(sink.submissions()).isEmpty();
      assertThat(broker.committed(group, topic, 0)).isEqualTo(-1);
      await(() -> sink.submissions().size() == 2, "both files read once S3 answers");
      assertThat(broker.committed(group, topic, 0)).isEqualTo(-1);
      sink.submissions().get(0).done().complete(null);
      sink.submissions().get(1).done().complete(null);
      await(() -> broker.committed(group, topic, 0) == 2, "committed once processed");
    }
    // The second file is not fetched while the first keeps failing: the partition waits for it.
    assertThat(fetched).containsExactly(first, first, first, second);
    assertThat(sink.submissions()).allSatisfy(s -> assertThat(s.events()).hasSize(60));
    assertThat(sink.rejected()).isEmpty();
  }

  private static EventSource source(Map<String, Object> config) {
    return new KafkaSourceProvider()
        .create(ConfigSection.of("sources.kafka", new HashMap<>(config)));
  }
}
