package io.tfdrift.core.mapping;

import io.tfdrift.api.ConfigException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a provider's table documents (one per service): each document declares the provider
 * and the service, and rows sharing a call name within a service must each name a distinct request
 * shape. Every problem of every document is collected before failing.
 */
final class TableDocuments {
  private TableDocuments() {}

  /**
   * The rows of the documents, in document order.
   *
   * @throws ConfigException listing every problem, with document name and key path
   */
  static List<EventMapping> rows(
      String provider, List<String> names, List<Map<String, Object>> docs) {
    List<EventMapping> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, List<EventMapping>> seen = new HashMap<>();
    for (int i = 0; i < docs.size(); i++) {
      String name = names.get(i);
      TableNode doc = new TableNode(name, docs.get(i));
      try {
        String declared = doc.string("provider");
        if (!declared.equals(provider)) {
          problems.add(
              name + ".provider: '" + declared + "' but this is the " + provider + " table");
        }
        String service = doc.string("service");
        TableNode events = doc.child("events");
        for (String key : events.keys()) {
          try {
            EventMapping row =
                TableRowParser.parse(provider, service, key, events.section(key), name);
            List<EventMapping> same =
                seen.computeIfAbsent(service + " " + row.action(), k -> new ArrayList<>());
            String clash = clash(row, same);
            if (clash != null) {
              problems.add(name + ".events." + key + ": " + clash);
            } else {
              same.add(row);
              rows.add(row);
            }
          } catch (ConfigException e) {
            problems.addAll(e.problems());
          }
        }
        problems.addAll(doc.unknownKeys());
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return rows;
  }

  /**
   * Why a row cannot join the rows already mapping its call in its service, or {@code null}: rows
   * sharing a call must each name the shape of call they take, and no two the same shape.
   */
  private static String clash(EventMapping row, List<EventMapping> same) {
    if (same.isEmpty()) {
      return null;
    }
    boolean shaped = row.shape() != null && same.stream().allMatch(r -> r.shape() != null);
    if (!shaped) {
      return "also mapped in "
          + same.get(0).source()
          + " as "
          + same.get(0).key()
          + "; rows sharing a call need a when: each (the request shape that picks the row)";
    }
    for (EventMapping other : same) {
      if (other.shape().equals(row.shape())) {
        return "has the same when: ("
            + row.shape()
            + ") as "
            + other.key()
            + " in "
            + other.source();
      }
    }
    return null;
  }
}
