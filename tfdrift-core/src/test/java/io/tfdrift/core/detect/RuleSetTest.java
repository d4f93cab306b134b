package io.tfdrift.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.Actor;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import io.tfdrift.testkit.DriftEvents;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleSetTest {
  /** aws_instance.web, instance_type changed, by alice, at 2026-11-23T09:30Z (a Monday). */
  private static final DriftEvent DRIFT =
      DriftEvents.instanceTypeChanged().withClassification(Severity.MEDIUM, List.of());

  private static DriftRule rule(String name, String types, String attributes, Severity severity) {
    return new DriftRule(
        name,
        List.of(new Glob(types)),
        List.of(new Glob(attributes)),
        severity,
        "",
        List.of(),
        false,
        Optional.empty());
  }

  private static DriftEvent classify(RuleSet rules, DriftEvent drift, String environment) {
    return rules.classify(finding(drift), environment).drift().orElseThrow();
  }

  /** The finding a drift event was classified from. */
  private static Finding finding(DriftEvent d) {
    return new Finding(
        d.id(),
        d.kind(),
        d.provider(),
        d.resource(),
        d.changes(),
        d.actor(),
        d.event(),
        d.detectedAt());
  }

  private static DriftEvent withKind(DriftKind kind) {
    DriftEvent d = DRIFT;
    return new DriftEvent(
        d.id(),
        kind,
        d.severity(),
        d.provider(),
        d.resource(),
        List.of(),
        d.actor(),
        d.event(),
        List.of(),
        d.detectedAt(),
        Map.of(),
        Optional.empty());
  }

  private static DriftEvent at(String time) {
    DriftEvent d = DRIFT;
    var e = d.event();
    return new DriftEvent(
        d.id(),
        d.kind(),
        d.severity(),
        d.provider(),
        d.resource(),
        d.changes(),
        d.actor(),
        new DriftEvent.Event(
            e.id(),
            e.source(),
            e.name(),
            Instant.parse(time),
            e.region(),
            e.accountId(),
            e.sourceIp(),
            e.userAgent()),
        List.of(),
        d.detectedAt(),
        Map.of(),
        Optional.empty());
  }

  @Test
  void givesUnmatchedDriftTheDefaultSeverityAndKeepsIt() {
    DriftEvent out =
        classify(new RuleSet(List.of(rule("iam", "aws_iam_*", "*", Severity.CRITICAL))), DRIFT, "");
    assertThat(out.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(out.matchedRules()).isEmpty();
  }

  @Test
  void takesTheHighestSeverityOfTheMatchingRules() {
    RuleSet rules =
        new RuleSet(
            List.of(
                rule("all", "*", "*", Severity.LOW),
                rule("ec2", "aws_inst*", "instance_*", Severity.HIGH),
                rule("tags", "aws_instance", "tags", Severity.CRITICAL)));
    DriftEvent out = classify(rules, DRIFT, "");
    assertThat(out.severity()).isEqualTo(Severity.HIGH);
    assertThat(out.matchedRules()).containsExactly("all", "ec2");
  }

  @Test
  void matchesSpecificAttributesOnlyOnModifiedDrift() {
    RuleSet rules =
        new RuleSet(List.of(rule("ec2", "aws_instance", "instance_type", Severity.HIGH)));
    assertThat(classify(rules, withKind(DriftKind.OUT_OF_BAND), "").matchedRules()).isEmpty();
    RuleSet everything = new RuleSet(List.of(rule("ec2", "aws_instance", "*", Severity.HIGH)));
    assertThat(classify(everything, withKind(DriftKind.DELETED), "").severity())
        .isEqualTo(Severity.HIGH);
  }

  @Test
  void suppressesChangesByExcludedUsers() {
    DriftRule asg =
        new DriftRule(
            "asg",
            List.of(new Glob("aws_instance")),
            List.of(new Glob("*")),
            Severity.HIGH,
            "",
            List.of(new Glob("AWSServiceRoleFor*"), new Glob("alice")),
            false,
            Optional.empty());
    var c = new RuleSet(List.of(asg)).classify(finding(DRIFT), "");
    assertThat(c.drift()).isEmpty();
    assertThat(c.suppressedBy()).isEqualTo("rule 'asg': excluded user alice");
    DriftEvent bob =
        new DriftEvent(
            DRIFT.id(),
            DRIFT.kind(),
            DRIFT.severity(),
            DRIFT.provider(),
            DRIFT.resource(),
            DRIFT.changes(),
            new Actor("IAMUser", "bob", "arn:aws:iam::1:user/bob", "", "1"),
            DRIFT.event(),
            List.of(),
            DRIFT.detectedAt(),
            Map.of(),
            Optional.empty());
    assertThat(new RuleSet(List.of(asg)).classify(finding(bob), "").drift()).isPresent();
  }

  @Test
  void suppressesUnmanagedDriftForTerraformManagedOnlyRules() {
    DriftRule managedOnly =
        new DriftRule(
            "iam",
            List.of(new Glob("aws_instance")),
            List.of(new Glob("*")),
            Severity.HIGH,
            "",
            List.of(),
            true,
            Optional.empty());
    RuleSet rules = new RuleSet(List.of(managedOnly));
    assertThat(rules.classify(finding(withKind(DriftKind.UNMANAGED)), "").drift()).isEmpty();
    assertThat(rules.classify(finding(DRIFT), "").drift()).isPresent();
  }

  @Test
  void appliesEnvironmentRulesOnlyToTheirEnvironmentAndLabelsTheDrift() {
    DriftRule prod =
        new DriftRule(
            "prod",
            List.of(new Glob("*")),
            List.of(new Glob("*")),
            Severity.CRITICAL,
            "production",
            List.of(),
            false,
            Optional.empty());
    RuleSet rules = new RuleSet(List.of(prod));
    DriftEvent inProd = classify(rules, DRIFT, "production");
    assertThat(inProd.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(inProd.labels()).containsEntry("environment", "production");
    assertThat(classify(rules, DRIFT, "staging").severity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void downgradesOrSuppressesInsideTheMaintenanceWindow() {
    Schedule berlinOfficeHours =
        new Schedule(
            LocalTime.of(9, 0), LocalTime.of(18, 0), ZoneId.of("Europe/Berlin"), true, false);
    DriftRule rule =
        new DriftRule(
            "ec2",
            List.of(new Glob("aws_instance")),
            List.of(new Glob("*")),
            Severity.HIGH,
            "",
            List.of(),
            false,
            Optional.of(berlinOfficeHours));
    RuleSet rules = new RuleSet(List.of(rule));
    assertThat(classify(rules, at("2026-11-23T09:30:00Z"), "").severity()).isEqualTo(Severity.LOW);
    assertThat(classify(rules, at("2026-11-23T19:30:00Z"), "").severity()).isEqualTo(Severity.HIGH);
    assertThat(classify(rules, at("2026-11-22T10:00:00Z"), "").severity())
        .as("Sunday")
        .isEqualTo(Severity.HIGH);
    Schedule nightly =
        new Schedule(LocalTime.of(22, 0), LocalTime.of(2, 0), ZoneId.of("UTC"), false, true);
    RuleSet suppressing =
        new RuleSet(
            List.of(
                new DriftRule(
                    "night",
                    List.of(new Glob("*")),
                    List.of(new Glob("*")),
                    Severity.HIGH,
                    "",
                    List.of(),
                    false,
                    Optional.of(nightly))));
    assertThat(suppressing.classify(finding(at("2026-11-23T23:30:00Z")), "").drift()).isEmpty();
    assertThat(suppressing.classify(finding(at("2026-11-23T01:59:00Z")), "").drift()).isEmpty();
    assertThat(suppressing.classify(finding(at("2026-11-23T02:00:00Z")), "").drift()).isPresent();
  }

  @Test
  void matchesGlobs() {
    assertThat(new Glob("aws_iam_*").matches("aws_iam_role_policy")).isTrue();
    assertThat(new Glob("aws_iam_*").matches("aws_instance")).isFalse();
    assertThat(
            new Glob("arn:aws:iam::*:role/terraform-?").matches("arn:aws:iam::1:role/terraform-a"))
        .isTrue();
    assertThat(new Glob("*").matches("")).isTrue();
  }
}
