package io.tfdrift.api;

import java.util.Objects;

/**
 * A secret value (token, webhook URL, routing key). Its {@link #toString()} is always {@code
 * "****"}, so it can be logged or printed by accident without leaking; call {@link #reveal()} only
 * where the value is sent.
 *
 * @since 0.1.0
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /**
   * Wraps a secret value.
   *
   * @param value the secret
   * @return the wrapped secret
   */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /**
   * The secret value itself. Never log it.
   *
   * @return the value
   */
  public String reveal() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Returns {@code "****"}. */
  @Override
  public String toString() {
    return "****";
  }
}
