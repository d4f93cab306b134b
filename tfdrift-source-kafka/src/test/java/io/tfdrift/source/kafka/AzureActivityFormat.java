package io.tfdrift.source.kafka;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.AuditFormat;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.core.json.JsonTrees;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A third-party audit format as a plugin jar would bring it: Azure activity log records. Not
 * registered with {@link java.util.ServiceLoader}, so the class path does not see it, as the
 * application's class loader does not see a jar in {@code plugins/}.
 */
final class AzureActivityFormat implements AuditFormat {
  static final String TYPE = "azure-activity";

  /** Its provider, handed to the source as the runtime hands it a plugin's. */
  static final class Provider implements AuditFormatProvider {
    @Override
    public String type() {
      return TYPE;
    }

    @Override
    public AuditFormat create(ComponentConfig config) {
      return new AzureActivityFormat();
    }
  }

  @Override
  public boolean accepts(Map<String, Object> object) {
    return object.get("operationName") instanceof String
        && object.get("resourceId") instanceof String
        && object.get("category") instanceof String;
  }

  @Override
  public List<AuditEvent> decode(Map<String, Object> object) {
    String operation = JsonTrees.text(object.get("operationName"));
    int slash = operation.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("operationName '" + operation + "' has no provider part");
    }
    return List.of(
        AuditEvent.builder()
            .provider("azure")
            .service(operation.substring(0, slash))
            .action(operation.substring(slash + 1))
            .eventId(JsonTrees.text(object.get("correlationId")))
            .time(Instant.parse(JsonTrees.text(object.get("time"))))
            .sourceIp(JsonTrees.text(object.get("callerIpAddress")))
            .resources(List.of(JsonTrees.text(object.get("resourceId"))))
            .build());
  }
}
