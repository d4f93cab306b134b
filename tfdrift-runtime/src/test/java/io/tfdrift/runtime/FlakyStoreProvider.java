package io.tfdrift.runtime;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.api.spi.DriftStoreProvider;
import io.tfdrift.testkit.InMemoryDriftStore;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code store.type: flaky} for tests: an in-memory store whose writes fail while {@link #DOWN} is
 * set, as a database that went away would. Registered in this module's test resources.
 */
public final class FlakyStoreProvider implements DriftStoreProvider {
  /** While set, every write fails. */
  static final AtomicBoolean DOWN = new AtomicBoolean();

  /** Creates the provider; ServiceLoader calls this. */
  public FlakyStoreProvider() {}

  @Override
  public String type() {
    return "flaky";
  }

  @Override
  public DriftStore create(ComponentConfig config) {
    return new InMemoryDriftStore() {
      @Override
      public synchronized List<Result> applyAll(List<Update> updates) throws StoreException {
        if (DOWN.get()) {
          throw new StoreException("connection refused (flaky store is down)", null);
        }
        return super.applyAll(updates);
      }

      @Override
      public String location() {
        return "flaky://test";
      }
    };
  }
}
