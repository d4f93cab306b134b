package com.example.tfdrift.apprunner;

import static com.example.tfdrift.apprunner.AppRunnerMapperContractTest.SERVICE_ARN;
import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.testkit.AuditEvents;
import io.tfdrift.testkit.TestConfigs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppRunnerMapperTest {
  private final ResourceMapper mapper =
      new AppRunnerMapperProvider().create(TestConfigs.of("mappers.apprunner", Map.of()));

  private static AuditEvent call(
      String action, Map<String, Object> request, Map<String, Object> response) {
    return AuditEvents.aws("apprunner.amazonaws.com", action)
        .request(request)
        .response(response)
        .build();
  }

  @Test
  void aCreatedServiceIsFoundByTheArnInTheResponse() {
    AuditEvent create =
        call(
            "CreateService",
            Map.of("serviceName", "web"),
            Map.of(
                "service",
                Map.of(
                    "serviceName",
                    "web",
                    "serviceArn",
                    SERVICE_ARN,
                    "status",
                    "OPERATION_IN_PROGRESS"),
                "operationId",
                "17fe9f55-7e91-4097-b243-fcabbb69a4cf"));
    assertThat(mapper.map(create))
        .containsExactly(
            new ResourceMatch(
                "aws_apprunner_service", List.of(SERVICE_ARN), ChangeKind.CREATE, Map.of()));
  }

  @Test
  void deletesPausesAndOtherResourcesMapByTheArnInTheRequest() {
    assertThat(mapper.map(call("DeleteService", Map.of("serviceArn", SERVICE_ARN), Map.of())))
        .extracting(ResourceMatch::type, ResourceMatch::change)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("aws_apprunner_service", ChangeKind.DELETE));
    assertThat(mapper.map(call("PauseService", Map.of("serviceArn", SERVICE_ARN), Map.of())))
        .extracting(ResourceMatch::change)
        .containsExactly(ChangeKind.UPDATE);
    String connector = "arn:aws:apprunner:us-east-1:123456789012:vpcconnector/db/1/abc";
    assertThat(
            mapper.map(call("DeleteVpcConnector", Map.of("vpcConnectorArn", connector), Map.of())))
        .containsExactly(
            new ResourceMatch(
                "aws_apprunner_vpc_connector", List.of(connector), ChangeKind.DELETE, Map.of()));
  }

  @Test
  void anUpdateWithoutANewScalingConfigurationExtractsNothing() {
    assertThat(mapper.map(call("UpdateService", Map.of("serviceArn", SERVICE_ARN), Map.of())))
        .singleElement()
        .satisfies(m -> assertThat(m.attributes()).isEmpty());
  }

  @Test
  void ignoresEcsCallsOfTheSameNameAndCallsWithoutAnArn() {
    AuditEvent ecs =
        AuditEvents.aws("ecs.amazonaws.com", "CreateService")
            .response(Map.of("service", Map.of("serviceArn", "arn:aws:ecs:us-east-1:1:service/x")))
            .build();
    assertThat(mapper.map(ecs)).isEmpty();
    assertThat(mapper.map(call("CreateService", Map.of(), Map.of()))).isEmpty();
    assertThat(mapper.map(call("ListServices", Map.of(), Map.of()))).isEmpty();
  }
}
