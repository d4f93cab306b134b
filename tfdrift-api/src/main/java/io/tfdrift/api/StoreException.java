package io.tfdrift.api;

import java.io.Serial;

/**
 * The drift store could not be read or written: unreachable, refused the credentials, or a
 * transaction failed. The message names the store and the fix. Detection does not drop what it
 * could not store: the caller keeps it and tries again.
 *
 * @since 0.1.0
 */
public final class StoreException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * A store problem.
   *
   * @param message what failed, naming the store and the fix
   */
  public StoreException(String message) {
    super(message);
  }

  /**
   * A store problem with its cause.
   *
   * @param message what failed, naming the store and the fix
   * @param cause the underlying error
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
