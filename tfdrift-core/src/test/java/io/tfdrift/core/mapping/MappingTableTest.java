package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.core.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MappingTableTest {
  private static final MappingTable AWS = MappingTable.builtIn("aws");
  private static final MappingTable GCP = MappingTable.builtIn("gcp");

  private static List<ResourceMatch> map(AuditEvent event) {
    List<ResourceMatch> out = new ArrayList<>();
    (event.provider().equals("aws") ? AWS : GCP).map(event, out);
    return out;
  }

  /** Every recorded call the tables cover maps to the right type, identifiers and change. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "ec2_RunInstances_1.json | aws_instance | i-05c30218156bcc246 | CREATE",
        "ec2_TerminateInstances_1.json | aws_instance | i-0dbc91f429e48eeed | DELETE",
        "ec2_StartInstances_1.json | aws_instance | i-DDd6c7B0e18F0E35f | UPDATE",
        "ec2_ModifyInstanceAttribute_1.json | aws_instance | i-05c30218156bcc246 | UPDATE",
        "ec2_AuthorizeSecurityGroupIngress_1.json | aws_security_group | sg-003dc7f1f1c686164 | UPDATE",
        "ec2_AuthorizeSecurityGroupEgress_1.json | aws_security_group | sg-04cfb7a4712d75b00 | UPDATE",
        "ec2_DeleteSecurityGroup_1.json | aws_security_group | sg-04cfb7a4712d75b00 | DELETE",
        "ec2_CreateVpc_1.json | aws_vpc | vpc-06fe1a64761a0f720 | CREATE",
        "ec2_DeleteVpc_1.json | aws_vpc | vpc-0255d384b4b458b46 | DELETE",
        "ec2_CreateSubnet_1.json | aws_subnet | subnet-01ed430875cff578d | CREATE",
        "ec2_CreateRoute_1.json | aws_route_table | rtb-0c7c2f4aff3677054 | UPDATE",
        "ec2_AssociateRouteTable_1.json | aws_route_table | rtb-0c7c2f4aff3677054 | UPDATE",
        "ec2_CreateInternetGateway_1.json | aws_internet_gateway | igw-02a84e4222d62e16b | CREATE",
        "ec2_CreateNatGateway_1.json | aws_nat_gateway | nat-03575abbac42080d9 | CREATE",
        "ec2_AllocateAddress_1.json | aws_eip | eipalloc-08a083beb7e83dbc0 | CREATE",
        "ec2_ReleaseAddress_1.json | aws_eip | eipalloc-04cbfdaf4b48e92d5 | DELETE",
        "ec2_CreateSnapshot_1.json | aws_ebs_snapshot | snap-083d3b857c13988bc | CREATE",
        "ec2_CreateFlowLogs_1.json | aws_flow_log | fl-064ed3a785e4a37ef | CREATE",
        "ec2_DeleteFlowLogs_1.json | aws_flow_log | fl-0e17aa62a21d4bbfe | DELETE",
        "ec2_CreateNetworkInterface_1.json | aws_network_interface | eni-0938d805949b4e134 | CREATE",
        "ec2_CreateTags_1.json | aws_ami | ami-0aa1d83d0b0985c86 | UPDATE",
        "s3_CreateBucket_1.json | aws_s3_bucket | stratus-red-team-ctlr-bucket-zqfsvooxqj | CREATE",
        "s3_DeleteBucket_1.json | aws_s3_bucket | stratus-red-team-ctes-bucket-qyxyekjbtk | DELETE",
        "s3_PutBucketPolicy_1.json | aws_s3_bucket_policy | stratus-red-team-ctes-bucket-qyxyekjbtk | UPDATE",
        "s3_PutBucketLifecycle_1.json | aws_s3_bucket_lifecycle_configuration | stratus-red-team-ctlr-bucket-zqfsvooxqj | UPDATE",
        "s3_PutBucketTagging_1.json | aws_s3_bucket | stratus-red-team-ctlr-bucket-zqfsvooxqj | UPDATE",
        "iam_CreateRole_1.json | aws_iam_role | stratus-red-team-ec2-get-password-data-role | CREATE",
        "iam_UpdateAssumeRolePolicy_1.json | aws_iam_role | stratus-red-team-backdoor-r-role | UPDATE",
        "iam_PutRolePolicy_1.json | aws_iam_role_policy | stratus-red-team-ec2-steal-credentials-role:inline | UPDATE",
        "iam_AttachRolePolicy_1.json | aws_iam_role_policy_attachment | stratus-red-team-ec2-enumerate-role/arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore | CREATE",
        "iam_CreateUser_1.json | aws_iam_user | stratus-red-team-backdoor-u-user | CREATE",
        "iam_CreateAccessKey_1.json | aws_iam_access_key | AKIATFQR7NSCQLA2F4OD | CREATE",
        "iam_CreatePolicy_1.json | aws_iam_policy | arn:aws:iam::123837392027:policy/stratus-red-team-ec2lui-policy-pcccexdthk | CREATE",
        "iam_AddRoleToInstanceProfile_1.json | aws_iam_instance_profile | stratus-red-team-ec2-steal-credentials-instance | UPDATE",
        "lambda_CreateFunction20150331_1.json | aws_lambda_function | stratus-red-team-backdoor-f-func | CREATE",
        "lambda_DeleteFunction20150331_1.json | aws_lambda_function | stratus-red-team-backdoor-f-func | DELETE",
        "lambda_UpdateFunctionCode20150331v2_1.json | aws_lambda_function | stratus-red-team-olc-func-xhfgzaowxc | UPDATE",
        "lambda_AddPermission20150331v2_1.json | aws_lambda_permission | backdoor | CREATE",
        "rds_CreateDBInstance_1.json | aws_db_instance | terraform-20230710121504061500000001 | CREATE",
        "rds_CreateDBSubnetGroup_1.json | aws_db_subnet_group | stratus-red-team-share-snap-vpc | CREATE",
        "cloudtrail_CreateTrail_1.json | aws_cloudtrail | arn:aws:cloudtrail:us-east-1:123837392027:trail/stratus-red-team-ctlr-trail-zqfsvooxqj | CREATE",
        "cloudtrail_DeleteTrail_1.json | aws_cloudtrail | stratus-red-team-cloudtraild-trail-kvrwohmiai | DELETE",
        "cloudtrail_PutEventSelectors_1.json | aws_cloudtrail | arn:aws:cloudtrail:us-east-1:123837392027:trail/stratus-red-team-ctes-trail-qyxyekjbtk | UPDATE",
      })
  void mapsARecordedCall(String file, String type, String id, ChangeKind change) {
    List<ResourceMatch> matches = map(Samples.cloudTrail(file));
    assertThat(matches).isNotEmpty();
    ResourceMatch first = matches.get(0);
    assertThat(first.type()).isEqualTo(type);
    assertThat(first.identifiers().get(0)).isEqualTo(id);
    assertThat(first.change()).isEqualTo(change);
  }

  @Test
  void extractsAttributesInTheProvidersShape() {
    ResourceMatch role = map(Samples.cloudTrail("iam_CreateRole_1.json")).get(0);
    assertThat(role.attributes().get("assume_role_policy"))
        .isInstanceOfSatisfying(
            AttributeChange.SetValue.class, c -> assertThat(c.value()).isInstanceOf(Map.class));
    assertThat(role.attributes()).containsEntry("max_session_duration", AttributeChange.set(3600L));
    ResourceMatch policy = map(Samples.cloudTrail("s3_PutBucketPolicy_1.json")).get(0);
    assertThat(policy.attributes().get("policy"))
        .isInstanceOfSatisfying(
            AttributeChange.SetValue.class, c -> assertThat(c.value()).isInstanceOf(Map.class));
    ResourceMatch tags = map(Samples.cloudTrail("s3_PutBucketTagging_1.json")).get(0);
    assertThat(tags.attributes())
        .containsEntry("tags", AttributeChange.set(Map.of("StratusRedTeam", "true")));
    ResourceMatch protection = map(Samples.cloudTrail("ec2_ModifyInstanceAttribute_1.json")).get(0);
    assertThat(protection.attributes())
        .containsExactly(Map.entry("disable_api_termination", AttributeChange.set(false)));
    ResourceMatch ingress =
        map(Samples.cloudTrail("ec2_AuthorizeSecurityGroupIngress_1.json")).get(0);
    assertThat(ingress.attributes().get("ingress"))
        .isInstanceOfSatisfying(
            AttributeChange.AddToSet.class,
            c -> {
              assertThat(SecurityGroupRules.areBlocks(c.elements())).isTrue();
              assertThat(SecurityGroupRules.atoms(c.elements()))
                  .containsExactly(new SecurityGroupRules.Atom("tcp", 22, 22, "208.236.235.254/0"));
            });
  }

  @Test
  void mapsRecordedGcpCallsByResourceName() {
    List<AuditEvent> entries = Samples.all("/samples/gcp/audit.json");
    AuditEvent network =
        entries.stream()
            .filter(e -> e.action().equals("beta.compute.networks.insert"))
            .findFirst()
            .orElseThrow();
    assertThat(map(network))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.type()).isEqualTo("google_compute_network");
              assertThat(m.identifiers())
                  .containsExactly("projects/fake-project/global/networks/test");
              assertThat(m.change()).isEqualTo(ChangeKind.CREATE);
            });
    AuditEvent account =
        entries.stream()
            .filter(e -> e.action().endsWith("CreateServiceAccount"))
            .findFirst()
            .orElseThrow();
    assertThat(map(account))
        .singleElement()
        .satisfies(m -> assertThat(m.type()).isEqualTo("google_service_account"));
  }

  private static final String STAGES =
      """
      provider: aws
      service: apigateway.amazonaws.com
      events:
        CreateStage (v1):
          when: request.restApiId
          type: aws_api_gateway_stage
          change: create
          ids: ["ags-{request.restApiId}-{request.createStageInput.stageName}"]
        CreateStage (v2):
          when: request.apiId
          type: aws_apigatewayv2_stage
          change: create
          ids: [request.stageName]
        DeleteDomainName (v1):
          when: request.template
          type: aws_api_gateway_domain_name
          change: delete
          ids: [request.domainName]
        DeleteDomainName (v2):
          when: {absent: request.template}
          type: aws_apigatewayv2_domain_name
          change: delete
          ids: [request.domainName]
      """;

  private static List<ResourceMatch> map(MappingTable table, AuditEvent event) {
    List<ResourceMatch> out = new ArrayList<>();
    table.map(event, out);
    return out;
  }

  @Test
  void picksTheRowWhoseRequestShapeACallHas() {
    MappingTable table = table(STAGES);
    AuditEvent rest =
        AuditEvent.builder()
            .provider("aws")
            .service("apigateway.amazonaws.com")
            .action("CreateStage")
            .request(Map.of("restApiId", "a1", "createStageInput", Map.of("stageName", "prod")))
            .build();
    AuditEvent http =
        AuditEvent.builder()
            .provider("aws")
            .service("apigateway.amazonaws.com")
            .action("CreateStage")
            .request(Map.of("apiId", "b2", "stageName", "prod"))
            .build();
    AuditEvent neither =
        AuditEvent.builder()
            .provider("aws")
            .service("apigateway.amazonaws.com")
            .action("CreateStage")
            .request(Map.of("stageName", "prod"))
            .build();

    assertThat(map(table, rest))
        .singleElement()
        .satisfies(m -> assertThat(m.type()).isEqualTo("aws_api_gateway_stage"))
        .satisfies(m -> assertThat(m.identifiers()).containsExactly("ags-a1-prod"));
    assertThat(map(table, http))
        .singleElement()
        .satisfies(m -> assertThat(m.type()).isEqualTo("aws_apigatewayv2_stage"));
    assertThat(map(table, neither)).isEmpty();
    assertThat(
            map(
                table,
                AuditEvent.builder()
                    .provider("aws")
                    .service("apigateway.amazonaws.com")
                    .action("DeleteDomainName")
                    .request(Map.of("domainName", "api.example.com"))
                    .build()))
        .singleElement()
        .satisfies(m -> assertThat(m.type()).isEqualTo("aws_apigatewayv2_domain_name"));
    assertThat(table.calls())
        .extracting(MappedCall::when)
        .contains("request.restApiId", "request.apiId", "no request.template");
  }

  @Test
  void setsTheValueACallImpliesAndFansATemplateOutOverEveryElement() {
    MappingTable table =
        table(
            """
            provider: aws
            service: events.amazonaws.com
            events:
              DisableRule:
                type: aws_cloudwatch_event_rule
                change: update
                ids: [request.name]
                attributes:
                  state: {value: DISABLED}
                  is_enabled: {value: false}
              PutTargets:
                type: aws_cloudwatch_event_target
                change: update
                ids: ["{request.rule}/{request.targets[].id}"]
            """);

    assertThat(
            map(
                table,
                AuditEvent.builder()
                    .provider("aws")
                    .service("events.amazonaws.com")
                    .action("DisableRule")
                    .request(Map.of("name", "nightly"))
                    .build()))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.attributes())
                    .isEqualTo(
                        Map.of(
                            "state",
                            AttributeChange.set("DISABLED"),
                            "is_enabled",
                            AttributeChange.set(false))));
    assertThat(
            map(
                table,
                AuditEvent.builder()
                    .provider("aws")
                    .service("events.amazonaws.com")
                    .action("PutTargets")
                    .request(
                        Map.of(
                            "rule",
                            "orders",
                            "targets",
                            List.of(Map.of("id", "queue"), Map.of("id", "lambda"), Map.of())))
                    .build()))
        .flatExtracting(ResourceMatch::identifiers)
        .containsExactly("orders/queue", "orders/lambda");
    assertThat(table.calls())
        .filteredOn(c -> c.action().equals("DisableRule"))
        .singleElement()
        .satisfies(c -> assertThat(c.attributes()).containsEntry("state", "= DISABLED"));
  }

  @Test
  void rejectsAConstantWithOtherKeysAndATemplateVisitingTwoLists() {
    assertThatThrownBy(
            () ->
                table(
                    """
                    provider: aws
                    service: events.amazonaws.com
                    events:
                      EnableRule:
                        type: aws_cloudwatch_event_rule
                        change: update
                        ids: [request.name]
                        attributes:
                          state: {value: ENABLED, path: request.state}
                      PutTargets:
                        type: aws_cloudwatch_event_target
                        change: update
                        ids: ["{request.rules[]}/{request.targets[].id}"]
                    """))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "test.yaml.events.EnableRule.attributes.state: write {value:"))
                    .anyMatch(
                        p ->
                            p.startsWith("test.yaml.events.PutTargets.ids:")
                                && p.contains("only one part of a template")));
  }

  @Test
  void rejectsRowsSharingACallWithoutDistinctShapes() {
    assertThatThrownBy(
            () ->
                table(
                    """
                    provider: aws
                    service: apigateway.amazonaws.com
                    events:
                      CreateStage:
                        type: aws_api_gateway_stage
                        change: create
                        ids: [request.stageName]
                      CreateStage (v2):
                        when: request.apiId
                        type: aws_apigatewayv2_stage
                        change: create
                        ids: [request.stageName]
                      DeleteStage (a):
                        when: request.apiId
                        type: aws_apigatewayv2_stage
                        change: delete
                        ids: [request.stageName]
                      DeleteStage (b):
                        when: request.apiId
                        type: aws_api_gateway_stage
                        change: delete
                        ids: [request.stageName]
                      UpdateStage (v2):
                        type: aws_apigatewayv2_stage
                        change: update
                        ids: [request.stageName]
                      UpdateStage (v1):
                        when: {path: request.x}
                        type: aws_api_gateway_stage
                        change: update
                        ids: [request.stageName]
                    """))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anyMatch(
                        p ->
                            p.startsWith("test.yaml.events.CreateStage")
                                && p.contains(": also mapped in test.yaml as CreateStage")
                                && p.contains("need a when: each"))
                    .anyMatch(
                        p ->
                            p.startsWith("test.yaml.events.DeleteStage (")
                                && p.contains("has the same when: (request.apiId) as DeleteStage"))
                    .noneMatch(p -> p.contains("unknown key"))
                    .anyMatch(p -> p.startsWith("test.yaml.events.UpdateStage (v2).when: missing"))
                    .anyMatch(
                        p -> p.startsWith("test.yaml.events.UpdateStage (v1).when: write a path")));
  }

  @Test
  void everyTableRowIsValidAndListed() {
    assertThat(AWS.calls()).hasSizeGreaterThan(100);
    assertThat(GCP.calls()).hasSizeGreaterThan(30);
    assertThat(AWS.calls()).allSatisfy(c -> assertThat(c.type()).matches("aws_[a-z0-9_|]+"));
    assertThat(GCP.calls()).allSatisfy(c -> assertThat(c.type()).matches("google_[a-z0-9_|]+"));
  }

  private static MappingTable table(String yaml) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> doc =
          new com.fasterxml.jackson.databind.ObjectMapper(
                  new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readValue(yaml, Map.class);
      return MappingTable.fromDocuments("aws", List.of("test.yaml"), List.of(doc));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void namesTheFileAndKeyOfEveryBadRow() {
    assertThatThrownBy(
            () ->
                table(
                    """
                    provider: aws
                    service: ec2.amazonaws.com
                    events:
                      A:
                        type: aws_instance
                        change: modify
                        ids: [request.instanceId]
                      B:
                        type: aws_instance
                        change: update
                        ids: [requst.instanceId]
                      C:
                        type: aws_instance
                        change: update
                        ids: [request.instanceId]
                        attributes:
                          x: {path: request.x, as: frobnicate}
                      D:
                        type: aws_instance
                        change: update
                        ids: [request.instanceId]
                        extra: 1
                      E:
                        types_by_prefix: {i: aws_instance}
                        change: update
                        ids: [request.instanceId]
                      F:
                        type: aws_instance
                        change: update
                    """))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "test.yaml.events.A.change: 'modify'; use create, update or delete"))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "test.yaml.events.B.ids: path 'requst.instanceId' must start with request."))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "test.yaml.events.C.attributes.x: unknown shaper 'as: frobnicate'"))
                    .anyMatch(p -> p.startsWith("test.yaml.events.D.extra: unknown key"))
                    .anyMatch(
                        p ->
                            p.startsWith(
                                "test.yaml.events.E.types_by_prefix: key 'i' is not a prefix ending in -"))
                    .anyMatch(p -> p.startsWith("test.yaml.events.F.ids: missing")));
  }

  @Test
  void rejectsAProviderMismatch() {
    assertThatThrownBy(() -> table("provider: gcp\nservice: x\nevents: {}\n"))
        .hasMessageContaining("test.yaml.provider: 'gcp' but this is the aws table");
  }
}
