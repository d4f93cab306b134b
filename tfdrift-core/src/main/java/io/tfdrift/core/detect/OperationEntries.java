package io.tfdrift.core.detect;

import io.tfdrift.api.AuditEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which entry of a GCP long-running operation carries the change: the first ({@code
 * gcp.operation.first}) for most calls, the last for the calls of {@code operation-last-entry.txt}
 * (API Keys' {@code CreateKey} names the new key only in its last entry). The other entry is a
 * continuation, never drift, so that one change gives one finding. Loaded once; lookups allocate
 * nothing.
 */
public final class OperationEntries {
  private static final String FIRST = "gcp.operation.first";
  private static final String LAST = "gcp.operation.last";
  private static final Map<String, Set<String>> LAST_ENTRY_CALLS = load();

  private OperationEntries() {}

  /**
   * Whether an entry is the entry of its operation that does not carry the change.
   *
   * @param event the audit event
   * @return {@code true} for a last entry (a first one for the listed calls) of a GCP operation
   *     that logged both
   */
  public static boolean isContinuation(AuditEvent event) {
    Map<String, String> a = event.attributes();
    boolean first = "true".equals(a.get(FIRST));
    boolean last = "true".equals(a.get(LAST));
    if (first == last) {
      return false;
    }
    Set<String> calls = LAST_ENTRY_CALLS.get(event.service());
    boolean changeInLast = calls != null && calls.contains(event.action());
    return changeInLast ? first : last;
  }

  /**
   * The calls whose last entry carries the change, by service.
   *
   * @return {@code serviceName → methodNames}
   */
  public static Map<String, Set<String>> lastEntryCalls() {
    return LAST_ENTRY_CALLS;
  }

  private static Map<String, Set<String>> load() {
    Map<String, Set<String>> out = new HashMap<>();
    for (String[] row :
        DataRows.read(
            "io/tfdrift/core/detect/operation-last-entry.txt", 2, "<serviceName> <methodName>")) {
      out.computeIfAbsent(row[0], s -> new HashSet<>()).add(row[1]);
    }
    Map<String, Set<String>> frozen = new HashMap<>();
    out.forEach((service, calls) -> frozen.put(service, Set.copyOf(calls)));
    return Map.copyOf(frozen);
  }
}
