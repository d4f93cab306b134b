package io.tfdrift.core.plugin;

import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.spi.StateView;
import io.tfdrift.core.state.StateStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The read-only state a plugin sees: every call reads the store's current index, so the view is
 * always current and never exposes the store itself. Attributes the state marks sensitive are
 * masked as {@code "(sensitive)"}: secrets do not leave the engine, not even to plugins.
 */
final class LiveStateView implements StateView {
  private final StateStore store;

  LiveStateView(StateStore store) {
    this.store = store;
  }

  @Override
  public Optional<ManagedResource> find(String type, String identifier) {
    return store.index().find(type, identifier).map(LiveStateView::masked);
  }

  static ManagedResource masked(ManagedResource r) {
    if (r.sensitive().isEmpty()) {
      return r;
    }
    Map<String, Object> attributes = new HashMap<>(r.attributes());
    for (String name : r.sensitive()) {
      attributes.computeIfPresent(name, (k, v) -> DriftEvent.Change.SENSITIVE);
    }
    return new ManagedResource(
        r.state(), r.address(), r.module(), r.type(), r.name(), r.id(), attributes, r.sensitive());
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
