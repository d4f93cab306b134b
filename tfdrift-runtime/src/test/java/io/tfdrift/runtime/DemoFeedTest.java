package io.tfdrift.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.testkit.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The demo's alerts say what the demo log says. */
class DemoFeedTest {
  private static AuditFormat format(String type) {
    return ServiceLoader.load(AuditFormatProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.type().equals(type))
        .findFirst()
        .orElseThrow()
        .create(TestConfigs.of("format", Map.of()));
  }

  @Test
  void eachAlertDecodesToTheSameEventAsItsCloudTrailRecord() {
    AuditFormat cloudTrail = format("cloudtrail");
    AuditFormat falco = format("falco");
    List<Map<String, Object>> records = DemoFeed.records();
    assertThat(records).hasSize(10);
    for (Map<String, Object> record : records) {
      Map<String, Object> alert = JsonTrees.parseObject(JsonTrees.toJson(DemoFeed.alert(record)));
      assertThat(falco.accepts(alert)).as("falco accepts %s", record.get("eventID")).isTrue();
      List<AuditEvent> fromAlert = falco.decode(alert);
      List<AuditEvent> fromLog = cloudTrail.decode(record);
      assertThat(fromAlert).hasSize(1);
      AuditEvent a = fromAlert.get(0);
      AuditEvent b = fromLog.get(0);
      assertThat(a.eventId()).isEqualTo(b.eventId());
      assertThat(a.action()).isEqualTo(b.action());
      assertThat(a.service()).isEqualTo(b.service());
      assertThat(a.actor()).as("actor of %s", b.action()).isEqualTo(b.actor());
      assertThat(a.request()).isEqualTo(b.request());
      assertThat(a.response()).isEqualTo(b.response());
      assertThat(a.sourceIp()).isEqualTo(b.sourceIp());
      assertThat(a.userAgent()).isEqualTo(b.userAgent());
      assertThat(a.errorCode()).isEqualTo(b.errorCode());
      assertThat(a.time()).isEqualTo(b.time());
      assertThat(a.readOnly()).isEqualTo(b.readOnly());
      assertThat(a.accountId()).isEqualTo(b.accountId());
    }
  }

  @Test
  void shipsTheExamplesDemoFiles() throws Exception {
    assertThat(DemoFeed.state())
        .isEqualTo(Files.readAllBytes(Path.of("../examples/demo/terraform.tfstate")));
  }
}
