package io.tfdrift.core.assembly;

import io.tfdrift.api.spi.EventSource;
import java.util.Objects;

/**
 * A configured event source, not started.
 *
 * @param name what tags the events it hands over: its {@code sources[].type}, or the name of the
 *     top-level section that configured it (e.g. {@code falco})
 * @param source the source
 */
public record ConfiguredSource(String name, EventSource source) {
  /** Validates that no part is {@code null}. */
  public ConfiguredSource {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
  }
}
