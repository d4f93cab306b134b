package io.tfdrift.core.plugin;

import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.spi.StateView;
import io.tfdrift.core.state.StateStore;
import java.util.Optional;
import java.util.Set;

/**
 * The read-only state a plugin sees: every call reads the store's current index, so the view is
 * always current and never exposes the store itself.
 */
final class LiveStateView implements StateView {
  private final StateStore store;

  LiveStateView(StateStore store) {
    this.store = store;
  }

  @Override
  public Optional<ManagedResource> find(String type, String identifier) {
    return store.index().find(type, identifier);
  }

  @Override
  public Set<String> states() {
    return store.index().states();
  }

  @Override
  public int size() {
    return store.index().size();
  }

  @Override
  public String toString() {
    return "StateView[" + size() + " resources in " + states() + "]";
  }
}
