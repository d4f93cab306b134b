package io.tfdrift.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database's schema up to date with the versioned scripts of its dialect ({@code
 * V<n>__<what>.sql}, listed in {@code migrations.txt}), each in its own transaction, recording each
 * in {@code tfdrift_schema} with a checksum. A script already applied whose text changed fails the
 * start: released scripts are never edited, a change is a new script. Replicas starting together
 * take turns (a PostgreSQL advisory lock; SQLite's write lock).
 */
final class SchemaMigrations {
  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);
  private static final long ADVISORY_LOCK = 0x7466647269667400L; // "tfdrift\0"

  private final Dialect dialect;
  private final Clock clock;

  SchemaMigrations(Dialect dialect, Clock clock) {
    this.dialect = dialect;
    this.clock = clock;
  }

  record Script(int version, String name, String sql, long checksum) {}

  /**
   * Applies the scripts not yet applied.
   *
   * @return the versions applied now, possibly none
   */
  List<Integer> migrate(Connection connection) throws SQLException {
    List<Script> scripts = scripts();
    List<Integer> applied = new ArrayList<>();
    connection.setAutoCommit(false);
    try {
      for (Script script : scripts) {
        if (apply(connection, script)) {
          applied.add(script.version());
        }
      }
    } finally {
      connection.setAutoCommit(true);
    }
    return applied;
  }

  private boolean apply(Connection connection, Script script) throws SQLException {
    try (Statement st = connection.createStatement()) {
      if (dialect == Dialect.POSTGRES) {
        st.execute("SELECT pg_advisory_xact_lock(" + ADVISORY_LOCK + ")");
      }
      st.execute(
          "CREATE TABLE IF NOT EXISTS tfdrift_schema (version INTEGER PRIMARY KEY,"
              + " name TEXT NOT NULL, checksum BIGINT NOT NULL, applied_at BIGINT NOT NULL)");
      Map<Integer, Long> done = appliedChecksums(connection);
      Long known = done.get(script.version());
      if (known != null) {
        connection.commit();
        if (known != script.checksum()) {
          throw new SQLException(
              "schema script "
                  + script.name()
                  + " was changed after it was applied to this database (checksum "
                  + known
                  + " recorded, "
                  + script.checksum()
                  + " now); restore the released script and add the change as a new script");
        }
        return false;
      }
      for (String statement : statements(script.sql())) {
        st.execute(statement);
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO tfdrift_schema (version, name, checksum, applied_at)"
                  + " VALUES (?, ?, ?, ?)")) {
        insert.setInt(1, script.version());
        insert.setString(2, script.name());
        insert.setLong(3, script.checksum());
        insert.setLong(4, clock.millis());
        insert.executeUpdate();
      }
      connection.commit();
      log.info("Applied drift store schema script {}", script.name());
      return true;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private static Map<Integer, Long> appliedChecksums(Connection connection) throws SQLException {
    Map<Integer, Long> done = new HashMap<>();
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT version, checksum FROM tfdrift_schema")) {
      while (rs.next()) {
        done.put(rs.getInt(1), rs.getLong(2));
      }
    }
    return done;
  }

  List<Script> scripts() {
    List<Script> scripts = new ArrayList<>();
    for (String name : read("migrations.txt").strip().split("\\R")) {
      String file = name.strip();
      if (file.isEmpty()) {
        continue;
      }
      int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
      String sql = read(file);
      CRC32 crc = new CRC32();
      crc.update(sql.getBytes(StandardCharsets.UTF_8));
      scripts.add(new Script(version, file, sql, crc.getValue()));
    }
    return scripts;
  }

  /** Splits a script at semicolons that end a line; comments are dropped. */
  static List<String> statements(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private String read(String file) {
    String resource = dialect.folder + "/" + file;
    try (InputStream in = SchemaMigrations.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read schema resource " + resource, e);
    }
  }
}
