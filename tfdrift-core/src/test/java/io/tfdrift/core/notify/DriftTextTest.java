package io.tfdrift.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.DriftLifecycles;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text form of a drift, as the console and {@code replay --format text} print it. */
class DriftTextTest {

  @Test
  void printsADetectionWithoutAnInventoryAsBefore() {
    assertThat(DriftText.format(DriftEvents.instanceTypeChanged()))
        .isEqualTo(
            """
            HIGH  modified  aws_instance.web  (state prod)
                id: i-0abc123def4567890
                instance_type: "t3.micro" -> "t3.large"
                by alice (IAMUser) via ModifyInstanceAttribute at 2026-11-23T09:30:00Z, us-east-1
                rules: instance-changes
            """);
    assertThat(DriftText.status(DriftEvents.instanceTypeChanged())).isEmpty();
  }

  @Test
  void saysWhereTheDriftStandsUnderItsHeader() {
    assertThat(DriftText.format(DriftLifecycles.opened()).lines().toList().get(1))
        .isEqualTo("    opened");
    assertThat(
            DriftText.status(
                DriftLifecycles.escalated(
                    DriftEvents.instanceTypeChanged()
                        .withClassification(Severity.CRITICAL, List.of()))))
        .contains("escalated to CRITICAL, open since 2026-11-23T09:30:00Z (2 occurrences)");
    assertThat(DriftText.status(DriftLifecycles.renotified()))
        .contains("still open since 2026-11-23T09:30:00Z (3 occurrences)");
  }

  @Test
  void namesTheReasonWhoAndTheNoteOfAResolution() {
    assertThat(
            DriftText.format(
                    DriftLifecycles.resolved(Resolution.Reason.REVERTED, "alice", "set back"))
                .lines()
                .toList()
                .get(1))
        .isEqualTo("    resolved: reverted by alice at 2026-11-23T09:40:00Z (set back)");
    assertThat(DriftText.status(DriftLifecycles.resolved(Resolution.Reason.ACCEPTED, "", "")))
        .contains("resolved: accepted at 2026-11-23T09:40:00Z");
  }
}
