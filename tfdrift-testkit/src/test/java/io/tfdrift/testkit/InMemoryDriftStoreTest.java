package io.tfdrift.testkit;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.api.spi.DriftStoreProvider;

class InMemoryDriftStoreTest extends DriftStoreContractTest {

  @Override
  protected DriftStore newEmptyStore() {
    return new InMemoryDriftStore();
  }

  @Override
  protected DriftStoreProvider provider() {
    return new DriftStoreProvider() {
      @Override
      public String type() {
        return "memory";
      }

      @Override
      public DriftStore create(ComponentConfig config) {
        return new InMemoryDriftStore();
      }
    };
  }

  @Override
  void isFoundByServiceLoaderUnderItsType() {
    // The in-memory store is made directly by tests, never found by ServiceLoader.
  }
}
