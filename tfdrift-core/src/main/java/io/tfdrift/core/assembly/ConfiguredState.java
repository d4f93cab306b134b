package io.tfdrift.core.assembly;

import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.core.config.StateSettings;
import java.util.Objects;

/**
 * A configured state and the backend that fetches it.
 *
 * @param settings its settings
 * @param backend its backend
 */
public record ConfiguredState(StateSettings settings, StateBackend backend) {
  /** Validates that no part is {@code null}. */
  public ConfiguredState {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(backend, "backend");
  }
}
