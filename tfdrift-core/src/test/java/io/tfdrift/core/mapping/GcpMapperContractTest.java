package io.tfdrift.core.mapping;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.spi.ResourceMapperProvider;
import io.tfdrift.testkit.AuditEvents;
import io.tfdrift.testkit.ResourceMapperContractTest;
import java.util.List;
import java.util.Map;

class GcpMapperContractTest extends ResourceMapperContractTest {
  @Override
  protected ResourceMapperProvider provider() {
    return new GcpMapperProvider();
  }

  @Override
  protected Map.Entry<AuditEvent, ResourceMatch> knownCall() {
    String vm = "projects/acme-prod/zones/europe-west1-b/instances/web-1";
    return Map.entry(
        AuditEvents.gcp("compute.googleapis.com", "v1.compute.instances.setLabels")
            .resources(List.of(vm))
            .request(Map.of("labels", Map.of("env", "prod"), "labelFingerprint", "42WmSpB8rSM="))
            .build(),
        new ResourceMatch(
            "google_compute_instance",
            List.of(vm),
            ChangeKind.UPDATE,
            Map.of("labels", AttributeChange.set(Map.of("env", "prod")))));
  }
}
