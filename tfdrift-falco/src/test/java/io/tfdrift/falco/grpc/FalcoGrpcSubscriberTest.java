package io.tfdrift.falco.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.falco.FalcoFixtures;
import io.tfdrift.falco.RecordingSink;
import io.tfdrift.falco.grpc.proto.priority;
import io.tfdrift.falco.grpc.proto.request;
import io.tfdrift.falco.grpc.proto.response;
import io.tfdrift.falco.grpc.proto.serviceGrpc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FalcoGrpcSubscriberTest {

  /** A Falco outputs server that streams an alert for every request it reads, as Falco does. */
  static final class FakeFalco extends serviceGrpc.serviceImplBase {
    final BlockingQueue<response> outputs = new LinkedBlockingQueue<>();
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger streams = new AtomicInteger();
    final List<StreamObserver<response>> open = new CopyOnWriteArrayList<>();

    @Override
    public StreamObserver<request> sub(StreamObserver<response> out) {
      streams.incrementAndGet();
      open.add(out);
      return new StreamObserver<>() {
        @Override
        public void onNext(request value) {
          requests.incrementAndGet();
          response r;
          while ((r = outputs.poll()) != null) {
            out.onNext(r);
          }
        }

        @Override
        public void onError(Throwable t) {
          open.remove(out);
        }

        @Override
        public void onCompleted() {
          open.remove(out);
          out.onCompleted();
        }
      };
    }

    /** Ends every open stream, as a Falco restart does. */
    void hangUp() {
      for (StreamObserver<response> out : open) {
        open.remove(out);
        out.onError(io.grpc.Status.UNAVAILABLE.withDescription("falco restarting").asException());
      }
    }
  }

  private final String name = InProcessServerBuilder.generateName();
  private final FakeFalco falco = new FakeFalco();
  private final RecordingSink sink = new RecordingSink();
  private Server server;
  private FalcoGrpcSubscriber subscriber;
  private final AtomicInteger channelsMade = new AtomicInteger();

  private void startServer() throws Exception {
    server = InProcessServerBuilder.forName(name).addService(falco).build().start();
  }

  private FalcoGrpcSubscriber subscriber(Duration initial, Duration max) {
    subscriber =
        new FalcoGrpcSubscriber(
            "in-process:" + name,
            () -> {
              channelsMade.incrementAndGet();
              return InProcessChannelBuilder.forName(name).build();
            },
            new Backoff(initial, max),
            Duration.ofMillis(50));
    return subscriber;
  }

  @AfterEach
  void stop() throws Exception {
    if (subscriber != null) {
      subscriber.close();
    }
    if (server != null) {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  static response output(String recordName) {
    Map<String, Object> alert = FalcoFixtures.fullAlertFor(FalcoFixtures.record(recordName));
    response.Builder r =
        response
            .newBuilder()
            .setTime(Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(5))
            .setPriority(priority.NOTICE)
            .setRule((String) alert.get("rule"))
            .setOutput((String) alert.get("output"))
            .setHostname("falco-0")
            .addTags("tfdrift")
            .setSource("aws_cloudtrail");
    JsonTrees.object(alert, "output_fields")
        .forEach((k, v) -> r.putOutputFields(k, JsonTrees.text(v)));
    return r.build();
  }

  @Test
  void sendsItsEmptyRequestAndDeliversTheStreamedAlerts() throws Exception {
    startServer();
    falco.outputs.add(output("ec2_CreateVpc_1"));
    falco.outputs.add(output("iam_CreateRole_1"));

    subscriber(Duration.ofMillis(20), Duration.ofMillis(200)).start(sink);

    assertThat(sink.await(2, Duration.ofSeconds(30)))
        .containsExactly(
            new CloudTrailDecoder().decodeRecord(FalcoFixtures.record("ec2_CreateVpc_1")),
            new CloudTrailDecoder().decodeRecord(FalcoFixtures.record("iam_CreateRole_1")));
    assertThat(falco.requests.get()).isPositive();
    assertThat(subscriber.connected()).isTrue();
  }

  @Test
  void reconnectsAfterFalcoHangsUpAndKeepsDelivering() throws Exception {
    startServer();
    subscriber(Duration.ofMillis(20), Duration.ofMillis(200)).start(sink);
    awaitTrue(() -> subscriber.connected());

    falco.hangUp();
    awaitTrue(() -> falco.streams.get() >= 2 && subscriber.connected());
    falco.outputs.add(output("ec2_CreateVpc_1"));

    assertThat(sink.await(1, Duration.ofSeconds(30))).hasSize(1);
  }

  @Test
  void retriesUntilFalcoComesUpAndReportsDisconnectedMeanwhile() throws Exception {
    subscriber(Duration.ofMillis(20), Duration.ofMillis(100)).start(sink);
    // A second channel means the first attempt failed and the subscriber backed off and retried.
    awaitTrue(() -> channelsMade.get() >= 2);
    assertThat(subscriber.connected()).isFalse();

    startServer();
    falco.outputs.add(output("ec2_CreateVpc_1"));

    assertThat(sink.await(1, Duration.ofSeconds(30))).hasSize(1);
    assertThat(subscriber.connected()).isTrue();
  }

  @Test
  void rejectsAlertsItCannotDecodeAndGoesOn() throws Exception {
    startServer();
    falco.outputs.add(output("ec2_CreateVpc_1").toBuilder().setSource("syscall").build());
    falco.outputs.add(output("ec2_CreateVpc_1").toBuilder().removeOutputFields("ct.src").build());
    falco.outputs.add(output("iam_CreateRole_1"));

    subscriber(Duration.ofMillis(20), Duration.ofMillis(200)).start(sink);

    assertThat(sink.await(1, Duration.ofSeconds(30))).hasSize(1);
    assertThat(sink.rejected()).hasSize(2);
  }

  @Test
  void convertsAResponseToTheAlertHttpOutputWouldPost() {
    var alert = FalcoGrpcSubscriber.alert(output("ec2_CreateVpc_1"));

    assertThat(alert.time()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L, 5));
    assertThat(alert.priority()).isEqualTo("Notice");
    assertThat(alert.source()).isEqualTo("aws_cloudtrail");
    assertThat(alert.tags()).containsExactly("tfdrift");
    assertThat(alert.field("ct.name")).isEqualTo("CreateVpc");
  }

  @Test
  void closeStopsTheLoop() throws Exception {
    startServer();
    subscriber(Duration.ofMillis(20), Duration.ofMillis(200)).start(sink);
    awaitTrue(() -> subscriber.connected());

    subscriber.close();

    assertThat(subscriber.connected()).isFalse();
  }

  @Test
  void backoffDoublesToItsCapAndResetsAfterAHealthyConnection() {
    Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    Duration quick = Duration.ofMillis(10);

    assertThat(
            List.of(
                backoff.after(quick),
                backoff.after(quick),
                backoff.after(quick),
                backoff.after(quick),
                backoff.after(quick),
                backoff.after(quick),
                backoff.after(quick)))
        .extracting(Duration::toSeconds)
        .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    assertThat(backoff.after(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.after(quick)).isEqualTo(Duration.ofSeconds(2));
  }

  private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition) {
    await().atMost(Duration.ofSeconds(30)).until(condition);
  }
}
