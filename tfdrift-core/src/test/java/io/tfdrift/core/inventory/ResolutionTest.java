package io.tfdrift.core.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.Acknowledgement;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftQuery;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Notification;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.core.Detection;
import io.tfdrift.core.Outcome;
import io.tfdrift.core.Samples;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.assembly.Pipeline;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.detect.Evidence;
import io.tfdrift.core.detect.TerraformCallers;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.core.plugin.Plugins;
import io.tfdrift.core.state.StateIndex;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.AuditEvents;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.InMemoryDriftStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.MutableClock;
import io.tfdrift.testkit.TerraformStates;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every rule by which a drift closes itself, through the real engine (AWS mappings, a parsed
 * state), the pipeline and the inventory over an in-memory store.
 */
class ResolutionTest {
  private static final String WEB = "i-0a1b2c3d4e5f60001";
  private static final String SG = "sg-0a1b2c3d4e5f60002";
  private static final Instant T0 = AuditEvents.TIME;
  private static final DriftKey INSTANCE_TYPE =
      DriftKeys.attribute("prod", "aws_instance.web", "instance_type");

  private final MutableClock clock = MutableClock.at(T0.plus(Duration.ofHours(1)));
  private final InMemoryDriftStore store = new InMemoryDriftStore();
  private final Inventory inventory =
      new Inventory(
          store,
          new Lifecycle(Map.of("jsonl", Set.of(Transition.OPENED, Transition.RESOLVED))),
          new SimpleMeterRegistry(),
          () -> {});
  private final TerraformTouches touches = new TerraformTouches();
  private final StateStore states = new StateStore(clock);
  private final InMemoryStateBackend backend = new InMemoryStateBackend("default");
  private final RefreshResolutions refreshes = new RefreshResolutions(inventory, touches, clock);
  private final Pipeline pipeline = pipeline(true);

  ResolutionTest() {
    load(state("t3.micro", true));
  }

  private Pipeline pipeline(boolean evidence) {
    TfDrift engine =
        TfDrift.builder()
            .states(states)
            .mappers(Samples.mappers())
            .rules(EngineSettings.defaultRules())
            .terraformCallers(new TerraformCallers(List.of("*:assumed-role/terraform-apply/*")))
            .reportEvidence(evidence)
            .clock(clock)
            .build();
    return new Pipeline(
        engine,
        Plugins.none(),
        Optional.of(inventory),
        d -> {},
        Optional.of(new CallResolutions(inventory, touches)));
  }

  private static TerraformStates state(String instanceType, boolean withInstance) {
    TerraformStates s =
        TerraformStates.builder()
            .resource(
                "aws_security_group",
                "ssh",
                Map.of(
                    "id",
                    SG,
                    "ingress",
                    List.of(
                        Map.of(
                            "cidr_blocks",
                            List.of("10.0.0.0/8"),
                            "description",
                            "",
                            "from_port",
                            22,
                            "ipv6_cidr_blocks",
                            List.of(),
                            "prefix_list_ids",
                            List.of(),
                            "protocol",
                            "tcp",
                            "security_groups",
                            List.of(),
                            "self",
                            false,
                            "to_port",
                            22))));
    if (withInstance) {
      s.resource(
          "aws_instance",
          "web",
          Map.of("id", WEB, "instance_type", instanceType, "disable_api_termination", true));
    }
    return s;
  }

  private StateIndex load(TerraformStates s) {
    StateIndex before = states.index();
    backend.set(s.build());
    states.refresh("prod", backend);
    return before;
  }

  private int refresh(TerraformStates s) throws StoreException {
    StateIndex before = load(s);
    return refreshes.reconcile("prod", before, states.index());
  }

  private Detection process(AuditEvent e) throws StoreException {
    return pipeline.process(e);
  }

  private static AuditEvent instanceType(String value, Instant at) {
    return AuditEvents.aws("ec2.amazonaws.com", "ModifyInstanceAttribute")
        .request(Map.of("instanceId", WEB, "instanceType", Map.of("value", value)))
        .time(at)
        .build();
  }

  private static AuditEvent byTerraform(AuditEvent e) {
    return e.toBuilder().actor(AuditEvents.terraformRole()).build();
  }

  private static AuditEvent ingress(String action, String cidr, Instant at) {
    return AuditEvents.aws("ec2.amazonaws.com", action)
        .request(
            Map.of(
                "groupId",
                SG,
                "ipPermissions",
                Map.of(
                    "items",
                    List.of(
                        Map.of(
                            "ipProtocol",
                            "tcp",
                            "fromPort",
                            22,
                            "toPort",
                            22,
                            "ipRanges",
                            Map.of("items", List.of(Map.of("cidrIp", cidr))))))))
        .time(at)
        .build();
  }

  private DriftRecord drift(DriftKey key) throws StoreException {
    return store.find(key).orElseThrow();
  }

  private Resolution resolution(DriftKey key) throws StoreException {
    DriftRecord d = drift(key);
    assertThat(d.status()).isEqualTo(DriftStatus.RESOLVED);
    return d.resolution().orElseThrow();
  }

  private List<Notification> resolvedNotifications() throws StoreException {
    return store.claim("test", 100, clock.instant(), Duration.ofMinutes(1)).stream()
        .filter(n -> n.transition() == Transition.RESOLVED)
        .toList();
  }

  @Test
  void revertedWhenALaterCallSetsTheAttributeBackToState() throws Exception {
    process(instanceType("t3.large", T0));
    assertThat(drift(INSTANCE_TYPE).status()).isEqualTo(DriftStatus.OPEN);

    Detection revert = process(instanceType("t3.micro", T0.plusSeconds(60)));

    assertThat(revert.outcome()).isEqualTo(Outcome.NO_CHANGE);
    assertThat(revert.evidence()).singleElement().isInstanceOf(Evidence.InSync.class);
    Resolution r = resolution(INSTANCE_TYPE);
    assertThat(r.reason()).isEqualTo(Resolution.Reason.REVERTED);
    assertThat(r.by()).isEqualTo("alice");
    assertThat(r.at()).isEqualTo(T0.plusSeconds(60));
    List<Notification> resolved = resolvedNotifications();
    assertThat(resolved).singleElement().extracting(Notification::notifier).isEqualTo("jsonl");
    var lifecycle = DriftEventJson.read(resolved.get(0).payload()).lifecycle().orElseThrow();
    assertThat(lifecycle.transition()).isEqualTo(Transition.RESOLVED);
    assertThat(lifecycle.resolution().orElseThrow().reason()).isEqualTo(Resolution.Reason.REVERTED);
  }

  @Test
  void anAcknowledgedDriftIsRevertedToo() throws Exception {
    process(instanceType("t3.large", T0));
    inventory.acknowledge(INSTANCE_TYPE, new Acknowledgement(T0, "ops", "known"));
    process(instanceType("t3.micro", T0.plusSeconds(60)));
    assertThat(resolution(INSTANCE_TYPE).reason()).isEqualTo(Resolution.Reason.REVERTED);
  }

  @Test
  void aCallOlderThanTheDriftRevertsNothing() throws Exception {
    process(instanceType("t3.large", T0));
    process(instanceType("t3.micro", T0.minusSeconds(60)));
    assertThat(drift(INSTANCE_TYPE).status()).isEqualTo(DriftStatus.OPEN);
  }

  @Test
  void revokingTheRuleAddedOutOfBandRevertsItAndRevokingAnotherDoesNot() throws Exception {
    process(ingress("AuthorizeSecurityGroupIngress", "0.0.0.0/0", T0));
    DriftKey key = DriftKeys.attribute("prod", "aws_security_group.ssh", "ingress");
    assertThat(drift(key).status()).isEqualTo(DriftStatus.OPEN);

    process(ingress("RevokeSecurityGroupIngress", "192.0.2.0/24", T0.plusSeconds(30)));
    assertThat(drift(key).status()).as("another rule was revoked").isEqualTo(DriftStatus.OPEN);

    process(ingress("RevokeSecurityGroupIngress", "0.0.0.0/0", T0.plusSeconds(60)));
    assertThat(resolution(key).reason()).isEqualTo(Resolution.Reason.REVERTED);
  }

  @Test
  void appliedAtOnceWhenTerraformSetsTheAttributeBackToState() throws Exception {
    process(instanceType("t3.large", T0));
    Detection apply = process(byTerraform(instanceType("t3.micro", T0.plusSeconds(60))));
    assertThat(apply.outcome()).isEqualTo(Outcome.TERRAFORM_APPLY);
    assertThat(apply.drift()).isEmpty();
    Resolution r = resolution(INSTANCE_TYPE);
    assertThat(r.reason()).isEqualTo(Resolution.Reason.APPLIED);
    assertThat(r.by()).isEqualTo("terraform-ci");
  }

  @Test
  void appliedAtTheRefreshWhenTerraformChangedTheResourceAndStateHoldsANewValue() throws Exception {
    process(instanceType("t3.large", T0));
    process(byTerraform(instanceType("t3.xlarge", T0.plusSeconds(60))));
    assertThat(drift(INSTANCE_TYPE).status()).isEqualTo(DriftStatus.OPEN);

    assertThat(refresh(state("t3.xlarge", true).serial(2))).isEqualTo(1);

    Resolution r = resolution(INSTANCE_TYPE);
    assertThat(r.reason()).isEqualTo(Resolution.Reason.APPLIED);
    assertThat(r.by()).isEqualTo("terraform-ci");
    assertThat(r.at()).isEqualTo(clock.instant());
  }

  @Test
  void aNewValueInStateWithoutTerraformsChangeIsStillDrift() throws Exception {
    process(instanceType("t3.large", T0));
    assertThat(refresh(state("t3.xlarge", true).serial(2))).isZero();
    assertThat(drift(INSTANCE_TYPE).status()).isEqualTo(DriftStatus.OPEN);
  }

  @Test
  void terraformsChangeBeforeTheDriftDoesNotApplyIt() throws Exception {
    process(byTerraform(instanceType("t3.xlarge", T0)));
    process(instanceType("t3.large", T0.plusSeconds(60)));
    assertThat(refresh(state("t3.xlarge", true).serial(2))).isZero();
    assertThat(drift(INSTANCE_TYPE).status()).isEqualTo(DriftStatus.OPEN);
  }

  @Test
  void acceptedWhenARefreshHoldsTheDriftedValue() throws Exception {
    process(instanceType("t3.large", T0));
    assertThat(refresh(state("t3.large", true).serial(2))).isEqualTo(1);
    Resolution r = resolution(INSTANCE_TYPE);
    assertThat(r.reason()).isEqualTo(Resolution.Reason.ACCEPTED);
    assertThat(r.by()).isEqualTo(RefreshResolutions.BY_REFRESH);
    assertThat(resolvedNotifications()).hasSize(1);
  }

  @Test
  void removedWhenTheResourceLeavesTheState() throws Exception {
    process(instanceType("t3.large", T0));
    process(
        AuditEvents.aws("ec2.amazonaws.com", "TerminateInstances")
            .request(Map.of("instancesSet", Map.of("items", List.of(Map.of("instanceId", WEB)))))
            .time(T0.plusSeconds(10))
            .build());
    DriftKey deleted = DriftKey.of("deleted", "prod", "aws_instance.web");
    assertThat(drift(deleted).status()).isEqualTo(DriftStatus.OPEN);

    assertThat(refresh(state("t3.micro", false).serial(2))).isEqualTo(2);

    assertThat(resolution(deleted).reason()).isEqualTo(Resolution.Reason.REMOVED);
    assertThat(resolution(INSTANCE_TYPE).reason()).isEqualTo(Resolution.Reason.REMOVED);
  }

  @Test
  void importedWhenAnUnmanagedResourceAppearsInTheState() throws Exception {
    process(runInstances("i-0ffee0000c0ffee01", T0));
    DriftKey unmanaged = DriftKey.of("unmanaged", "aws", "aws_instance", "i-0ffee0000c0ffee01");
    assertThat(drift(unmanaged).kind()).isEqualTo(DriftKind.UNMANAGED);

    assertThat(refresh(state("t3.micro", true).serial(2))).as("not imported yet").isZero();
    TerraformStates imported =
        state("t3.micro", true)
            .serial(3)
            .resource(
                "aws_instance",
                "batch",
                Map.of("id", "i-0ffee0000c0ffee01", "instance_type", "t3.xlarge"));
    assertThat(refresh(imported)).isEqualTo(1);

    assertThat(resolution(unmanaged).reason()).isEqualTo(Resolution.Reason.IMPORTED);
  }

  @Test
  void deletedWhenAnUnmanagedResourceIsDeleted() throws Exception {
    process(runInstances("i-0ffee0000c0ffee01", T0));
    Detection delete =
        process(
            AuditEvents.aws("ec2.amazonaws.com", "TerminateInstances")
                .request(
                    Map.of(
                        "instancesSet",
                        Map.of("items", List.of(Map.of("instanceId", "i-0ffee0000c0ffee01")))))
                .time(T0.plusSeconds(60))
                .build());
    assertThat(delete.evidence()).singleElement().isInstanceOf(Evidence.Deleted.class);
    Resolution r =
        resolution(DriftKey.of("unmanaged", "aws", "aws_instance", "i-0ffee0000c0ffee01"));
    assertThat(r.reason()).isEqualTo(Resolution.Reason.DELETED);
    assertThat(r.by()).isEqualTo("alice");
  }

  @Test
  void reconcilesInPagesWithoutSkippingDriftsThatStayOpen() throws Exception {
    // 1,201 open drifts of one state (more than two pages of 500); the refresh accepts every other.
    int n = 1201;
    List<DriftEvent.Change> changes = new ArrayList<>();
    Map<String, Object> attributes = new HashMap<>(Map.of("id", WEB));
    for (int i = 0; i < n; i++) {
      changes.add(
          new DriftEvent.Change("tag_" + i, Optional.of("expected"), Optional.of("drifted")));
      attributes.put("tag_" + i, i % 2 == 0 ? "drifted" : "expected");
    }
    DriftEvent d = DriftEvents.instanceTypeChanged();
    inventory.record(
        new DriftEvent(
            d.id(),
            d.kind(),
            d.severity(),
            d.provider(),
            d.resource(),
            changes,
            d.actor(),
            d.event(),
            d.matchedRules(),
            d.detectedAt(),
            d.labels(),
            Optional.empty()));

    int resolved =
        refresh(TerraformStates.builder().serial(2).resource("aws_instance", "web", attributes));

    assertThat(resolved).isEqualTo(601);
    for (int i = 0; i < n; i++) {
      DriftRecord r = drift(DriftKeys.attribute("prod", "aws_instance.web", "tag_" + i));
      assertThat(r.status())
          .as("tag_" + i)
          .isEqualTo(i % 2 == 0 ? DriftStatus.RESOLVED : DriftStatus.OPEN);
    }
  }

  private static AuditEvent runInstances(String id, Instant at) {
    return AuditEvents.aws("ec2.amazonaws.com", "RunInstances")
        .request(Map.of("instanceType", "t3.xlarge"))
        .response(Map.of("instancesSet", Map.of("items", List.of(Map.of("instanceId", id)))))
        .time(at)
        .build();
  }

  @Test
  void withoutEvidenceNothingIsLookedForAndTerraformsCallsAreNotMapped() throws Exception {
    Pipeline plain = pipeline(false);
    plain.process(instanceType("t3.large", T0));
    assertThat(plain.process(instanceType("t3.micro", T0.plusSeconds(60))).evidence()).isEmpty();
    assertThat(plain.process(byTerraform(instanceType("t3.xlarge", T0.plusSeconds(90)))))
        .isSameAs(plain.process(byTerraform(instanceType("t3.micro", T0.plusSeconds(91)))));
    assertThat(drift(INSTANCE_TYPE).status()).isEqualTo(DriftStatus.OPEN);
  }

  @Test
  void queriesOnlyTheRefreshedStatesOpenDrifts() throws Exception {
    process(instanceType("t3.large", T0));
    assertThat(
            store
                .query(
                    DriftQuery.builder().state("prod").statuses(Set.of(DriftStatus.OPEN)).build())
                .total())
        .isEqualTo(1);
    StateIndex before = load(state("t3.large", true).serial(2));
    assertThat(refreshes.reconcile("staging", before, states.index()))
        .as("another state's refresh")
        .isZero();
    assertThat(drift(INSTANCE_TYPE).status()).isEqualTo(DriftStatus.OPEN);
  }
}
