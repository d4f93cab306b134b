package com.example.tfdrift.apprunner;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.spi.ResourceMapperProvider;
import io.tfdrift.testkit.AuditEvents;
import io.tfdrift.testkit.ResourceMapperContractTest;
import java.util.List;
import java.util.Map;

/** The mapper keeps the contract every mapper keeps: discoverable, maps what it claims. */
class AppRunnerMapperContractTest extends ResourceMapperContractTest {
  static final String SERVICE_ARN =
      "arn:aws:apprunner:us-east-1:123456789012:service/web/8fe1e10304f84fd2b0df550fe98a71fa";
  static final String SCALING_ARN =
      "arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/burst/2/"
          + "0f7bba4b2b3d4e5f8a9b0c1d2e3f4a5b";

  @Override
  protected ResourceMapperProvider provider() {
    return new AppRunnerMapperProvider();
  }

  @Override
  protected Map.Entry<AuditEvent, ResourceMatch> knownCall() {
    AuditEvent update =
        AuditEvents.aws("apprunner.amazonaws.com", "UpdateService")
            .request(Map.of("serviceArn", SERVICE_ARN, "autoScalingConfigurationArn", SCALING_ARN))
            .build();
    return Map.entry(
        update,
        new ResourceMatch(
            "aws_apprunner_service",
            List.of(SERVICE_ARN),
            ChangeKind.UPDATE,
            Map.of("auto_scaling_configuration_arn", AttributeChange.set(SCALING_ARN))));
  }
}
