package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.spi.ResourceMapperProvider;
import io.tfdrift.core.Samples;
import io.tfdrift.testkit.ResourceMapperContractTest;
import java.util.List;
import java.util.Map;

class AwsMapperContractTest extends ResourceMapperContractTest {
  @Override
  protected ResourceMapperProvider provider() {
    return new AwsMapperProvider();
  }

  @Override
  protected Map.Entry<AuditEvent, ResourceMatch> knownCall() {
    return Map.entry(
        Samples.cloudTrail("ec2_TerminateInstances_1.json"),
        new ResourceMatch(
            "aws_instance", List.of("i-0dbc91f429e48eeed"), ChangeKind.DELETE, Map.of()));
  }
}
