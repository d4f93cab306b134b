package io.tfdrift.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.DriftChange;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.testkit.TestConfigs;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a store: schema migrations, and the errors a user sees for a wrong setting. */
class JdbcStoreOpeningTest {
  @TempDir Path dir;

  private DriftStore sqlite(Path file) {
    return new SqliteDriftStoreProvider()
        .create(TestConfigs.of("store", Map.of("path", file.toString())));
  }

  private static void put(DriftStore store, String key) throws Exception {
    Instant t = Instant.parse("2026-11-23T09:00:00Z");
    DriftRecord r =
        DriftRecord.builder()
            .key(DriftKey.of(key))
            .kind(DriftKind.DELETED)
            .severity(Severity.HIGH)
            .firstSeen(t)
            .lastSeen(t)
            .build();
    store.apply(r.key(), c -> Optional.of(new DriftChange(r, Optional.empty(), List.of())));
  }

  @Test
  void reopeningAStoreKeepsItsDriftsAndMigratesNothing() throws Exception {
    Path file = dir.resolve("drift.db");
    try (DriftStore store = sqlite(file)) {
      put(store, "kept");
    }
    try (DriftStore store = sqlite(file)) {
      assertThat(store.find(DriftKey.of("kept"))).isPresent();
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT COUNT(*) FROM tfdrift_schema")) {
      rs.next();
      assertThat(rs.getInt(1)).as("V1 and V2, each applied once").isEqualTo(2);
    }
  }

  @Test
  void aReleasedScriptThatWasEditedFailsTheStart() throws Exception {
    Path file = dir.resolve("drift.db");
    sqlite(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = c.createStatement()) {
      st.execute("UPDATE tfdrift_schema SET checksum = 42 WHERE version = 1");
    }
    assertThatThrownBy(() -> sqlite(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.path")
        .hasMessageContaining("V1__drift_inventory.sql was changed after it was applied");
  }

  @Test
  void aMissingDirectoryNamesTheKeyAndTheFix() {
    assertThatThrownBy(() -> sqlite(dir.resolve("nope/drift.db")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.path")
        .hasMessageContaining("does not exist");
  }

  @Test
  void aUrlThatIsNotJdbcPostgresqlIsRejected() {
    assertThatThrownBy(
            () ->
                new PostgresDriftStoreProvider()
                    .create(
                        TestConfigs.of("store", Map.of("url", "postgres://db/x?password=hunter2"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.url")
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anUnreachableServerSaysSoAtStartUp() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/tfdrift";
    assertThatThrownBy(
            () ->
                new PostgresDriftStoreProvider()
                    .create(TestConfigs.of("store", Map.of("url", url, "connect_timeout", "2s"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.url")
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("reachable");
  }

  @Test
  void aRefusedLoginNamesTheKeysToCheck() {
    var refused = new java.sql.SQLException("password authentication failed", "28P01");
    assertThat(Hints.of(Dialect.POSTGRES, refused)).contains("store.user and store.password");
  }

  @Test
  void theLocationNeverShowsTheUrlsQuery() {
    assertThat(PostgresDriftStoreProvider.redact("jdbc:postgresql://db:5432/x?password=hunter2"))
        .isEqualTo("jdbc:postgresql://db:5432/x?…");
  }

  @Test
  void scriptsSplitIntoStatementsAtLineEndingSemicolons() {
    assertThat(
            SchemaMigrations.statements(
                "-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n ON a (x)");
  }

  @Test
  void likePatternsEscapeTheirWildcards() {
    assertThat(Where.escapeLike("100%_a\\b")).isEqualTo("100\\%\\_a\\\\b");
  }
}
