package io.tfdrift.core;

import static io.tfdrift.core.Samples.byPerson;
import static io.tfdrift.core.Samples.cloudTrail;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.detect.TerraformCallers;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.AuditEvents;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.TerraformStates;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engine end to end on real recorded calls: what is drift, and what is not. */
class TfDriftTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);
  private static final String POLICY =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"AWSCloudTrailAclCheck\",\"Effect\":\"Allow\","
          + "\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"s3:GetBucketAcl\","
          + "\"Resource\":\"arn:aws:s3:::stratus-red-team-ctes-bucket-qyxyekjbtk\"}]}";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  /**
   * The account of {@code aws_instance.web}'s ARN (the invictus-ir records'); the calls this test
   * writes are made there. The state's other resources with an ARN live in the accounts of the
   * (anonymised) Stratus records that touch them, as a state of several accounts would hold them;
   * those without one match a call from any account.
   */
  private static final String ACCOUNT = "123837392027";

  private static AuditEvent.Builder aws(String eventSource, String eventName) {
    return AuditEvents.aws(eventSource, eventName).accountId(ACCOUNT);
  }

  /** A state with the resources the recorded calls touch. */
  private static TerraformStates state() {
    return TerraformStates.builder()
        .resource(
            "aws_instance",
            "web",
            Map.of(
                "id", "i-05c30218156bcc246",
                "arn", "arn:aws:ec2:us-east-1:123837392027:instance/i-05c30218156bcc246",
                "instance_type", "t3.micro",
                "ami", "ami-029eb80bc237bec6f",
                "disable_api_termination", true,
                "tags", Map.of("Name", "web")))
        .resource(
            "aws_instance",
            "doomed",
            Map.of("id", "i-0dbc91f429e48eeed", "instance_type", "t3.micro"))
        .resource(
            "aws_instance",
            "worker",
            Map.of(
                "id",
                "i-DDd6c7B0e18F0E35f",
                "arn",
                "arn:aws:ec2:ca-northsouth-2r:309303190113:instance/i-DDd6c7B0e18F0E35f",
                "instance_type",
                "t3.small",
                "instance_state",
                "stopped"))
        .resource(
            "aws_security_group",
            "ssh",
            Map.of(
                "id",
                "sg-003dc7f1f1c686164",
                "arn",
                "arn:aws:ec2:us-northeast-1r:032092706103:security-group/sg-003dc7f1f1c686164",
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
                        22))))
        .resource(
            "aws_security_group",
            "egress",
            Map.of(
                "id",
                "sg-04cfb7a4712d75b00",
                "egress",
                List.of(
                    Map.of(
                        "cidr_blocks",
                        List.of("0.0.0.0/0"),
                        "description",
                        "",
                        "from_port",
                        0,
                        "ipv6_cidr_blocks",
                        List.of("::/0"),
                        "prefix_list_ids",
                        List.of(),
                        "protocol",
                        "-1",
                        "security_groups",
                        List.of(),
                        "self",
                        false,
                        "to_port",
                        0))))
        .resource(
            "aws_s3_bucket",
            "trail",
            Map.of(
                "id",
                "stratus-red-team-ctes-bucket-qyxyekjbtk",
                "bucket",
                "stratus-red-team-ctes-bucket-qyxyekjbtk"))
        .resource(
            "aws_s3_bucket_policy",
            "trail",
            Map.of(
                "id",
                "stratus-red-team-ctes-bucket-qyxyekjbtk",
                "bucket",
                "stratus-red-team-ctes-bucket-qyxyekjbtk",
                "policy",
                POLICY))
        .resource(
            "aws_s3_bucket",
            "logs",
            Map.of(
                "id",
                "stratus-red-team-ctlr-bucket-zqfsvooxqj",
                "bucket",
                "stratus-red-team-ctlr-bucket-zqfsvooxqj",
                "policy",
                POLICY,
                "tags",
                Map.of("StratusRedTeam", "true")))
        .resource(
            "",
            "aws_db_instance",
            "main",
            Map.of(
                "id", "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                "identifier", "terraform-20230710121504061500000001",
                "resource_id", "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                "password", "hunter2",
                "deletion_protection", true),
            List.of("password"))
        .resource(
            "aws_iam_role",
            "backdoor",
            Map.of(
                "id", "stratus-red-team-backdoor-r-role",
                "name", "stratus-red-team-backdoor-r-role",
                "assume_role_policy",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}",
                "managed_policy_arns", List.of()));
  }

  private TfDrift engine(
      TerraformStates state, List<String> principals, List<ResourceMapper> mappers) {
    StateStore store = new StateStore(CLOCK);
    store.refresh("prod", new InMemoryStateBackend("default").set(state.build()));
    return TfDrift.builder()
        .states(store)
        .mappers(mappers)
        .rules(EngineSettings.defaultRules())
        .terraformCallers(new TerraformCallers(principals))
        .meterRegistry(meters)
        .clock(CLOCK)
        .build();
  }

  private TfDrift engine() {
    return engine(state(), List.of(), Samples.mappers());
  }

  private static DriftEvent only(Detection d) {
    assertThat(d.outcome()).isEqualTo(Outcome.DRIFT);
    assertThat(d.drift()).hasSize(1);
    return d.drift().get(0);
  }

  @Test
  void countsEverySeverityAtZeroBeforeTheFirstDrift() {
    engine();
    for (Severity s : Severity.values()) {
      assertThat(meters.find("tfdrift.events").tag("severity", s.label()).counter())
          .as("tfdrift_events_total{severity=%s}", s.label())
          .isNotNull()
          .satisfies(c -> assertThat(c.count()).isZero());
    }
  }

  @Test
  void reportsAChangedAttributeWithExpectedAndActual() {
    AuditEvent e =
        aws("ec2.amazonaws.com", "ModifyInstanceAttribute")
            .request(
                Map.of(
                    "instanceId",
                    "i-05c30218156bcc246",
                    "instanceType",
                    Map.of("value", "t3.large")))
            .build();
    DriftEvent drift = only(engine().process(e));
    assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
    assertThat(drift.severity()).isEqualTo(Severity.HIGH);
    assertThat(drift.matchedRules()).containsExactly("compute-and-data");
    assertThat(drift.resource().address()).isEqualTo("aws_instance.web");
    assertThat(drift.resource().state()).isEqualTo("prod");
    assertThat(drift.changes())
        .containsExactly(
            new DriftEvent.Change(
                "instance_type", Optional.of("t3.micro"), Optional.of("t3.large")));
    assertThat(drift.detectedAt()).isEqualTo(CLOCK.instant());
  }

  @Test
  void reportsTheRecordedTerminationProtectionChangeWhenAPersonMadeIt() {
    DriftEvent drift =
        only(engine().process(byPerson(cloudTrail("ec2_ModifyInstanceAttribute_1.json"))));
    assertThat(drift.changes())
        .containsExactly(
            new DriftEvent.Change(
                "disable_api_termination", Optional.of(true), Optional.of(false)));
    assertThat(drift.actor().name()).isEqualTo("bert-jan");
  }

  @Test
  void ignoresAValueThatAlreadyEqualsStateWhateverItsJsonType() {
    AuditEvent e =
        aws("ec2.amazonaws.com", "ModifyInstanceAttribute")
            .request(
                Map.of(
                    "instanceId",
                    "i-05c30218156bcc246",
                    "disableApiTermination",
                    Map.of("value", "true")))
            .build();
    assertThat(engine().process(e).outcome()).isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  void reportsOutOfBandWhenValuesCannotBeItemised() {
    // Sharing an AMI changes its launch permissions, which aws_ami does not model.
    TfDrift engine =
        engine(
            TerraformStates.builder()
                .resource("aws_ami", "shared", Map.of("id", "ami-0aa1d83d0b0985c86")),
            List.of(),
            Samples.mappers());
    DriftEvent drift = only(engine.process(cloudTrail("ec2_ModifyImageAttribute_1.json")));
    assertThat(drift.kind()).isEqualTo(DriftKind.OUT_OF_BAND);
    assertThat(drift.resource().address()).isEqualTo("aws_ami.shared");
    assertThat(drift.changes()).isEmpty();
  }

  @Test
  void aCallThatImpliesAValueSetsIt() {
    DriftEvent drift = only(engine().process(cloudTrail("ec2_StartInstances_1.json")));
    assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
    assertThat(drift.resource().address()).isEqualTo("aws_instance.worker");
    assertThat(drift.changes())
        .extracting(DriftEvent.Change::attribute)
        .containsExactly("instance_state");
  }

  @Test
  void reportsADeletedManagedResource() {
    DriftEvent drift =
        only(engine().process(byPerson(cloudTrail("ec2_TerminateInstances_1.json"))));
    assertThat(drift.kind()).isEqualTo(DriftKind.DELETED);
    assertThat(drift.resource().id()).isEqualTo("i-0dbc91f429e48eeed");
  }

  @Test
  void reportsAnUnmanagedResourceWithWhatTheCallSet() {
    TfDrift engine =
        engine(
            TerraformStates.builder().resource("aws_vpc", "main", Map.of("id", "vpc-1")),
            List.of(),
            Samples.mappers());
    DriftEvent drift = only(engine.process(byPerson(cloudTrail("ec2_RunInstances_1.json"))));
    assertThat(drift.kind()).isEqualTo(DriftKind.UNMANAGED);
    assertThat(drift.resource().address()).isEqualTo("aws_instance.i-05c30218156bcc246");
    assertThat(drift.resource().state()).isEmpty();
    assertThat(drift.changes())
        .extracting(DriftEvent.Change::attribute)
        .containsExactly("ami", "instance_type");
  }

  @Test
  void reportsANewSecurityGroupRuleAsModifiedIngress() {
    DriftEvent drift =
        only(engine().process(cloudTrail("ec2_AuthorizeSecurityGroupIngress_1.json")));
    assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
    assertThat(drift.severity()).isEqualTo(Severity.CRITICAL);
    DriftEvent.Change ingress = drift.changes().get(0);
    assertThat(ingress.attribute()).isEqualTo("ingress");
    assertThat(ingress.actual().orElseThrow().toString())
        .contains("208.236.235.254/0")
        .contains("10.0.0.0/8");
  }

  @Test
  void ignoresRuleChangesThatLeaveTheRulesAsTheyAre() {
    // The recorded egress rule (all traffic to 0.0.0.0/0 and ::/0) is already in state.
    assertThat(
            engine()
                .process(byPerson(cloudTrail("ec2_AuthorizeSecurityGroupEgress_1.json")))
                .outcome())
        .isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  void reportsARevokedRule() {
    DriftEvent drift =
        only(engine().process(byPerson(cloudTrail("ec2_RevokeSecurityGroupEgress_1.json"))));
    assertThat(drift.changes().get(0).attribute()).isEqualTo("egress");
    assertThat(drift.changes().get(0).actual().orElseThrow().toString())
        .contains("::/0")
        .doesNotContain("0.0.0.0/0");
  }

  @Test
  void comparesPoliciesAsJsonNotAsText() {
    AuditEvent same = byPerson(cloudTrail("s3_PutBucketPolicy_1.json"));
    assertThat(engine().process(same).drift())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.resource().type()).isEqualTo("aws_s3_bucket_policy");
              assertThat(d.changes())
                  .extracting(DriftEvent.Change::attribute)
                  .containsExactly("policy");
            });
    TerraformStates exact = state();
    AuditEvent recorded = byPerson(cloudTrail("s3_PutBucketPolicy_1.json"));
    String recordedPolicy =
        io.tfdrift.core.json.JsonTrees.toJson(recorded.request().get("bucketPolicy"));
    exact.resource(
        "aws_s3_bucket_policy", "same", Map.of("id", "other-bucket", "policy", recordedPolicy));
    AuditEvent onOther = withBucket(recorded, "other-bucket");
    assertThat(engine(exact, List.of(), Samples.mappers()).process(onOther).outcome())
        .isEqualTo(Outcome.NO_CHANGE);
  }

  private static AuditEvent withBucket(AuditEvent e, String bucket) {
    return Samples.withRequest(e, "bucketName", bucket);
  }

  @Test
  void findsASubResourceThroughItsParentWhenOnlyTheParentIsManaged() {
    AuditEvent e = byPerson(cloudTrail("s3_PutBucketTagging_1.json"));
    assertThat(engine().process(e).outcome()).isEqualTo(Outcome.NO_CHANGE);
    AuditEvent policy =
        withBucket(
            byPerson(cloudTrail("s3_PutBucketPolicy_1.json")),
            "stratus-red-team-ctlr-bucket-zqfsvooxqj");
    DriftEvent drift = only(engine().process(policy));
    assertThat(drift.resource().type()).isEqualTo("aws_s3_bucket");
    assertThat(drift.resource().address()).isEqualTo("aws_s3_bucket.logs");
  }

  @Test
  void aThirdPartyMapperPutsATagAndOnlyANewValueIsDrift() {
    ResourceMapper tagger =
        event ->
            List.of(
                new ResourceMatch(
                    "aws_instance",
                    List.of("i-05c30218156bcc246"),
                    io.tfdrift.api.ChangeKind.UPDATE,
                    Map.of(
                        "tags",
                        AttributeChange.putKeys(
                            Map.of("Name", event.request().get("name"), "env", "prod")))));
    AuditEvent rename =
        aws("example.amazonaws.com", "TagThing").request(Map.of("name", "api")).build();
    AuditEvent same =
        aws("example.amazonaws.com", "TagThing").request(Map.of("name", "web")).build();
    TfDrift engine = engine(state(), List.of(), List.of(tagger));

    DriftEvent drift = only(engine.process(rename));
    assertThat(drift.changes())
        .as("the tags the call did not name are kept from state")
        .containsExactly(
            new DriftEvent.Change(
                "tags",
                Optional.of(Map.of("Name", "web")),
                Optional.of(Map.of("Name", "api", "env", "prod"))));
    assertThat(only(engine.process(same)).changes().get(0).actual())
        .contains(Map.of("Name", "web", "env", "prod"));
    ResourceMapper untagger =
        event ->
            List.of(
                new ResourceMatch(
                    "aws_instance",
                    List.of("i-05c30218156bcc246"),
                    io.tfdrift.api.ChangeKind.UPDATE,
                    Map.of("tags", AttributeChange.deleteKeys(List.of("env")))));
    assertThat(engine(state(), List.of(), List.of(untagger)).process(same).outcome())
        .as("deleting a tag state does not hold is no drift")
        .isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  void findsADatabaseByIdentifierAndMasksSensitiveValues() {
    AuditEvent e =
        aws("rds.amazonaws.com", "ModifyDBInstance")
            .request(
                Map.of(
                    "dBInstanceIdentifier", "terraform-20230710121504061500000001",
                    "deletionProtection", false,
                    "masterUserPassword", "HIDDEN_DUE_TO_SECURITY_REASONS"))
            .build();
    DriftEvent drift = only(engine().process(e));
    assertThat(drift.resource().id()).isEqualTo("db-ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    assertThat(drift.changes())
        .containsExactly(
            new DriftEvent.Change("deletion_protection", Optional.of(true), Optional.of(false)));
    ResourceMapper passwordMapper =
        event ->
            List.of(
                new ResourceMatch(
                    "aws_db_instance",
                    List.of("terraform-20230710121504061500000001"),
                    io.tfdrift.api.ChangeKind.UPDATE,
                    Map.of("password", AttributeChange.set("new-secret"))));
    DriftEvent masked = only(engine(state(), List.of(), List.of(passwordMapper)).process(e));
    assertThat(masked.changes())
        .containsExactly(
            new DriftEvent.Change(
                "password",
                Optional.of(DriftEvent.Change.SENSITIVE),
                Optional.of(DriftEvent.Change.SENSITIVE)));
    assertThat(io.tfdrift.core.json.DriftEventJson.write(masked))
        .doesNotContain("hunter2")
        .doesNotContain("new-secret");
  }

  @Test
  void tellsABucketFromItsPolicyAlthoughTheyShareAnId() {
    AuditEvent delete =
        aws("s3.amazonaws.com", "DeleteBucketPolicy")
            .request(Map.of("bucketName", "stratus-red-team-ctes-bucket-qyxyekjbtk"))
            .build();
    DriftEvent drift = only(engine().process(delete));
    assertThat(drift.kind()).isEqualTo(DriftKind.DELETED);
    assertThat(drift.resource().address()).isEqualTo("aws_s3_bucket_policy.trail");
  }

  @Test
  void putsAndDeletesTags() {
    TfDrift engine = engine();
    AuditEvent put =
        aws("ec2.amazonaws.com", "CreateTags")
            .request(
                Map.of(
                    "resourcesSet",
                        Map.of("items", List.of(Map.of("resourceId", "i-05c30218156bcc246"))),
                    "tagSet", Map.of("items", List.of(Map.of("key", "Owner", "value", "eve")))))
            .build();
    DriftEvent drift = only(engine.process(put));
    assertThat(drift.changes())
        .containsExactly(
            new DriftEvent.Change(
                "tags",
                Optional.of(Map.of("Name", "web")),
                Optional.of(Map.of("Name", "web", "Owner", "eve"))));
    AuditEvent same =
        aws("ec2.amazonaws.com", "CreateTags")
            .request(
                Map.of(
                    "resourcesSet",
                        Map.of("items", List.of(Map.of("resourceId", "i-05c30218156bcc246"))),
                    "tagSet", Map.of("items", List.of(Map.of("key", "Name", "value", "web")))))
            .build();
    assertThat(engine.process(same).outcome()).isEqualTo(Outcome.NO_CHANGE);
    AuditEvent delete =
        aws("ec2.amazonaws.com", "DeleteTags")
            .request(
                Map.of(
                    "resourcesSet",
                        Map.of("items", List.of(Map.of("resourceId", "i-05c30218156bcc246"))),
                    "tagSet", Map.of("items", List.of(Map.of("key", "Name")))))
            .build();
    assertThat(only(engine.process(delete)).changes().get(0).actual()).contains(Map.of());
  }

  @Test
  void addsAnAttachedPolicyToTheRole() {
    DriftEvent drift =
        only(
            engine()
                .process(
                    withRole(
                        byPerson(cloudTrail("iam_AttachRolePolicy_1.json")),
                        "stratus-red-team-backdoor-r-role")));
    assertThat(drift.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(drift.changes())
        .containsExactly(
            new DriftEvent.Change(
                "managed_policy_arns",
                Optional.of(List.of()),
                Optional.of(List.of("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"))));
  }

  private static AuditEvent withRole(AuditEvent e, String role) {
    return Samples.withRequest(e, "roleName", role);
  }

  @Test
  void ignoresATrustPolicyThatOnlyDiffersInFormatting() {
    assertThat(engine().process(cloudTrail("iam_UpdateAssumeRolePolicy_1.json")).outcome())
        .isEqualTo(Outcome.NO_CHANGE);
  }

  // The false-positive suite: none of these may ever produce drift.

  @Test
  void neverReportsFailedOrReadOnlyCalls() {
    TfDrift engine = engine();
    List<Outcome> outcomes = new ArrayList<>();
    for (AuditEvent e : Samples.all("/samples/cloudtrail/noise.json")) {
      Detection d = engine.process(e);
      assertThat(d.drift()).as(e.action()).isEmpty();
      outcomes.add(d.outcome());
    }
    assertThat(outcomes).filteredOn(o -> o == Outcome.FAILED_CALL).hasSize(12);
    assertThat(outcomes).filteredOn(o -> o == Outcome.READ_ONLY).hasSize(8);
  }

  @Test
  void neverReportsTerraformsOwnCalls() {
    TfDrift engine = engine();
    for (String file :
        List.of(
            "ec2_ModifyInstanceAttribute_1.json",
            "ec2_RunInstances_1.json",
            "ec2_TerminateInstances_1.json",
            "ec2_CreateTags_1.json",
            "s3_PutBucketPolicy_1.json",
            "iam_AttachRolePolicy_1.json",
            "iam_CreateRole_1.json",
            "rds_CreateDBInstance_1.json",
            "lambda_CreateFunction20150331_1.json")) {
      assertThat(engine.process(cloudTrail(file)).outcome())
          .as(file)
          .isEqualTo(Outcome.TERRAFORM_APPLY);
    }
    assertThat(meters.counter("tfdrift.audit.events", "outcome", "terraform_apply").count())
        .isEqualTo(9);
  }

  @Test
  void neverReportsCallsByAConfiguredTerraformPrincipal() {
    TfDrift engine =
        engine(
            state(), List.of("arn:aws:iam::*:user/stratus-*", "terraform-ci"), Samples.mappers());
    AuditEvent byCi =
        aws("ec2.amazonaws.com", "TerminateInstances")
            .actor(AuditEvents.terraformRole())
            .request(
                Map.of(
                    "instancesSet",
                    Map.of("items", List.of(Map.of("instanceId", "i-0dbc91f429e48eeed")))))
            .build();
    assertThat(engine.process(byCi).outcome()).isEqualTo(Outcome.TERRAFORM_APPLY);
  }

  @Test
  void neverReportsDryRuns() {
    AuditEvent dryRun =
        aws("ec2.amazonaws.com", "TerminateInstances")
            .errorCode("Client.DryRunOperation")
            .attributes(Map.of("aws.dryRun", "true"))
            .request(
                Map.of(
                    "instancesSet",
                    Map.of("items", List.of(Map.of("instanceId", "i-0dbc91f429e48eeed")))))
            .build();
    assertThat(engine().process(dryRun).outcome()).isEqualTo(Outcome.FAILED_CALL);
  }

  private static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";

  private static AuditEvent policyCall(String action) {
    return aws("iam.amazonaws.com", action)
        .request(Map.of("roleName", "app", "policyArn", READ_ONLY))
        .build();
  }

  @Test
  void aPolicyAttachmentStateHoldsIsTheOneFindingOfItsCall() {
    TerraformStates both =
        TerraformStates.builder()
            .resource("aws_iam_role", "app", Map.of("id", "app", "name", "app"))
            .resource(
                "aws_iam_role_policy_attachment",
                "read",
                Map.of("id", "app-20260101000000", "role", "app", "policy_arn", READ_ONLY));

    Detection detached =
        engine(both, List.of(), Samples.mappers()).process(policyCall("DetachRolePolicy"));

    assertThat(detached.drift())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(DriftKind.DELETED);
              assertThat(d.resource().address()).isEqualTo("aws_iam_role_policy_attachment.read");
            });
  }

  @Test
  void withoutAnAttachmentInStateThePolicyChangeIsTheRoles() {
    TerraformStates roleOnly =
        TerraformStates.builder()
            .resource(
                "aws_iam_role",
                "app",
                Map.of("id", "app", "name", "app", "managed_policy_arns", List.of()));

    Detection attached =
        engine(roleOnly, List.of(), Samples.mappers()).process(policyCall("AttachRolePolicy"));

    assertThat(attached.drift())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.kind()).isEqualTo(DriftKind.MODIFIED);
              assertThat(d.resource().address()).isEqualTo("aws_iam_role.app");
              assertThat(d.changes().get(0).attribute()).isEqualTo("managed_policy_arns");
            });
  }

  @Test
  void aRuleCallWithoutABusIsAboutTheDefaultBusOnly() {
    TerraformStates otherBus =
        TerraformStates.builder()
            .resource(
                "aws_cloudwatch_event_rule",
                "orders_nightly",
                Map.of(
                    "id", "orders/nightly",
                    "name", "nightly",
                    "event_bus_name", "orders",
                    "state", "ENABLED"));
    AuditEvent disable =
        aws("events.amazonaws.com", "DisableRule").request(Map.of("name", "nightly")).build();

    List<DriftEvent> drift =
        engine(otherBus, List.of(), Samples.mappers()).process(disable).drift();
    assertThat(drift)
        .noneMatch(d -> d.resource().address().equals("aws_cloudwatch_event_rule.orders_nightly"));

    TerraformStates defaultBus =
        TerraformStates.builder()
            .resource(
                "aws_cloudwatch_event_rule",
                "nightly",
                Map.of(
                    "id", "nightly",
                    "name", "nightly",
                    "event_bus_name", "default",
                    "state", "ENABLED"));
    assertThat(engine(defaultBus, List.of(), Samples.mappers()).process(disable).drift())
        .singleElement()
        .satisfies(
            d -> assertThat(d.resource().address()).isEqualTo("aws_cloudwatch_event_rule.nightly"));
  }

  @Test
  void countsCallsNoMappingKnowsAsUnmappedByProviderAndService() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    TfDrift counted =
        TfDrift.builder()
            .states(engine().states())
            .mappers(Samples.mappers())
            .meterRegistry(registry)
            .build();
    assertThat(counted.process(cloudTrail("bedrock_PutUseCaseForModelAccess_1.json")).outcome())
        .isEqualTo(Outcome.UNMAPPED);
    assertThat(counted.process(cloudTrail("bedrock_PutUseCaseForModelAccess_1.json")).outcome())
        .isEqualTo(Outcome.UNMAPPED);
    assertThat(counted.process(cloudTrail("ssm_SendCommand_1.json")).outcome())
        .as("an operational call is no blind spot")
        .isEqualTo(Outcome.OPERATIONAL);
    assertThat(
            registry
                .get("tfdrift.audit.events.unmapped")
                .tag("provider", "aws")
                .tag("service", "bedrock.amazonaws.com")
                .counter()
                .count())
        .isEqualTo(2.0);
    assertThat(
            registry
                .find("tfdrift.audit.events.unmapped")
                .tag("service", "ssm.amazonaws.com")
                .counter())
        .isNull();
  }

  @Test
  void treatsCallsOfACloudWithoutStateAsIrrelevant() {
    AuditEvent gcp =
        AuditEvents.gcp("compute.googleapis.com", "v1.compute.instances.delete")
            .resources(List.of("projects/p/zones/z/instances/vm"))
            .build();
    assertThat(engine().process(gcp).outcome()).isEqualTo(Outcome.IRRELEVANT);
  }

  @Test
  void reportsALongRunningGcpOperationOnce() {
    TfDrift engine =
        engine(
            TerraformStates.builder()
                .resource(
                    "google_compute_instance",
                    "vm",
                    Map.of(
                        "id",
                        "projects/p/zones/europe-west1-b/instances/vm",
                        "name",
                        "vm",
                        "machine_type",
                        "e2-small")),
            List.of(),
            Samples.mappers());
    AuditEvent.Builder stop =
        AuditEvents.gcp("compute.googleapis.com", "v1.compute.instances.stop")
            .resources(List.of("projects/p/zones/europe-west1-b/instances/vm"));
    Detection first =
        engine.process(
            stop.attributes(Map.of("gcp.operation.id", "op-1", "gcp.operation.first", "true"))
                .build());
    Detection last =
        engine.process(
            stop.attributes(Map.of("gcp.operation.id", "op-1", "gcp.operation.last", "true"))
                .build());
    assertThat(first.drift())
        .singleElement()
        .satisfies(d -> assertThat(d.kind()).isEqualTo(DriftKind.OUT_OF_BAND));
    assertThat(last.outcome()).isEqualTo(Outcome.OPERATION_CONTINUATION);
  }

  @Test
  void givesTheSameFindingTheSameId() {
    AuditEvent e = cloudTrail("ec2_StartInstances_1.json");
    assertThat(only(engine().process(e)).id())
        .isEqualTo(only(engine().process(e)).id())
        .matches("[0-9a-f]{16}");
  }

  @Test
  void isolatesAMapperThatThrows() {
    ResourceMapper broken =
        new ResourceMapper() {
          @Override
          public List<ResourceMatch> map(AuditEvent event) {
            throw new IllegalStateException("boom");
          }

          @Override
          public int priority() {
            return 10;
          }
        };
    List<ResourceMapper> mappers = new ArrayList<>(Samples.mappers());
    mappers.add(broken);
    TfDrift engine = engine(state(), List.of(), mappers);
    assertThat(only(engine.process(cloudTrail("ec2_StartInstances_1.json"))).kind())
        .isEqualTo(DriftKind.MODIFIED);
    assertThat(only(engine.process(cloudTrail("ec2_StartInstances_1.json"))).kind())
        .isEqualTo(DriftKind.MODIFIED);
  }

  @Test
  void letsAHigherPriorityMapperOverrideTheBuiltIns() {
    ResourceMapper custom =
        new ResourceMapper() {
          @Override
          public List<ResourceMatch> map(AuditEvent event) {
            return List.of(
                ResourceMatch.of(
                    "aws_instance", "i-0dbc91f429e48eeed", io.tfdrift.api.ChangeKind.UPDATE));
          }

          @Override
          public int priority() {
            return 5;
          }
        };
    List<ResourceMapper> mappers = new ArrayList<>(Samples.mappers());
    mappers.add(custom);
    DriftEvent drift =
        only(engine(state(), List.of(), mappers).process(cloudTrail("ec2_StartInstances_1.json")));
    assertThat(drift.resource().address()).isEqualTo("aws_instance.doomed");
  }
}
