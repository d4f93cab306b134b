package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.ResourceMatch;
import java.util.List;
import java.util.Map;

/**
 * The mapping tables of one provider: its rows ({@link TableDocuments}, each parsed by {@link
 * TableRowParser}), looked up by call name ({@link CallIndex}) and listed as a catalogue ({@link
 * MappedCall}).
 */
public final class MappingTable {
  private final String provider;
  private final List<EventMapping> rows;
  private final CallIndex index;
  private final List<MappedCall> calls;

  private MappingTable(String provider, List<EventMapping> rows) {
    this.provider = provider;
    this.rows = List.copyOf(rows);
    this.index = new CallIndex(this.rows);
    this.calls = this.rows.stream().map(MappedCall::of).toList();
  }

  /**
   * Loads the built-in tables of a provider: every file listed in {@code
   * io/tfdrift/core/mapping/<provider>/catalog.txt}.
   *
   * @param provider {@code aws} or {@code gcp}
   * @return the table
   * @throws ConfigException listing every problem in the tables, with file and key path
   */
  public static MappingTable builtIn(String provider) {
    List<String> files = TableResources.files(provider);
    return fromDocuments(provider, files, TableResources.documents(files));
  }

  /**
   * Builds a table from parsed YAML documents (one per service), validating every row.
   *
   * @param provider the provider the documents must declare
   * @param names the document names, for messages
   * @param docs the documents
   * @return the table
   * @throws ConfigException listing every problem, with document name and key path
   */
  public static MappingTable fromDocuments(
      String provider, List<String> names, List<Map<String, Object>> docs) {
    return new MappingTable(provider, TableDocuments.rows(provider, names, docs));
  }

  /** Maps a call to the resources it touched, adding them to {@code out}. */
  void map(AuditEvent event, List<ResourceMatch> out) {
    EventMapping row = index.row(event);
    if (row != null) {
      row.map(event, out);
    }
  }

  /**
   * Whether a row of this table maps the call (by name, service and request shape).
   *
   * @param event the call
   * @return whether a row takes it
   */
  public boolean maps(AuditEvent event) {
    return index.row(event) != null;
  }

  /** The row for a call, or {@code null}. */
  EventMapping row(AuditEvent event) {
    return index.row(event);
  }

  /**
   * The provider of this table.
   *
   * @return {@code aws} or {@code gcp}
   */
  public String provider() {
    return provider;
  }

  /** The rows in table order, for tests in this package. */
  List<EventMapping> rows() {
    return rows;
  }

  /**
   * Every row, for {@code tfdrift mappings} and docs.
   *
   * @return the rows in table order
   */
  public List<MappedCall> calls() {
    return calls;
  }
}
