package io.tfdrift.core.mapping;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.api.spi.ResourceMapper;
import java.util.List;

/** A {@link ResourceMapper} backed by one provider's {@link MappingTable}. */
final class TableResourceMapper implements ResourceMapper {
  private final MappingTable table;

  TableResourceMapper(MappingTable table) {
    this.table = table;
  }

  @Override
  public List<ResourceMatch> map(AuditEvent event) {
    if (!event.provider().equals(table.provider())) {
      return List.of();
    }
    EventMapping row = table.row(event);
    if (row == null) {
      return List.of();
    }
    return row.map(event);
  }

  @Override
  public String toString() {
    return "TableResourceMapper[" + table.provider() + ", " + table.calls().size() + " calls]";
  }
}
