package io.tfdrift.store.jdbc;

import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.api.spi.DriftStoreProvider;
import io.tfdrift.testkit.DriftStoreContractTest;
import io.tfdrift.testkit.TestConfigs;
import io.tfdrift.testkit.TestPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

class PostgresDriftStoreTest extends DriftStoreContractTest {
  private String schemaUrl;

  @Override
  protected DriftStore newEmptyStore() throws Exception {
    schemaUrl = TestPostgres.newSchema();
    return provider().create(TestConfigs.of("store", Map.of("url", schemaUrl)));
  }

  @Override
  protected DriftStoreProvider provider() {
    return new PostgresDriftStoreProvider();
  }

  @AfterEach
  void dropSchema() throws Exception {
    TestPostgres.dropSchema(schemaUrl);
  }
}
