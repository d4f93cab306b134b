package io.tfdrift.store.jdbc;

import java.sql.SQLException;

/** The fix to print beside a database error, from its SQL state. */
final class Hints {
  private Hints() {}

  static String of(Dialect dialect, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (dialect == Dialect.POSTGRES) {
      if (state.startsWith("08")) {
        return " (is PostgreSQL running and reachable at store.url? check host, port and"
            + " network policy)";
      }
      if (state.equals("28P01") || state.equals("28000")) {
        return " (check store.user and store.password)";
      }
      if (state.equals("3D000")) {
        return " (create the database named in store.url, or fix its name)";
      }
      if (state.equals("42501")) {
        return " (the user needs CREATE on the schema and SELECT/INSERT/UPDATE/DELETE on the"
            + " tfdrift tables)";
      }
      return "";
    }
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
      return " (another process holds the database file's lock; one SQLite file serves one"
          + " tfdrift process — use store.type: postgres for several replicas)";
    }
    if (message.contains("SQLITE_CANTOPEN") || message.contains("SQLITE_READONLY")) {
      return " (check that store.path's directory exists and is writable)";
    }
    return "";
  }
}
