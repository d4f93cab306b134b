package io.tfdrift.falco;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.testkit.AuditFormatContractTest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

class FalcoFormatContractTest extends AuditFormatContractTest {
  private final Map<String, Object> record = FalcoFixtures.record("ec2_StartInstances_1");
  private final Map<String, Object> alert = FalcoFixtures.fullAlertFor(record);

  @Override
  protected AuditFormatProvider provider() {
    return new FalcoFormatProvider();
  }

  @Override
  protected Map<String, Object> record() {
    return alert;
  }

  @Override
  protected AuditEvent expected() {
    return new FalcoAlertDecoder().decode(alert).get(0);
  }

  @Override
  protected Map<String, Object> malformed() {
    Map<String, Object> bad = new HashMap<>(alert);
    bad.put("output_fields", Map.of("ct.name", "StartInstances"));
    return bad;
  }

  @Override
  protected List<Map<String, Object>> foreignRecords() {
    return List.of(record, Map.of("Records", List.of(record)), Map.of());
  }
}
