package io.tfdrift.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.AuditEvents;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.TerraformStates;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Tag calls that name their resource by ARN or by an id of one of several types (Step Functions,
 * EFS, Organizations, ElastiCache) find that resource: the ARN's resource type or the id's prefix
 * names the Terraform type. They were unmapped, so a tag changed by hand was never seen. API
 * Gateway names its resources by a path ({@code /restapis/{id}/stages/{name}}), whose collections
 * name the type.
 */
class TagsByArnTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:orders";
  private static final String FS_ARN =
      "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0a1b2c3d4e5f60718";
  private static final String CLUSTER =
      "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:sessions";

  private static final String REST_API = "arn:aws:apigateway:us-east-1::/restapis/jrrfh5tt86";
  private static final String HTTP_API = "arn:aws:apigateway:us-east-1::/apis/4s3ehhrgj6";

  private final TfDrift engine =
      engine(
          TerraformStates.builder()
              .resource(
                  "aws_sfn_state_machine",
                  "orders",
                  Map.of("id", MACHINE, "arn", MACHINE, "tags", Map.of("team", "payments")))
              .resource(
                  "aws_efs_file_system",
                  "shared",
                  Map.of(
                      "id",
                      "fs-0a1b2c3d4e5f60718",
                      "arn",
                      FS_ARN,
                      "tags",
                      Map.of("backup", "daily")))
              .resource(
                  "aws_organizations_account",
                  "prod",
                  Map.of("id", "210987654321", "tags", Map.of("owner", "platform")))
              .resource(
                  "aws_elasticache_replication_group",
                  "sessions",
                  Map.of("id", "sessions", "arn", CLUSTER, "tags", Map.of("env", "prod")))
              .resource(
                  "aws_api_gateway_rest_api",
                  "orders",
                  Map.of("id", "jrrfh5tt86", "arn", REST_API, "tags", Map.of("team", "vision")))
              .resource(
                  "aws_api_gateway_stage",
                  "prod",
                  Map.of(
                      "id",
                      "ags-jrrfh5tt86-prod",
                      "arn",
                      REST_API + "/stages/prod",
                      "stage_name",
                      "prod",
                      "tags",
                      Map.of("env", "prod")))
              .resource(
                  "aws_apigatewayv2_api",
                  "http",
                  Map.of("id", "4s3ehhrgj6", "arn", HTTP_API, "tags", Map.of("team", "vision"))));

  @Test
  void aStateMachineTaggedByArnIsModified() {
    DriftEvent d =
        only(
            AuditEvents.aws("states.amazonaws.com", "TagResource")
                .request(
                    Map.of(
                        "resourceArn",
                        MACHINE,
                        "tags",
                        List.of(Map.of("key", "team", "value", "fraud"))))
                .build());

    assertThat(d.resource().address()).isEqualTo("aws_sfn_state_machine.orders");
    assertThat(d.changes())
        .containsExactly(
            new DriftEvent.Change(
                "tags",
                Optional.of(Map.of("team", "payments")),
                Optional.of(Map.of("team", "fraud"))));
  }

  @Test
  void aFileSystemUntaggedByArnIsModified() {
    DriftEvent d =
        only(
            AuditEvents.aws("elasticfilesystem.amazonaws.com", "UntagResource")
                .request(Map.of("resourceId", FS_ARN, "tagKeys", List.of("backup")))
                .build());

    assertThat(d.resource().address()).isEqualTo("aws_efs_file_system.shared");
    assertThat(d.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.actual()).contains(Map.of()));
  }

  @Test
  void anAccountTaggedByItsIdAndAReplicationGroupByArnAreFound() {
    DriftEvent account =
        only(
            AuditEvents.aws("organizations.amazonaws.com", "TagResource")
                .request(
                    Map.of(
                        "resourceId",
                        "210987654321",
                        "tags",
                        List.of(Map.of("key", "owner", "value", "finance"))))
                .build());
    DriftEvent group =
        only(
            AuditEvents.aws("elasticache.amazonaws.com", "RemoveTagsFromResource")
                .request(Map.of("resourceName", CLUSTER, "tagKeys", List.of("env")))
                .build());

    assertThat(account.resource().address()).isEqualTo("aws_organizations_account.prod");
    assertThat(group.resource().address()).isEqualTo("aws_elasticache_replication_group.sessions");
  }

  @Test
  void anOrganizationsRootIsNoTerraformResourceWithTags() {
    Detection d =
        engine.process(
            AuditEvents.aws("organizations.amazonaws.com", "TagResource")
                .request(
                    Map.of(
                        "resourceId",
                        "r-ab12",
                        "tags",
                        List.of(Map.of("key", "owner", "value", "finance"))))
                .build());

    assertThat(d.outcome()).isEqualTo(Outcome.UNMAPPED);
  }

  @Test
  void anApiGatewayStageTaggedByArnIsTheStageNotItsApi() {
    DriftEvent d =
        only(
            AuditEvents.aws("apigateway.amazonaws.com", "TagResource")
                .request(
                    Map.of(
                        "resourceArn",
                        REST_API + "/stages/prod",
                        "tags",
                        Map.of("owner", "mallory"),
                        "template",
                        false))
                .build());

    assertThat(d.resource().address()).isEqualTo("aws_api_gateway_stage.prod");
    assertThat(d.changes())
        .containsExactly(
            new DriftEvent.Change(
                "tags",
                Optional.of(Map.of("env", "prod")),
                Optional.of(Map.of("env", "prod", "owner", "mallory"))));
  }

  @Test
  void anHttpApiUntaggedByArnIsModifiedAndARestApiTaggedAsStateHoldsIsNot() {
    DriftEvent untagged =
        only(
            AuditEvents.aws("apigateway.amazonaws.com", "UntagResource")
                .request(Map.of("resourceArn", HTTP_API, "tagKeys", List.of("team")))
                .build());
    Detection same =
        engine.process(
            AuditEvents.aws("apigateway.amazonaws.com", "TagResource")
                .request(
                    Map.of(
                        "resourceArn",
                        REST_API,
                        "tags",
                        Map.of("team", "vision"),
                        "template",
                        false))
                .build());

    assertThat(untagged.resource().address()).isEqualTo("aws_apigatewayv2_api.http");
    assertThat(untagged.changes())
        .singleElement()
        .satisfies(c -> assertThat(c.actual()).contains(Map.of()));
    assertThat(same.outcome()).isEqualTo(Outcome.NO_CHANGE);
  }

  @Test
  void anApiGatewayDomainNameIsNotGuessedBetweenTheTwoApis() {
    Detection d =
        engine.process(
            AuditEvents.aws("apigateway.amazonaws.com", "TagResource")
                .request(
                    Map.of(
                        "resourceArn",
                        "arn:aws:apigateway:us-east-1::/domainnames/api.example.org",
                        "tags",
                        Map.of("team", "vision")))
                .build());

    assertThat(d.outcome()).isEqualTo(Outcome.UNMAPPED);
  }

  private DriftEvent only(AuditEvent event) {
    Detection d = engine.process(event);
    assertThat(d.drift()).hasSize(1);
    assertThat(d.drift().get(0).kind()).isEqualTo(DriftKind.MODIFIED);
    return d.drift().get(0);
  }

  private static TfDrift engine(TerraformStates state) {
    StateStore store = new StateStore(CLOCK);
    store.refresh("prod", new InMemoryStateBackend("default").set(state.build()));
    return TfDrift.builder()
        .states(store)
        .mappers(Samples.mappers())
        .rules(EngineSettings.defaultRules())
        .clock(CLOCK)
        .build();
  }
}
