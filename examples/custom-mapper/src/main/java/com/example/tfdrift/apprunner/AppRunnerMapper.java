package com.example.tfdrift.apprunner;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.spi.ResourceMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps App Runner's CloudTrail events ({@code eventSource: apprunner.amazonaws.com}) to the
 * Terraform resources they change, found in state by ARN. The service name matters: ECS has a
 * {@code CreateService} too.
 */
final class AppRunnerMapper implements ResourceMapper {
  static final String SOURCE = "apprunner.amazonaws.com";

  /**
   * One call: the Terraform type, the change, where the resource's ARN is (a dotted path into the
   * request or the response), and the attributes the call sets (Terraform name to request path).
   */
  record Call(String type, ChangeKind change, String arnPath, Map<String, String> attributes) {}

  static final Map<String, Call> CALLS =
      Map.ofEntries(
          Map.entry(
              "CreateService",
              new Call(
                  "aws_apprunner_service",
                  ChangeKind.CREATE,
                  "response.service.serviceArn",
                  Map.of())),
          Map.entry(
              "UpdateService",
              new Call(
                  "aws_apprunner_service",
                  ChangeKind.UPDATE,
                  "request.serviceArn",
                  Map.of("auto_scaling_configuration_arn", "request.autoScalingConfigurationArn"))),
          Map.entry(
              "PauseService",
              new Call("aws_apprunner_service", ChangeKind.UPDATE, "request.serviceArn", Map.of())),
          Map.entry(
              "ResumeService",
              new Call("aws_apprunner_service", ChangeKind.UPDATE, "request.serviceArn", Map.of())),
          Map.entry(
              "DeleteService",
              new Call("aws_apprunner_service", ChangeKind.DELETE, "request.serviceArn", Map.of())),
          Map.entry(
              "CreateAutoScalingConfiguration",
              new Call(
                  "aws_apprunner_auto_scaling_configuration_version",
                  ChangeKind.CREATE,
                  "response.autoScalingConfiguration.autoScalingConfigurationArn",
                  Map.of())),
          Map.entry(
              "DeleteAutoScalingConfiguration",
              new Call(
                  "aws_apprunner_auto_scaling_configuration_version",
                  ChangeKind.DELETE,
                  "request.autoScalingConfigurationArn",
                  Map.of())),
          Map.entry(
              "CreateConnection",
              new Call(
                  "aws_apprunner_connection",
                  ChangeKind.CREATE,
                  "response.connection.connectionArn",
                  Map.of())),
          Map.entry(
              "DeleteConnection",
              new Call(
                  "aws_apprunner_connection",
                  ChangeKind.DELETE,
                  "request.connectionArn",
                  Map.of())),
          Map.entry(
              "CreateVpcConnector",
              new Call(
                  "aws_apprunner_vpc_connector",
                  ChangeKind.CREATE,
                  "response.vpcConnector.vpcConnectorArn",
                  Map.of())),
          Map.entry(
              "DeleteVpcConnector",
              new Call(
                  "aws_apprunner_vpc_connector",
                  ChangeKind.DELETE,
                  "request.vpcConnectorArn",
                  Map.of())),
          Map.entry(
              "CreateObservabilityConfiguration",
              new Call(
                  "aws_apprunner_observability_configuration",
                  ChangeKind.CREATE,
                  "response.observabilityConfiguration.observabilityConfigurationArn",
                  Map.of())),
          Map.entry(
              "DeleteObservabilityConfiguration",
              new Call(
                  "aws_apprunner_observability_configuration",
                  ChangeKind.DELETE,
                  "request.observabilityConfigurationArn",
                  Map.of())));

  @Override
  public List<ResourceMatch> map(AuditEvent event) {
    if (!event.provider().equals("aws") || !event.service().equals(SOURCE)) {
      return List.of();
    }
    Call call = CALLS.get(event.action());
    if (call == null) {
      return List.of();
    }
    Optional<String> arn = text(event, call.arnPath());
    if (arn.isEmpty()) {
      return List.of();
    }
    Map<String, AttributeChange> attributes = new java.util.TreeMap<>();
    call.attributes()
        .forEach(
            (name, path) ->
                text(event, path).ifPresent(v -> attributes.put(name, AttributeChange.set(v))));
    return List.of(new ResourceMatch(call.type(), List.of(arn.get()), call.change(), attributes));
  }

  /** The string at {@code request.a.b} or {@code response.a.b}, if there is one. */
  static Optional<String> text(AuditEvent event, String path) {
    String[] parts = path.split("\\.");
    Object node = parts[0].equals("request") ? event.request() : event.response();
    for (int i = 1; i < parts.length && node != null; i++) {
      node = node instanceof Map<?, ?> map ? map.get(parts[i]) : null;
    }
    return node instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
  }

  @Override
  public String toString() {
    return "AppRunnerMapper[" + CALLS.size() + " calls]";
  }
}
