package io.tfdrift.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@link StateBackend#fetch}: either the documents with their version, or the news
 * that nothing changed.
 *
 * @param version an opaque version of everything fetched (ETag, generation, a hash of several)
 * @param documents the state documents; empty when {@code unchanged}
 * @param unchanged whether the state is unchanged since the known version
 * @since 0.1.0
 */
public record StateFetch(String version, List<StateDocument> documents, boolean unchanged) {

  /** Validates the parts and copies the list. */
  public StateFetch {
    Objects.requireNonNull(version, "version");
    documents = List.copyOf(documents);
  }

  /**
   * Nothing changed.
   *
   * @param version the version, as before
   * @return the result
   */
  public static StateFetch unchanged(String version) {
    return new StateFetch(version, List.of(), true);
  }

  /**
   * New or changed documents.
   *
   * @param version the new version
   * @param documents the documents
   * @return the result
   */
  public static StateFetch of(String version, List<StateDocument> documents) {
    return new StateFetch(version, documents, false);
  }
}
