package io.tfdrift.api.inventory;

import java.util.List;

/**
 * One page of a query's results.
 *
 * @param items the drifts on this page, in the query's order
 * @param total how many drifts match the query on all pages
 * @since 0.1.0
 */
public record DriftPage(List<DriftRecord> items, long total) {

  /** A page. */
  public DriftPage {
    items = List.copyOf(items);
    if (total < items.size()) {
      throw new IllegalArgumentException("total " + total + " < items " + items.size());
    }
  }
}
