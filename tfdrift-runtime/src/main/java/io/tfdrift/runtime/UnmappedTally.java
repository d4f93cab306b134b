package io.tfdrift.runtime;

import io.tfdrift.api.AuditEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutating calls of a log archive that no mapping table maps, by (provider, service, call),
 * most frequent first: what {@code tfdrift replay} summarises and {@code tfdrift mappings --check}
 * lists, so that a user sees the coverage of their own logs.
 */
final class UnmappedTally {
  /** One unmapped call and how often it occurred. */
  record Call(String provider, String service, String action, long count) {}

  private final Map<List<String>, long[]> counts = new HashMap<>();
  private long total;

  void add(AuditEvent event) {
    counts
        .computeIfAbsent(
            List.of(event.provider(), event.service(), event.action()), k -> new long[1])[0]++;
    total++;
  }

  long total() {
    return total;
  }

  /** Every unmapped call, most frequent first, then by provider, service and name. */
  List<Call> calls() {
    List<Call> out = new ArrayList<>(counts.size());
    counts.forEach((k, n) -> out.add(new Call(k.get(0), k.get(1), k.get(2), n[0])));
    out.sort(
        Comparator.comparingLong(Call::count)
            .reversed()
            .thenComparing(Call::provider)
            .thenComparing(Call::service)
            .thenComparing(Call::action));
    return out;
  }

  /**
   * One line for the end of {@code replay}: {@code not mapped: 14 mutating calls — iam CreateX ×3,
   * …}, the ten most frequent named; empty when every call was mapped.
   */
  String summary() {
    if (total == 0) {
      return "";
    }
    List<Call> calls = calls();
    StringBuilder s =
        new StringBuilder("not mapped: ")
            .append(total)
            .append(total == 1 ? " mutating call — " : " mutating calls — ");
    for (int i = 0; i < Math.min(10, calls.size()); i++) {
      Call c = calls.get(i);
      s.append(i == 0 ? "" : ", ").append(c.service()).append(' ').append(c.action());
      s.append(" ×").append(c.count());
    }
    if (calls.size() > 10) {
      s.append(", and ")
          .append(calls.size() - 10)
          .append(" more (tfdrift mappings --check lists all)");
    }
    return s.toString();
  }

  /** The JSON document of {@code mappings --check --format json}. */
  Map<String, Object> json(long mutating) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("mutating_calls", mutating);
    doc.put("unmapped_calls", total);
    List<Map<String, Object>> calls = new ArrayList<>();
    for (Call c : calls()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("provider", c.provider());
      m.put("service", c.service());
      m.put("action", c.action());
      m.put("count", c.count());
      calls.add(m);
    }
    doc.put("unmapped", calls);
    return doc;
  }
}
