package io.tfdrift.core.mapping;

import io.tfdrift.api.ChangeKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One mapped call as {@code tfdrift mappings} and {@code docs/coverage.md} show it.
 *
 * @param provider {@code aws} or {@code gcp}
 * @param service the service
 * @param action the call
 * @param type the Terraform type; several joined by {@code |} when the call names resources of
 *     several types (by id prefix, or IAM members beside the policy)
 * @param change what it does
 * @param identifiers where the identifiers are
 * @param attributes each extracted attribute and where its value is
 * @param when the request shape the row takes when the service logs the call name for several
 *     resources (e.g. {@code request.apiId}); empty when it takes every call of the name
 * @param table the table file
 * @param outOfBand why the call deliberately stays {@code out_of_band} although its name implies a
 *     value ({@code out_of_band:} in the table); empty for other calls
 */
public record MappedCall(
    String provider,
    String service,
    String action,
    String type,
    ChangeKind change,
    List<String> identifiers,
    Map<String, String> attributes,
    String when,
    String table,
    String outOfBand) {

  /** Copies the collections. */
  public MappedCall {
    identifiers = List.copyOf(identifiers);
    attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** The catalogue entry of a row. */
  static MappedCall of(EventMapping row) {
    Map<String, String> attrs = new LinkedHashMap<>();
    row.attributes().forEach((name, rule) -> attrs.put(name, rule.description()));
    List<String> identifiers = new ArrayList<>();
    row.ids().forEach(id -> identifiers.add(id.toString()));
    String type =
        row.type().isEmpty()
            ? String.join("|", new TreeSet<>(row.typesByPrefix().values()))
            : row.type();
    if (row.attachment() != null) {
      identifiers.add(0, row.attachment().id() + " as " + row.attachment().type() + " if in state");
      type = row.attachment().type() + "|" + type;
    }
    if (row.recordSets() != null) {
      identifiers.set(0, identifiers.get(0) + "/" + row.recordSets());
      attrs.put("rrdatas", "rrdata of each record set added");
      attrs.put("ttl", "ttl of each record set added, as int");
    }
    if (row.members() != null) {
      identifiers.add(row.members().toString());
      type = type + "|" + row.members().type();
    }
    return new MappedCall(
        row.provider(),
        row.service(),
        row.action(),
        type,
        row.change(),
        identifiers,
        attrs,
        row.shape() == null ? "" : row.shape().toString(),
        row.source(),
        row.outOfBand());
  }
}
