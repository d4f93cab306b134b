package io.tfdrift.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server of the tests: {@code TFDRIFT_TEST_POSTGRES_URL}, which {@code .ci/run} sets
 * after starting one with {@code .ci/postgres}. Each test gets a schema of its own, so that several
 * builds can share one server. Without the variable the tests fail, saying how to start one: they
 * never skip. The server's JDBC driver must be on the test classpath.
 *
 * <pre>{@code
 * String url = TestPostgres.newSchema();   // jdbc:postgresql://...?currentSchema=t_...
 * try (DriftStore store = open(url)) { ... } finally { TestPostgres.dropSchema(url); }
 * }</pre>
 */
public final class TestPostgres {
  private TestPostgres() {}

  /**
   * The server's URL.
   *
   * @return {@code TFDRIFT_TEST_POSTGRES_URL}
   * @throws IllegalStateException if it is not set, saying how to start a server
   */
  public static String url() {
    String url = System.getenv("TFDRIFT_TEST_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(
          "TFDRIFT_TEST_POSTGRES_URL is not set: start a PostgreSQL for the tests with"
              + " `export TFDRIFT_TEST_POSTGRES_URL=\"$(.ci/postgres)\"` (or run .ci/run)");
    }
    return url;
  }

  /**
   * A new empty schema.
   *
   * @return a URL whose connections use it
   * @throws SQLException if the server cannot be reached
   */
  public static String newSchema() throws SQLException {
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(url());
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    return url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /**
   * Drops a schema made by {@link #newSchema()}, with everything in it.
   *
   * @param schemaUrl the URL {@link #newSchema()} returned
   * @throws SQLException if the server cannot be reached
   */
  public static void dropSchema(String schemaUrl) throws SQLException {
    String schema = schemaUrl.substring(schemaUrl.indexOf("currentSchema=") + 14);
    try (Connection c = DriverManager.getConnection(url());
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
