package io.tfdrift.api;

import java.io.Serial;
import java.time.Duration;
import java.util.Optional;

/**
 * A notifier could not deliver a drift event. The dispatcher retries a {@linkplain #retryable()
 * retryable} failure with backoff (waiting at least {@link #retryAfter()} when the peer said so)
 * and dead-letters a permanent one at once.
 *
 * @since 0.1.0
 */
public final class DeliveryException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  private final boolean retryable;
  private final transient Duration retryAfter;

  private DeliveryException(String message, Throwable cause, boolean retryable, Duration wait) {
    super(message, cause);
    this.retryable = retryable;
    this.retryAfter = wait;
  }

  /**
   * A failure worth retrying: timeout, connection refused, HTTP 429 or 5xx.
   *
   * @param message what failed, naming the peer
   * @param cause the underlying error, may be {@code null}
   * @return the exception
   */
  public static DeliveryException retryable(String message, Throwable cause) {
    return new DeliveryException(message, cause, true, null);
  }

  /**
   * A failure worth retrying no sooner than the peer asked (HTTP {@code Retry-After}).
   *
   * @param message what failed, naming the peer
   * @param retryAfter how long the peer asked to wait
   * @return the exception
   */
  public static DeliveryException retryAfter(String message, Duration retryAfter) {
    return new DeliveryException(message, null, true, retryAfter);
  }

  /**
   * A failure that retrying cannot fix: HTTP 400, 401, 403, 404, a rejected payload.
   *
   * @param message what failed, naming the peer and the fix
   * @param cause the underlying error, may be {@code null}
   * @return the exception
   */
  public static DeliveryException permanent(String message, Throwable cause) {
    return new DeliveryException(message, cause, false, null);
  }

  /**
   * Whether retrying may succeed.
   *
   * @return {@code true} for transient failures
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * How long the peer asked to wait before retrying, if it said.
   *
   * @return the wait, or empty
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
