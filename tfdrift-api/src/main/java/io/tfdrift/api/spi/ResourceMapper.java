package io.tfdrift.api.spi;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ResourceMatch;
import java.util.List;

/**
 * Understands some cloud calls: which Terraform resources a call touched, how to find them in state
 * and which attribute values it set. This runs on the hot path for every event, so it must be fast
 * and allocate little; return {@link List#of()} for calls it does not know.
 *
 * <p>The design draft had {@code Optional<ResourceMatch>}; a list is used because one call can
 * touch several resources ({@code TerminateInstances} with three instance ids, {@code RunInstances}
 * launching two), and each becomes its own drift event.
 *
 * <pre>{@code
 * public List<ResourceMatch> map(AuditEvent event) {
 *   if (!event.action().equals("UpdateService")) return List.of();
 *   String arn = (String) event.request().get("serviceArn");
 *   Object cpu = event.request().get("cpu");
 *   Map<String, AttributeChange> changes =
 *       cpu == null ? Map.of() : Map.of("cpu", AttributeChange.set(cpu));
 *   return List.of(new ResourceMatch("aws_apprunner_service", List.of(arn), ChangeKind.UPDATE,
 *       changes));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ResourceMapper {

  /**
   * Maps a call to the resources it touched.
   *
   * @param event a successful, mutating call
   * @return the resources, empty if this mapper does not know the call
   */
  List<ResourceMatch> map(AuditEvent event);

  /**
   * Which mapper wins when several know the same call: the engine asks mappers from the highest
   * priority down and takes the first non-empty answer. Built-in mappers have priority 0, so a
   * plugin with a positive priority overrides them.
   *
   * @return the priority
   */
  default int priority() {
    return 0;
  }
}
