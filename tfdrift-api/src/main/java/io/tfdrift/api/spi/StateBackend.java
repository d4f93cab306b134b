package io.tfdrift.api.spi;

import io.tfdrift.api.StateException;

/**
 * Fetches Terraform state documents from one place. The core parses and indexes them, refreshes on
 * an interval and keeps the last good index when a fetch fails.
 *
 * <p>Fetches are conditional: the core passes the version the previous fetch returned and a backend
 * answers {@link StateFetch#unchanged(String)} cheaply when nothing changed (an S3 ETag {@code
 * If-None-Match}, a GCS generation, a file's size and modification time).
 *
 * <pre>{@code
 * public StateFetch fetch(String knownVersion) throws StateException {
 *   String etag = head(url);
 *   if (etag.equals(knownVersion)) return StateFetch.unchanged(etag);
 *   return StateFetch.changed(etag, List.of(new StateDocument("default", url, get(url))));
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface StateBackend extends AutoCloseable {

  /**
   * Fetches the state documents if they changed since {@code knownVersion}.
   *
   * @param knownVersion the version of the last successful fetch, empty on the first
   * @return the documents and their version, or "unchanged"
   * @throws StateException naming the location and the fix (missing object, access denied, ...)
   */
  StateFetch fetch(String knownVersion) throws StateException;

  /**
   * Where this backend reads from, for messages and {@code /ready}, e.g. {@code
   * s3://bucket/env:/prod/network.tfstate}.
   *
   * @return a human-readable location
   */
  String location();

  /** Releases clients. The default does nothing. */
  @Override
  default void close() {}
}
