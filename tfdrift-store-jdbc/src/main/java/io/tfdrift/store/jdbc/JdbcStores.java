package io.tfdrift.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.DriftStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/** Opens a pooled store: connects, migrates the schema, and closes the pool if either fails. */
final class JdbcStores {
  private JdbcStores() {}

  static DriftStore open(
      Dialect dialect, HikariConfig pool, String location, String keyPath, Clock clock) {
    pool.setPoolName("tfdrift-store");
    pool.setInitializationFailTimeout(-1);
    HikariDataSource dataSource = new HikariDataSource(pool);
    try (Connection c = dataSource.getConnection()) {
      new SchemaMigrations(dialect, clock).migrate(c);
    } catch (SQLException | RuntimeException e) {
      dataSource.close();
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof SQLException sql) {
        message += Hints.of(dialect, sql);
      }
      throw new ConfigException(
          keyPath, "cannot open the drift store " + location + ": " + message);
    }
    return new JdbcDriftStore(dataSource, dialect, location, dataSource, clock);
  }
}
