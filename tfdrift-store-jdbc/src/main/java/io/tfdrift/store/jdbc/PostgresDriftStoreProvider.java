package io.tfdrift.store.jdbc;

import com.google.auto.service.AutoService;
import com.zaxxer.hikari.HikariConfig;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.api.spi.DriftStoreProvider;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code store.type: postgres}: the inventory in PostgreSQL, shared by every replica ({@code
 * store.url}, {@code store.user}, {@code store.password} as a secret, {@code store.pool_size}).
 */
@AutoService(DriftStoreProvider.class)
public final class PostgresDriftStoreProvider implements DriftStoreProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public PostgresDriftStoreProvider() {}

  @Override
  public String type() {
    return "postgres";
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public DriftStore create(ComponentConfig config) {
    String url = config.string("url");
    if (!url.startsWith("jdbc:postgresql://")) {
      throw config.invalid(
          "url",
          "must be a JDBC URL such as jdbc:postgresql://db:5432/tfdrift, got " + redact(url));
    }
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(url);
    config.optionalString("user").ifPresent(pool::setUsername);
    config.optionalSecret("password").ifPresent(p -> pool.setPassword(p.reveal()));
    pool.setMaximumPoolSize(config.integer("pool_size", 10));
    pool.setConnectionTimeout(
        config.duration("connect_timeout", Duration.ofSeconds(10)).toMillis());
    return JdbcStores.open(
        Dialect.POSTGRES, pool, redact(url), config.path() + ".url", Clock.systemUTC());
  }

  /** The URL without its query, which may hold a password. */
  static String redact(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }
}
