package io.tfdrift.store.jdbc;

import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.api.spi.DriftStoreProvider;
import io.tfdrift.testkit.DriftStoreContractTest;
import io.tfdrift.testkit.TestConfigs;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

class SqliteDriftStoreTest extends DriftStoreContractTest {
  @TempDir Path dir;

  @Override
  protected DriftStore newEmptyStore() {
    return provider()
        .create(TestConfigs.of("store", Map.of("path", dir.resolve("drift.db").toString())));
  }

  @Override
  protected DriftStoreProvider provider() {
    return new SqliteDriftStoreProvider();
  }
}
