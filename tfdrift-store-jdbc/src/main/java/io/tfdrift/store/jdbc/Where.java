package io.tfdrift.store.jdbc;

import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.DriftQuery;
import io.tfdrift.api.inventory.DriftStatus;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/** The WHERE clause of a {@link DriftQuery} and its parameters, always bound, never inlined. */
record Where(String sql, List<String> parameters) {

  static Where of(DriftQuery q) {
    List<String> clauses = new ArrayList<>();
    List<String> params = new ArrayList<>();
    in(clauses, params, "status", q.statuses(), DriftStatus::label);
    in(clauses, params, "severity", q.severities(), Severity::label);
    in(clauses, params, "kind", q.kinds(), DriftKind::label);
    equal(clauses, params, "resource_type", q.resourceType());
    equal(clauses, params, "state_name", q.state());
    equal(clauses, params, "provider", q.provider());
    equal(clauses, params, "actor", q.actor());
    if (!q.text().isEmpty()) {
      String pattern = "%" + escapeLike(q.text().toLowerCase(Locale.ROOT)) + "%";
      List<String> any = new ArrayList<>();
      for (String column : List.of("address", "resource_id", "attribute", "actor")) {
        any.add("LOWER(" + column + ") LIKE ? ESCAPE '\\'");
        params.add(pattern);
      }
      clauses.add("(" + String.join(" OR ", any) + ")");
    }
    String sql = clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    return new Where(sql, List.copyOf(params));
  }

  /** Binds the parameters from index 1; returns the next free index. */
  int bind(PreparedStatement ps) throws SQLException {
    int i = 1;
    for (String p : parameters) {
      ps.setString(i++, p);
    }
    return i;
  }

  private static <T> void in(
      List<String> clauses,
      List<String> params,
      String column,
      Set<T> values,
      Function<T, String> label) {
    if (values.isEmpty()) {
      return;
    }
    List<String> marks = new ArrayList<>();
    values.stream()
        .map(label)
        .sorted()
        .forEach(
            v -> {
              marks.add("?");
              params.add(v);
            });
    clauses.add(column + " IN (" + String.join(", ", marks) + ")");
  }

  private static void equal(List<String> clauses, List<String> params, String column, String v) {
    if (!v.isEmpty()) {
      clauses.add(column + " = ?");
      params.add(v);
    }
  }

  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
