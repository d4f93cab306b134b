package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a table by call name. Lookup is one hash probe, a second only when the exact name
 * misses and {@link CallNames#normalise} drops a date or version; an unknown call allocates
 * nothing. When a service logs one call name for different resources, the row whose request shape
 * the call has is chosen.
 */
final class CallIndex {
  private final Map<String, EventMapping[]> byAction;

  CallIndex(List<EventMapping> rows) {
    Map<String, List<EventMapping>> grouped = new HashMap<>();
    for (EventMapping row : rows) {
      grouped.computeIfAbsent(row.action(), a -> new ArrayList<>()).add(row);
    }
    Map<String, EventMapping[]> index = new HashMap<>();
    grouped.forEach((action, list) -> index.put(action, list.toArray(EventMapping[]::new)));
    this.byAction = index;
  }

  /** The row for a call, or {@code null}. */
  EventMapping row(AuditEvent event) {
    EventMapping[] candidates = byAction.get(event.action());
    if (candidates == null) {
      String normalised = CallNames.normalise(event.action());
      candidates = normalised == event.action() ? null : byAction.get(normalised);
      if (candidates == null) {
        return null;
      }
    }
    return choose(candidates, event);
  }

  private static EventMapping choose(EventMapping[] candidates, AuditEvent event) {
    String service = event.service();
    if (service.isEmpty()) {
      return candidates.length == 1 && candidates[0].appliesTo(event) ? candidates[0] : null;
    }
    for (EventMapping row : candidates) {
      if (row.service().equals(service) && row.appliesTo(event)) {
        return row;
      }
    }
    return null;
  }
}
