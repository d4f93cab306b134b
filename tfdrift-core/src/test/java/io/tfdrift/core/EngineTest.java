package io.tfdrift.core;

import static io.tfdrift.core.AuditSamples.byCli;
import static io.tfdrift.core.AuditSamples.cloudTrail;
import static io.tfdrift.core.AuditSamples.put;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.detect.TerraformCallers;
import io.tfdrift.core.mapping.AwsMapperProvider;
import io.tfdrift.core.mapping.GcpMapperProvider;
import io.tfdrift.testkit.TerraformStates;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EngineTest {
  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
  static final String INSTANCE = "i-05c30218156bcc246";
  static final String SG = "sg-003dc7f1f1c686164";
  static final String BUCKET = "stratus-red-team-ctes-bucket-qyxyekjbtk";
  static final String ROLE_POLICY = "stratus-red-team-ec2-steal-credentials-role:inline";
  static final String DB = "terraform-20230710121504061500000001";

  static List<ResourceMapper> builtInMappers() {
    return List.of(
        new AwsMapperProvider().create(ConfigSection.of("mappers.aws", Map.of())),
        new GcpMapperProvider().create(ConfigSection.of("mappers.gcp", Map.of())));
  }

  static TfDrift engine(TerraformStates state) {
    return engine(state, builtInMappers(), List.of());
  }

  static TfDrift engine(
      TerraformStates state, List<ResourceMapper> mappers, List<String> principals) {
    return engine(state.build(), mappers, principals);
  }

  static TfDrift engine(byte[] state, List<ResourceMapper> mappers) {
    return engine(state, mappers, List.of());
  }

  static TfDrift engine(byte[] state, List<ResourceMapper> mappers, List<String> principals) {
    return TfDrift.builder()
        .states(AuditSamples.store("prod", state))
        .mappers(mappers)
        .terraformCallers(new TerraformCallers(principals))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .meterRegistry(new SimpleMeterRegistry())
        .build();
  }

  /**
   * The resources the recorded calls touch: an instance, a group, a bucket with its policy, ...
   * Those with an ARN live in the account of the record that touches them (the invictus records'
   * 123837392027, the anonymised Stratus records' 309303190113 and 032092706103).
   */
  static TerraformStates awsState() {
    return TerraformStates.builder()
        .resource(
            "aws_instance",
            "web",
            Map.of(
                "id",
                INSTANCE,
                "instance_type",
                "t3.micro",
                "disable_api_termination",
                false,
                "tags",
                Map.of("Name", "web")))
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
            "aws_instance", "old", Map.of("id", "i-0dbc91f429e48eeed", "instance_type", "t2.micro"))
        .resource(
            "aws_security_group",
            "ssh",
            Map.of(
                "id",
                SG,
                "arn",
                "arn:aws:ec2:us-northeast-1r:032092706103:security-group/" + SG,
                "name",
                "ssh",
                "ingress",
                List.of(rule("tcp", 443, 443, "0.0.0.0/0"))))
        .resource("aws_s3_bucket", "trail", Map.of("id", BUCKET, "bucket", BUCKET))
        .resource(
            "aws_s3_bucket_policy",
            "trail",
            Map.of("id", BUCKET, "bucket", BUCKET, "policy", bucketPolicyAsTerraformWroteIt()))
        .resource(
            "",
            "aws_iam_role_policy",
            "inline",
            Map.of(
                "id",
                ROLE_POLICY,
                "name",
                "inline",
                "role",
                "stratus-red-team-ec2-steal-credentials-role",
                "policy",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Action\":\"ec2:DescribeInstances\","
                    + "\"Effect\":\"Allow\",\"Resource\":\"*\"}]}"),
            List.of("policy"))
        .resource(
            "aws_db_instance",
            "db",
            Map.of(
                "id", "db-ZXJ4CWXJ3S4QYOLLQF7AJWSQNE",
                "identifier", DB,
                "resource_id", "db-ZXJ4CWXJ3S4QYOLLQF7AJWSQNE",
                "arn", "arn:aws:rds:us-east-1:123837392027:db:" + DB,
                "instance_class", "db.t3.micro",
                "engine", "mysql"));
  }

  static Map<String, Object> rule(String protocol, long from, long to, String cidr) {
    return Map.of(
        "cidr_blocks",
        List.of(cidr),
        "description",
        "",
        "from_port",
        from,
        "ipv6_cidr_blocks",
        List.of(),
        "prefix_list_ids",
        List.of(),
        "protocol",
        protocol,
        "security_groups",
        List.of(),
        "self",
        false,
        "to_port",
        to);
  }

  /** The policy of s3_PutBucketPolicy_1 as Terraform keeps it: one-line text, other key order. */
  static String bucketPolicyAsTerraformWroteIt() {
    return "{\"Statement\":[{\"Sid\":\"AWSCloudTrailAclCheck\",\"Effect\":\"Allow\",\"Principal\":"
        + "{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":\"s3:GetBucketAcl\",\"Resource\":"
        + "\"arn:aws:s3:::stratus-red-team-ctes-bucket-qyxyekjbtk\"},{\"Sid\":\"AWSCloudTrailWrite\","
        + "\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"cloudtrail.amazonaws.com\"},\"Action\":"
        + "[\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::stratus-red-team-ctes-bucket-qyxyekjbtk/*\","
        + "\"Condition\":{\"StringEquals\":{\"s3:x-amz-acl\":\"bucket-owner-full-control\"}}}],"
        + "\"Version\":\"2012-10-17\"}";
  }

  static DriftEvent single(Detection d) {
    assertThat(d.outcome()).isEqualTo(Outcome.DRIFT);
    assertThat(d.drift()).hasSize(1);
    return d.drift().get(0);
  }

  static DriftEvent.Change change(String attribute, Object expected, Object actual) {
    return new DriftEvent.Change(
        attribute, Optional.ofNullable(expected), Optional.ofNullable(actual));
  }

  /** ModifyInstanceAttribute as the CLI sends it to change the type (AWS API reference). */
  static Map<String, Object> modifyInstanceType(String type) {
    Map<String, Object> record = byCli("ec2_ModifyInstanceAttribute_1");
    put(record, "requestParameters.disableApiTermination", null);
    put(record, "requestParameters.instanceType", Map.of("value", type));
    return record;
  }

  @Nested
  class ManagedResources {
    private final TfDrift engine = engine(awsState());

    @Test
    void aChangedInstanceTypeIsModifiedDriftWithStateAndNewValue() {
      DriftEvent drift = single(engine.process(cloudTrail(modifyInstanceType("t3.large"))));

      assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
      assertThat(drift.resource().address()).isEqualTo("aws_instance.web");
      assertThat(drift.resource().state()).isEqualTo("prod");
      assertThat(drift.changes()).containsExactly(change("instance_type", "t3.micro", "t3.large"));
      assertThat(drift.actor().name()).isEqualTo("bert-jan");
      assertThat(drift.event().name()).isEqualTo("ModifyInstanceAttribute");
      assertThat(drift.detectedAt()).isEqualTo(NOW);
    }

    @Test
    void settingTheValueStateAlreadyHoldsIsNoDrift() {
      AuditEvent sameBoolean = cloudTrail(byCli("ec2_ModifyInstanceAttribute_1"));
      Map<String, Object> asText = byCli("ec2_ModifyInstanceAttribute_1");
      put(asText, "requestParameters.disableApiTermination.value", "false");

      assertThat(engine.process(sameBoolean).outcome()).isEqualTo(Outcome.NO_CHANGE);
      assertThat(engine.process(cloudTrail(asText)).outcome()).isEqualTo(Outcome.NO_CHANGE);
      assertThat(engine.process(cloudTrail(modifyInstanceType("t3.micro"))).outcome())
          .isEqualTo(Outcome.NO_CHANGE);
    }

    @Test
    void startingAStoppedInstanceSetsItsStateToRunning() {
      DriftEvent drift = single(engine.process(cloudTrail("ec2_StartInstances_1")));

      assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
      assertThat(drift.resource().address()).isEqualTo("aws_instance.worker");
      assertThat(drift.changes())
          .containsExactly(
              new DriftEvent.Change(
                  "instance_state", Optional.of("stopped"), Optional.of("running")));
    }

    @Test
    void stoppingAnInstanceStateRecordsAsStoppedIsNoDrift() {
      Map<String, Object> stop = AuditSamples.record("ec2_StartInstances_1");
      stop.put("eventName", "StopInstances");

      assertThat(engine.process(cloudTrail(stop)).outcome()).isEqualTo(Outcome.NO_CHANGE);
    }

    @Test
    void terminatingAManagedInstanceIsDeleted() {
      DriftEvent drift = single(engine.process(cloudTrail(byCli("ec2_TerminateInstances_1"))));

      assertThat(drift.kind()).isEqualTo(DriftKind.DELETED);
      assertThat(drift.resource().address()).isEqualTo("aws_instance.old");
    }

    @Test
    void deletingAResourceNoStateHoldsIsNoDrift() {
      Map<String, Object> record = byCli("ec2_TerminateInstances_1");
      put(record, "requestParameters.instancesSet.items", List.of(Map.of("instanceId", "i-0aaa")));

      assertThat(engine.process(cloudTrail(record)).outcome()).isEqualTo(Outcome.NO_CHANGE);
    }

    @Test
    void aSecurityGroupRuleThatIsAlreadyThereIsNoDrift() {
      TfDrift withRule =
          engine(
              TerraformStates.builder()
                  .resource(
                      "aws_security_group",
                      "ssh",
                      Map.of(
                          "id",
                          SG,
                          "ingress",
                          List.of(
                              rule("tcp", 443, 443, "0.0.0.0/0"),
                              rule("tcp", 22, 22, "208.236.235.254/0")))));

      assertThat(withRule.process(cloudTrail("ec2_AuthorizeSecurityGroupIngress_1")).outcome())
          .isEqualTo(Outcome.NO_CHANGE);
    }

    @Test
    void aNewSecurityGroupRuleIsModifiedIngressWithTheRuleAdded() {
      DriftEvent drift = single(engine.process(cloudTrail("ec2_AuthorizeSecurityGroupIngress_1")));

      assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
      assertThat(drift.resource().address()).isEqualTo("aws_security_group.ssh");
      assertThat(drift.changes()).hasSize(1);
      DriftEvent.Change ingress = drift.changes().get(0);
      assertThat(ingress.attribute()).isEqualTo("ingress");
      assertThat(ingress.expected()).contains(List.of(rule("tcp", 443, 443, "0.0.0.0/0")));
      assertThat((List<?>) ingress.actual().orElseThrow())
          .hasSize(2)
          .anySatisfy(
              block -> {
                Map<?, ?> b = (Map<?, ?>) block;
                assertThat(b.get("from_port")).isEqualTo(22L);
                assertThat(b.get("cidr_blocks")).isEqualTo(List.of("208.236.235.254/0"));
              });
    }

    @Test
    void createTagsPutsTagsAndDeleteTagsRemovesThem() {
      Map<String, Object> create = byCli("ec2_CreateTags_1");
      put(create, "requestParameters.resourcesSet.items", List.of(Map.of("resourceId", INSTANCE)));
      Map<String, Object> delete = byCli("ec2_CreateTags_1");
      delete.put("eventName", "DeleteTags");
      put(delete, "requestParameters.resourcesSet.items", List.of(Map.of("resourceId", INSTANCE)));
      put(delete, "requestParameters.tagSet.items", List.of(Map.of("key", "Name")));

      DriftEvent added = single(engine.process(cloudTrail(create)));
      DriftEvent removed = single(engine.process(cloudTrail(delete)));

      assertThat(added.changes())
          .containsExactly(
              change(
                  "tags", Map.of("Name", "web"), Map.of("Name", "web", "StratusRedTeam", "true")));
      assertThat(removed.changes())
          .containsExactly(change("tags", Map.of("Name", "web"), Map.of()));
    }

    @Test
    void puttingATagWithTheValueItHasIsNoDrift() {
      Map<String, Object> create = byCli("ec2_CreateTags_1");
      put(create, "requestParameters.resourcesSet.items", List.of(Map.of("resourceId", INSTANCE)));
      put(create, "requestParameters.tagSet.items", List.of(Map.of("key", "Name", "value", "web")));

      assertThat(engine.process(cloudTrail(create)).outcome()).isEqualTo(Outcome.NO_CHANGE);
    }

    @Test
    void aSensitiveAttributeIsMaskedOnBothSides() {
      DriftEvent drift = single(engine.process(cloudTrail(byCli("iam_PutRolePolicy_1"))));

      assertThat(drift.resource().address()).isEqualTo("aws_iam_role_policy.inline");
      assertThat(drift.changes()).containsExactly(change("policy", "(sensitive)", "(sensitive)"));
    }

    @Test
    void aBucketPolicyEqualToStateInAnotherTextFormIsNoDrift() {
      assertThat(engine.process(cloudTrail(byCli("s3_PutBucketPolicy_1"))).outcome())
          .isEqualTo(Outcome.NO_CHANGE);
    }

    @Test
    void aBucketPolicyChangeHitsThePolicyResourceNotTheBucketWithTheSameId() {
      Map<String, Object> record = byCli("s3_PutBucketPolicy_1");
      put(record, "requestParameters.bucketPolicy.Statement", List.of());

      DriftEvent drift = single(engine.process(cloudTrail(record)));

      assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
      assertThat(drift.resource().address()).isEqualTo("aws_s3_bucket_policy.trail");
      assertThat(drift.changes())
          .extracting(DriftEvent.Change::attribute)
          .containsExactly("policy");
    }

    @Test
    void aDbInstanceIsFoundByItsIdentifierThoughItsIdIsTheResourceId() {
      Map<String, Object> modify = byCli("rds_CreateDBInstance_1");
      modify.put("eventName", "ModifyDBInstance");
      modify.put(
          "requestParameters",
          new java.util.LinkedHashMap<>(
              Map.of(
                  "dBInstanceIdentifier",
                  DB,
                  "dBInstanceClass",
                  "db.t3.large",
                  "applyImmediately",
                  true)));

      DriftEvent drift = single(engine.process(cloudTrail(modify)));

      assertThat(drift.resource().address()).isEqualTo("aws_db_instance.db");
      assertThat(drift.resource().id()).isEqualTo("db-ZXJ4CWXJ3S4QYOLLQF7AJWSQNE");
      assertThat(drift.changes())
          .containsExactly(change("instance_class", "db.t3.micro", "db.t3.large"));
    }
  }

  @Nested
  class ResourcesCallsNameOtherwiseThanTheirIds {
    @Test
    void aLoadBalancerWrittenAsAwsAlbIsFoundByTheCallMappedToAwsLb() {
      String arn =
          "arn:aws:elasticloadbalancing:us-east-1:123837392027:loadbalancer/app/web/50dc6c495c0c9188";
      TfDrift engine =
          engine(
              TerraformStates.builder().resource("aws_alb", "web", Map.of("id", arn, "arn", arn)));
      Map<String, Object> record = byCli("ec2_DeleteVpc_1");
      record.put("eventSource", "elasticloadbalancing.amazonaws.com");
      record.put("eventName", "DeleteLoadBalancer");
      record.put(
          "requestParameters", new java.util.LinkedHashMap<>(Map.of("loadBalancerArn", arn)));
      record.put("responseElements", null);

      DriftEvent drift = single(engine.process(cloudTrail(record)));

      assertThat(drift.kind()).isEqualTo(DriftKind.DELETED);
      assertThat(drift.resource().address()).isEqualTo("aws_alb.web");
      assertThat(drift.resource().type()).isEqualTo("aws_alb");
    }

    @Test
    void detachingAManagedUserPolicyIsADeletedAttachmentThoughItsIdIsRandom() {
      String policy = "arn:aws:iam::aws:policy/AdministratorAccess";
      TfDrift engine =
          engine(
              TerraformStates.builder()
                  .resource(
                      "aws_iam_user_policy_attachment",
                      "admin",
                      Map.of(
                          "id",
                          "deploy-20240117093000000000000001",
                          "user",
                          "deploy",
                          "policy_arn",
                          policy)));
      Map<String, Object> record = byCli("iam_AttachRolePolicy_1");
      record.put("eventName", "DetachUserPolicy");
      record.put(
          "requestParameters",
          new java.util.LinkedHashMap<>(Map.of("userName", "deploy", "policyArn", policy)));

      DriftEvent drift = single(engine.process(cloudTrail(record)));

      assertThat(drift.kind()).isEqualTo(DriftKind.DELETED);
      assertThat(drift.resource().address()).isEqualTo("aws_iam_user_policy_attachment.admin");
    }

    @Test
    void aFolderPolicyDeltaRevokingAManagedMemberIsDeletedAndGrantingAnotherIsUnmanaged() {
      TfDrift engine =
          engine(
              TerraformStates.builder()
                  .resource(
                      "google_folder_iam_member",
                      "auditors",
                      Map.of(
                          "id",
                          "folders/123456789012/roles/viewer/group:auditors@example.com",
                          "folder",
                          "folders/123456789012",
                          "role",
                          "roles/viewer",
                          "member",
                          "group:auditors@example.com")));
      Map<String, Object> entry = AuditSamples.gcpEntry("vdbcibd23rv");
      put(entry, "protoPayload.serviceName", "cloudresourcemanager.googleapis.com");
      put(entry, "protoPayload.methodName", "SetIamPolicy");
      put(entry, "protoPayload.resourceName", "folders/123456789012");
      put(
          entry,
          "protoPayload.serviceData",
          Map.of(
              "policyDelta",
              Map.of(
                  "bindingDeltas",
                  List.of(
                      Map.of(
                          "action", "REMOVE",
                          "role", "roles/viewer",
                          "member", "group:Auditors@example.com"),
                      Map.of(
                          "action", "ADD",
                          "role", "roles/owner",
                          "member", "user:mallory@example.com")))));

      List<DriftEvent> drift = engine.process(AuditSamples.gcp(entry)).drift();

      assertThat(drift)
          .extracting(d -> d.kind() + " " + d.resource().type() + " " + d.resource().id())
          .contains(
              "DELETED google_folder_iam_member"
                  + " folders/123456789012/roles/viewer/group:auditors@example.com",
              "UNMANAGED google_folder_iam_member"
                  + " folders/123456789012/roles/owner/user:mallory@example.com");
    }

    @Test
    void aPolicyDeltaIsOneFindingPerMemberAndNoneForTheWholePolicy() {
      TfDrift engine =
          engine(
              TerraformStates.builder()
                  .resource(
                      "google_folder",
                      "eng",
                      Map.of("id", "folders/123456789012", "name", "folders/123456789012"))
                  .resource(
                      "google_folder_iam_member",
                      "auditors",
                      Map.of(
                          "id",
                          "folders/123456789012/roles/viewer/group:auditors@example.com",
                          "folder",
                          "folders/123456789012",
                          "role",
                          "roles/viewer",
                          "member",
                          "group:auditors@example.com")));
      Map<String, Object> entry = AuditSamples.gcpEntry("vdbcibd23rv");
      put(entry, "protoPayload.serviceName", "cloudresourcemanager.googleapis.com");
      put(entry, "protoPayload.methodName", "SetIamPolicy");
      put(entry, "protoPayload.resourceName", "folders/123456789012");
      put(
          entry,
          "protoPayload.serviceData",
          Map.of(
              "policyDelta",
              Map.of(
                  "bindingDeltas",
                  List.of(
                      Map.of(
                          "action", "REMOVE",
                          "role", "roles/viewer",
                          "member", "group:auditors@example.com"),
                      Map.of(
                          "action", "ADD",
                          "role", "roles/owner",
                          "member", "user:mallory@example.com")))));

      List<DriftEvent> drift = engine.process(AuditSamples.gcp(entry)).drift();

      assertThat(drift)
          .extracting(d -> d.kind() + " " + d.resource().type())
          .containsExactlyInAnyOrder(
              "DELETED google_folder_iam_member", "UNMANAGED google_folder_iam_member");
    }
  }

  @Nested
  class RelatedTypes {
    @Test
    void aBucketPolicyIsFoundViaTheBucketWhenOnlyTheBucketIsManaged() {
      TfDrift engine =
          engine(
              TerraformStates.builder()
                  .resource(
                      "aws_s3_bucket",
                      "trail",
                      Map.of("id", BUCKET, "bucket", BUCKET, "policy", "")));
      Map<String, Object> record = byCli("s3_PutBucketPolicy_1");

      DriftEvent drift = single(engine.process(cloudTrail(record)));

      assertThat(drift.resource().address()).isEqualTo("aws_s3_bucket.trail");
      assertThat(drift.kind()).isEqualTo(DriftKind.MODIFIED);
      assertThat(drift.changes())
          .extracting(DriftEvent.Change::attribute)
          .containsExactly("policy");
    }

    @Test
    void deletingTheBucketPolicyOfAManagedBucketIsOutOfBandNotADeletedBucket() {
      TfDrift engine =
          engine(
              TerraformStates.builder()
                  .resource("aws_s3_bucket", "trail", Map.of("id", BUCKET, "bucket", BUCKET)));
      Map<String, Object> record = byCli("s3_PutBucketPolicy_1");
      record.put("eventName", "DeleteBucketPolicy");

      DriftEvent drift = single(engine.process(cloudTrail(record)));

      assertThat(drift.kind()).isEqualTo(DriftKind.OUT_OF_BAND);
      assertThat(drift.resource().address()).isEqualTo("aws_s3_bucket.trail");
    }
  }

  @Nested
  class UnmanagedResources {
    @Test
    void launchingAnInstanceNoStateHoldsIsUnmanaged() {
      TfDrift engine =
          engine(
              TerraformStates.builder()
                  .resource("aws_instance", "worker", Map.of("id", "i-DDd6c7B0e18F0E35f")));

      DriftEvent drift = single(engine.process(cloudTrail(byCli("ec2_RunInstances_1"))));

      assertThat(drift.kind()).isEqualTo(DriftKind.UNMANAGED);
      assertThat(drift.resource().id()).isEqualTo(INSTANCE);
      assertThat(drift.severity().label()).isEqualTo("medium");
    }

    @Test
    void aNewInstanceIsUnmanagedWithTheValuesItWasCreatedWith() {
      Map<String, Object> record = byCli("ec2_RunInstances_1");
      put(
          record,
          "responseElements.instancesSet.items",
          List.of(Map.of("instanceId", "i-0new", "imageId", "ami-029eb80bc237bec6f")));

      DriftEvent drift = single(engine(awsState()).process(cloudTrail(record)));

      assertThat(drift.kind()).isEqualTo(DriftKind.UNMANAGED);
      assertThat(drift.resource().address()).isEqualTo("aws_instance.i-0new");
      assertThat(drift.resource().id()).isEqualTo("i-0new");
      assertThat(drift.resource().state()).isEmpty();
      assertThat(drift.changes())
          .containsExactly(
              change("ami", null, "ami-029eb80bc237bec6f"),
              change("instance_type", null, "t3.micro"));
    }

    @Test
    void withoutAnyStateOfTheCloudNothingIsDrift() {
      TfDrift gcpOnly =
          engine(
              TerraformStates.builder()
                  .resource(
                      "google_compute_network",
                      "vpc",
                      Map.of("id", "projects/p/global/networks/vpc")));

      assertThat(gcpOnly.process(cloudTrail(byCli("ec2_RunInstances_1"))).outcome())
          .isEqualTo(Outcome.IRRELEVANT);
    }

    @Test
    void aCallNoMapperKnowsIsUnmapped() {
      assertThat(
              engine(awsState())
                  .process(cloudTrail("bedrock_PutUseCaseForModelAccess_1"))
                  .outcome())
          .isEqualTo(Outcome.UNMAPPED);
    }

    @Test
    void aCallThatChangesNothingTerraformModelsIsOperational() {
      assertThat(engine(awsState()).process(cloudTrail("ssm_SendCommand_1")).outcome())
          .isEqualTo(Outcome.OPERATIONAL);
    }
  }

  @Nested
  class GcpOperations {
    private final TfDrift engine =
        engine(
            TerraformStates.builder()
                .resource(
                    "google_compute_network",
                    "vpc",
                    Map.of(
                        "id", "projects/project-id/global/networks/vpc",
                        "self_link",
                            "https://www.googleapis.com/compute/v1/projects/project-id/global/networks/vpc")));

    /** The last entry of the operation whose first entry is -w5vrlhdm7gk, as Compute logs it. */
    private Map<String, Object> lastEntry() {
      Map<String, Object> last = AuditSamples.gcpEntry("-w5vrlhdm7gk");
      last.put("insertId", "-w5vrlhdm7gl");
      last.put("timestamp", "2024-11-19T13:13:21.431116Z");
      put(last, "operation.first", null);
      put(last, "operation.last", true);
      put(
          last,
          "protoPayload.request",
          new java.util.LinkedHashMap<>(
              Map.of("@type", "type.googleapis.com/compute.instances.insert")));
      put(last, "protoPayload.response", null);
      put(last, "protoPayload.authorizationInfo", null);
      return last;
    }

    @Test
    void anOperationIsReportedOnceFromItsFirstEntry() {
      Detection first = engine.process(AuditSamples.gcp("-w5vrlhdm7gk"));
      Detection last = engine.process(AuditSamples.gcp(lastEntry()));

      DriftEvent drift = single(first);
      assertThat(drift.kind()).isEqualTo(DriftKind.UNMANAGED);
      assertThat(drift.resource().type()).isEqualTo("google_compute_instance");
      assertThat(drift.resource().id())
          .isEqualTo("projects/project-id/zones/us-central1-a/instances/x-logs");
      assertThat(drift.changes()).containsExactly(change("machine_type", null, "n2-standard-4"));
      assertThat(last.outcome()).isEqualTo(Outcome.OPERATION_CONTINUATION);
      assertThat(last.drift()).isEmpty();
    }
  }

  @Nested
  class Ids {
    @Test
    void theSameCallOnTheSameResourceAlwaysGetsTheSameId() {
      AuditEvent event = cloudTrail(modifyInstanceType("t3.large"));

      String once = single(engine(awsState()).process(event)).id();
      String again =
          single(engine(awsState()).process(cloudTrail(modifyInstanceType("t3.large")))).id();

      assertThat(once).isEqualTo(again).matches("[0-9a-f]{16}");
    }

    @Test
    void anotherCallGetsAnotherId() {
      Map<String, Object> other = modifyInstanceType("t3.large");
      other.put("eventID", "0f4a2f6e-7d0a-4d5e-9d64-5a0b8e6f1c22");

      assertThat(single(engine(awsState()).process(cloudTrail(other))).id())
          .isNotEqualTo(
              single(engine(awsState()).process(cloudTrail(modifyInstanceType("t3.large")))).id());
    }
  }

  @Nested
  class Isolation {
    @Test
    void aMapperThatThrowsIsSkippedAndTheOthersStillMap() {
      ResourceMapper broken =
          new ResourceMapper() {
            @Override
            public List<ResourceMatch> map(AuditEvent event) {
              throw new IllegalStateException("plugin bug");
            }

            @Override
            public int priority() {
              return 10;
            }
          };
      List<ResourceMapper> mappers = new ArrayList<>(builtInMappers());
      mappers.add(broken);
      TfDrift engine = engine(awsState(), mappers, List.of());

      Detection first = engine.process(cloudTrail(modifyInstanceType("t3.large")));
      Detection second = engine.process(cloudTrail("ec2_StartInstances_1"));

      assertThat(single(first).kind()).isEqualTo(DriftKind.MODIFIED);
      assertThat(single(second).kind()).isEqualTo(DriftKind.MODIFIED);
    }
  }
}
