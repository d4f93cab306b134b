package io.tfdrift.core.mapping;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.ResourceMatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DNS record sets a Cloud DNS change ({@code dns.changes.create}) replaces, one resource each:
 * the change lists {@code additions} and {@code deletions} of record sets ({@code {name, type, ttl,
 * rrdata}}), and a record set both deleted and added under one name and type was modified (its
 * {@code ttl} and {@code rrdatas}), one only added was created and one only deleted was deleted.
 * Each is a {@code google_dns_record_set} with the id {@code <zone id>/rrsets/<name>/<type>}: the
 * row's {@code ids} template gives {@code <zone id>/rrsets}.
 *
 * <p>Written in a table as {@code record_sets: request.change}.
 */
final class RecordSetChanges {
  private final ValuePath change;

  RecordSetChanges(ValuePath change) {
    this.change = change;
  }

  /** Adds one match per record set the change replaces to {@code out}. */
  void map(AuditEvent event, String type, IdTemplate collection, List<ResourceMatch> out) {
    if (!(change.first(event) instanceof Map<?, ?> body)) {
      return;
    }
    String[] prefix = new String[1];
    collection.forEach(
        event,
        id -> {
          if (prefix[0] == null) {
            prefix[0] = id;
          }
        });
    if (prefix[0] == null) {
      return;
    }
    Map<String, Map<?, ?>> added = byKey(body.get("additions"));
    Map<String, Map<?, ?>> deleted = byKey(body.get("deletions"));
    added.forEach(
        (key, set) -> {
          boolean replaced = deleted.containsKey(key);
          out.add(
              new ResourceMatch(
                  type,
                  List.of(prefix[0] + "/" + key),
                  replaced ? ChangeKind.UPDATE : ChangeKind.CREATE,
                  values(set, !replaced)));
        });
    deleted.forEach(
        (key, set) -> {
          if (!added.containsKey(key)) {
            out.add(
                new ResourceMatch(
                    type, List.of(prefix[0] + "/" + key), ChangeKind.DELETE, Map.of()));
          }
        });
  }

  /** The record sets of a list by {@code <name>/<type>}, in their order; malformed ones skipped. */
  private static Map<String, Map<?, ?>> byKey(Object list) {
    Map<String, Map<?, ?>> out = new LinkedHashMap<>();
    if (list instanceof List<?> sets) {
      for (Object item : sets) {
        if (item instanceof Map<?, ?> set
            && set.get("name") instanceof String name
            && !name.isEmpty()
            && set.get("type") instanceof String type
            && !type.isEmpty()) {
          out.putIfAbsent(name + "/" + type, set);
        }
      }
    }
    return out;
  }

  /** The attributes a record set carries, as the provider names them; only those logged. */
  private static Map<String, AttributeChange> values(Map<?, ?> set, boolean created) {
    Map<String, AttributeChange> values = new LinkedHashMap<>();
    if (created) {
      values.put("name", AttributeChange.set(set.get("name")));
      values.put("type", AttributeChange.set(set.get("type")));
    }
    Object ttl = Extractors.integer(set.get("ttl"));
    if (ttl != null) {
      values.put("ttl", AttributeChange.set(ttl));
    }
    if (set.get("rrdata") instanceof List<?> rrdata) {
      values.put("rrdatas", AttributeChange.set(List.copyOf(rrdata)));
    }
    return Map.copyOf(values);
  }

  @Override
  public String toString() {
    return "<name>/<type> of each record set in " + change + ".additions and .deletions";
  }
}
