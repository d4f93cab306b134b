package io.tfdrift.falco.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.core.Detection;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.decode.CloudTrailDecoder;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.core.mapping.AwsMapperProvider;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.falco.FalcoFixtures;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.RecordingNotifier;
import io.tfdrift.testkit.TerraformStates;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Alert in over HTTP, DriftEvent out: the same as replaying the CloudTrail record. */
class FalcoEndToEndTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private static TfDrift engine() {
    StateStore states = new StateStore(CLOCK);
    byte[] state =
        TerraformStates.builder()
            .resource(
                "aws_instance",
                "web",
                Map.of(
                    "id", "i-0a1b2c3d4e5f60001",
                    "arn", "arn:aws:ec2:us-east-1:111122223333:instance/i-0a1b2c3d4e5f60001",
                    "instance_type", "t3.micro"))
            .build();
    RefreshResult loaded = states.refresh("prod", new InMemoryStateBackend("default").set(state));
    assertThat(loaded.outcome()).isNotEqualTo(RefreshResult.Outcome.FAILED);
    return TfDrift.builder()
        .states(states)
        .mappers(List.of(new AwsMapperProvider().create(ConfigSection.of("mappers.aws", Map.of()))))
        .clock(CLOCK)
        .build();
  }

  @Test
  void aPostedAlertDriftsExactlyAsTheReplayedRecord() throws Exception {
    Map<String, Object> record =
        JsonTrees.parseObject(FalcoFixtures.resource("demo/modify_instance_type.json"));
    TfDrift engine = engine();
    RecordingNotifier notifier = new RecordingNotifier();
    EventSink pipeline =
        new EventSink() {
          @Override
          public boolean offer(AuditEvent event) {
            for (DriftEvent drift : engine.process(event).drift()) {
              try {
                notifier.send(drift);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }
            return true;
          }

          @Override
          public void put(AuditEvent event) {
            offer(event);
          }

          @Override
          public void reject(String input, String problem) {
            throw new AssertionError(input + ": " + problem);
          }
        };
    FalcoHttpReceiver receiver =
        (FalcoHttpReceiver)
            new FalcoHttpSourceProvider()
                .create(ConfigSection.of("falco", Map.of("listen", "127.0.0.1:0")));
    receiver.start(pipeline);
    try {
      URI uri =
          URI.create(
              "http://127.0.0.1:" + receiver.boundAddress().getPort() + FalcoHttpReceiver.PATH);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(uri)
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              JsonTrees.toJson(FalcoFixtures.alertFor(record))))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(202);
    } finally {
      receiver.close();
    }

    Detection replayed = engine().process(new CloudTrailDecoder().decodeRecord(record));

    assertThat(replayed.drift()).hasSize(1);
    assertThat(notifier.events())
        .extracting(DriftEventJson::write)
        .containsExactlyElementsOf(replayed.drift().stream().map(DriftEventJson::write).toList());
    DriftEvent drift = notifier.events().get(0);
    assertThat(drift.resource().address()).isEqualTo("aws_instance.web");
    assertThat(drift.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.attribute()).isEqualTo("instance_type");
            });
  }
}
