package io.tfdrift.testkit;

import io.tfdrift.api.spi.StateFetch;

/**
 * Assertions on {@link StateFetch} results for state backend tests.
 *
 * <pre>{@code
 * assertThat(StateFetches.changed(backend.fetch("")).documents()).hasSize(1);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class StateFetches {
  private StateFetches() {}

  /**
   * The fetch as {@link StateFetch.Changed}, failing the test if nothing changed.
   *
   * @param fetch what a backend returned
   * @return the changed result, with its documents
   * @throws AssertionError if the fetch is {@link StateFetch.Unchanged}
   */
  public static StateFetch.Changed changed(StateFetch fetch) {
    if (fetch instanceof StateFetch.Changed changed) {
      return changed;
    }
    throw new AssertionError(
        "expected the state to have changed, but the backend answered unchanged at version "
            + fetch.version());
  }
}
