package io.tfdrift.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.mapping.OperationalCalls;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.AuditEvents;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.TerraformStates;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calls that change nothing Terraform models ({@code operational.txt}) are their own outcome: never
 * drift, never a blind spot, on the real records and on every listed call.
 */
class OperationalOutcomeTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /** An engine whose state holds the instance the reboot record names, for both clouds. */
  private TfDrift engine() {
    StateStore store = new StateStore(CLOCK);
    store.refresh(
        "prod",
        new InMemoryStateBackend("default")
            .set(
                TerraformStates.builder()
                    .resource(
                        "aws_instance",
                        "web",
                        Map.of("id", "i-0dbc91f429e48eeed", "instance_state", "running"))
                    .resource(
                        "google_compute_instance",
                        "vm",
                        Map.of("id", "projects/shop/zones/us-central1-a/instances/web-1"))
                    .build()));
    return TfDrift.builder()
        .states(store)
        .mappers(Samples.mappers())
        .rules(EngineSettings.defaultRules())
        .meterRegistry(meters)
        .clock(CLOCK)
        .build();
  }

  private double unmapped() {
    return meters.find("tfdrift.audit.events.unmapped").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  private double counted(Outcome outcome) {
    var c = meters.find("tfdrift.audit.events").tag("outcome", outcome.label()).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void everyListedCallByAPersonIsOperationalNotDriftAndNotUnmapped() {
    TfDrift engine = engine();
    int n = 0;
    for (String provider : List.of("aws", "gcp")) {
      for (var service : OperationalCalls.of(provider).entrySet()) {
        for (String call : service.getValue().keySet()) {
          AuditEvent event =
              (provider.equals("aws")
                      ? AuditEvents.aws(service.getKey(), call)
                          .request(
                              Map.of(
                                  "instancesSet",
                                  Map.of(
                                      "items",
                                      List.of(Map.of("instanceId", "i-0dbc91f429e48eeed")))))
                      : AuditEvents.gcp(service.getKey(), "v1." + call)
                          .resources(List.of("projects/shop/zones/us-central1-a/instances/web-1")))
                  .build();
          Detection d = engine.process(event);
          assertThat(d.outcome())
              .as("%s %s", service.getKey(), call)
              .isEqualTo(Outcome.OPERATIONAL);
          assertThat(d.drift()).isEmpty();
          assertThat(TfDrift.neverDrift(event)).contains(Outcome.OPERATIONAL);
          n++;
        }
      }
    }
    assertThat(unmapped()).as("no operational call is a blind spot").isZero();
    assertThat(counted(Outcome.OPERATIONAL)).isEqualTo(n);
  }

  @Test
  void failedCallsAndCallsAwsMakesForItselfKeepTheirOutcome() {
    AuditEvent failed =
        AuditEvents.aws("ssm.amazonaws.com", "StartSession").errorCode("AccessDenied").build();
    assertThat(engine().process(failed).outcome()).isEqualTo(Outcome.FAILED_CALL);
  }

  @Test
  void theRealRecordsOfListedCallsAreOperational() {
    TfDrift engine = engine();
    List<String> seen = new ArrayList<>();
    for (String dir : RealCorpusTest.dirs()) {
      for (Path file : RealCorpusTest.recordFiles(dir)) {
        for (AuditEvent event : RealCorpusTest.decode(file).events()) {
          if (!OperationalCalls.isOperational(event)) {
            continue;
          }
          Outcome outcome = engine.process(event).outcome();
          if (!event.failed() && outcome != Outcome.CLOUD_SERVICE && !event.readOnly()) {
            assertThat(outcome).as("%s/%s", dir, file.getFileName()).isEqualTo(Outcome.OPERATIONAL);
            seen.add(event.service() + " " + event.action());
          }
        }
      }
    }
    assertThat(seen)
        .as("real records of operational calls")
        .hasSizeGreaterThanOrEqualTo(40)
        .contains(
            "ec2.amazonaws.com RebootInstances",
            "ssm.amazonaws.com StartSession",
            "ec2-instance-connect.amazonaws.com SendSSHPublicKey");
    assertThat(unmapped()).isZero();
  }
}
