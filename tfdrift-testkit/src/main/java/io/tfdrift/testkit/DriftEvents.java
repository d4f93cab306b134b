package io.tfdrift.testkit;

import io.tfdrift.api.Actor;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Realistic {@link DriftEvent}s for notifier and plugin tests. */
public final class DriftEvents {
  private DriftEvents() {}

  /**
   * {@link #instanceTypeChanged()} with another id, for tests that need many distinct events.
   *
   * @param id the drift id
   * @return the event
   */
  public static DriftEvent instanceTypeChanged(String id) {
    DriftEvent d = instanceTypeChanged();
    return new DriftEvent(
        id,
        d.kind(),
        d.severity(),
        d.provider(),
        d.resource(),
        d.changes(),
        d.actor(),
        d.event(),
        d.matchedRules(),
        d.detectedAt(),
        d.labels(),
        Optional.empty());
  }

  /**
   * A high-severity drift: {@code aws_instance.web}'s {@code instance_type} changed from {@code
   * t3.micro} to {@code t3.large} by {@code alice}.
   *
   * @return the event
   */
  public static DriftEvent instanceTypeChanged() {
    return new DriftEvent(
        "9f2c4e7a1b3d5f60",
        DriftKind.MODIFIED,
        Severity.HIGH,
        "aws",
        new DriftEvent.Resource(
            "aws_instance.web", "aws_instance", "web", "i-0abc123def4567890", "", "prod"),
        List.of(
            new DriftEvent.Change(
                "instance_type", Optional.of("t3.micro"), Optional.of("t3.large"))),
        new Actor(
            "IAMUser",
            "alice",
            "arn:aws:iam::123456789012:user/alice",
            "AIDAEXAMPLEALICE",
            "123456789012"),
        new DriftEvent.Event(
            "6b1c3f0e-0a8e-4b9e-9d3c-1f2e3d4c5b6a",
            "ec2.amazonaws.com",
            "ModifyInstanceAttribute",
            Instant.parse("2026-11-23T09:30:00Z"),
            "us-east-1",
            "123456789012",
            "203.0.113.10",
            "aws-cli/2.15.0 Python/3.11.6 Linux/6.5 exe/x86_64.ubuntu.22"),
        List.of("instance-changes"),
        Instant.parse("2026-11-23T09:30:00.250Z"),
        Map.of("environment", "production"),
        Optional.empty());
  }
}
