package io.tfdrift.api;

import java.io.Serial;

/**
 * A Terraform state could not be fetched or parsed. The message names the state (path, bucket and
 * key, or object) and the fix, e.g. the IAM action that was denied. A failed refresh keeps the last
 * good state.
 *
 * @since 0.1.0
 */
public final class StateException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * A state problem.
   *
   * @param message what failed, naming the state and the fix
   */
  public StateException(String message) {
    super(message);
  }

  /**
   * A state problem with its cause.
   *
   * @param message what failed, naming the state and the fix
   * @param cause the underlying error
   */
  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
