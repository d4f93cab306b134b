package io.tfdrift.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * The result of {@link StateBackend#fetch}: either {@link Changed} (the documents with their new
 * version) or {@link Unchanged} (nothing changed since the known version).
 *
 * <pre>{@code
 * if (etag.equals(knownVersion)) return StateFetch.unchanged(etag);
 * return StateFetch.changed(etag, List.of(new StateDocument("default", uri, bytes)));
 * }</pre>
 *
 * @since 0.1.0
 */
public sealed interface StateFetch permits StateFetch.Changed, StateFetch.Unchanged {

  /**
   * An opaque version of everything fetched (ETag, generation, a hash of several), handed back to
   * the next {@link StateBackend#fetch}.
   *
   * @return the version
   */
  String version();

  /**
   * New or changed documents.
   *
   * @param version the new version
   * @param documents the documents
   * @return the result
   */
  static Changed changed(String version, List<StateDocument> documents) {
    return new Changed(version, documents);
  }

  /**
   * Nothing changed.
   *
   * @param version the version, as before
   * @return the result
   */
  static Unchanged unchanged(String version) {
    return new Unchanged(version);
  }

  /**
   * The state changed (or is fetched for the first time).
   *
   * @param version the new version
   * @param documents the state documents, possibly empty (a prefix with no state files)
   * @since 0.1.0
   */
  record Changed(String version, List<StateDocument> documents) implements StateFetch {
    /** Validates the parts and copies the list. */
    public Changed {
      Objects.requireNonNull(version, "version");
      documents = List.copyOf(documents);
    }
  }

  /**
   * The state is unchanged since the known version.
   *
   * @param version the version, as before
   * @since 0.1.0
   */
  record Unchanged(String version) implements StateFetch {
    /** Validates the version. */
    public Unchanged {
      Objects.requireNonNull(version, "version");
    }
  }
}
