package io.tfdrift.api;

import java.io.Serial;

/**
 * An event source could not start or lost its peer for good: a port already in use, a Falco
 * endpoint that refuses TLS, a subscription that does not exist. The message names the source, the
 * endpoint and the fix.
 *
 * @since 0.1.0
 */
public final class SourceException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * A source problem.
   *
   * @param message what failed, naming the endpoint and the fix
   * @param cause the underlying error, may be {@code null}
   */
  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
