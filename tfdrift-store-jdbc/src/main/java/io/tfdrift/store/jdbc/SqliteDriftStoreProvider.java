package io.tfdrift.store.jdbc;

import com.google.auto.service.AutoService;
import com.zaxxer.hikari.HikariConfig;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.api.spi.DriftStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@code store.type: sqlite}: the inventory in one file ({@code store.path}, default {@value
 * #DEFAULT_PATH} under the working directory, whose directory is created), for one tfdrift process.
 * Writes take the file's lock ({@code BEGIN IMMEDIATE}, write-ahead log), waiting up to {@code
 * store.busy_timeout} for another writer.
 */
@AutoService(DriftStoreProvider.class)
public final class SqliteDriftStoreProvider implements DriftStoreProvider {

  /** The default {@code store.path}. */
  static final String DEFAULT_PATH = "tfdrift-data/drifts.db";

  /** Creates the provider; ServiceLoader calls this. */
  public SqliteDriftStoreProvider() {}

  @Override
  public String type() {
    return "sqlite";
  }

  @Override
  public DriftStore create(ComponentConfig config) {
    Optional<String> configured = config.optionalString("path");
    Path path = Path.of(configured.orElse(DEFAULT_PATH));
    Duration busy = config.duration("busy_timeout", Duration.ofSeconds(5));
    Path dir = path.toAbsolutePath().getParent();
    if (configured.isEmpty() && dir != null) {
      try {
        Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw config.invalid(
            "path",
            "the default "
                + DEFAULT_PATH
                + " cannot be created here ("
                + e.getMessage()
                + "); set store.path to a writable file");
      }
    }
    if (dir != null && !Files.isDirectory(dir)) {
      throw config.invalid(
          "path", "directory " + dir + " does not exist; create it or point store.path elsewhere");
    }
    SQLiteConfig sqlite = new SQLiteConfig();
    sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
    sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busy.toMillis()));
    SQLiteDataSource source = new SQLiteDataSource(sqlite);
    source.setUrl("jdbc:sqlite:" + path);
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(source);
    pool.setMaximumPoolSize(config.integer("pool_size", 4));
    return JdbcStores.open(
        Dialect.SQLITE, pool, "sqlite:" + path, config.path() + ".path", Clock.systemUTC());
  }
}
