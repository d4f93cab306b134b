package io.tfdrift.api.inventory;

import java.util.Objects;

/**
 * What drifted, as one string: {@code modified} drift is keyed by (state, address, attribute),
 * {@code out_of_band} and {@code deleted} drift by (state, address), {@code unmanaged} drift by
 * (provider, type, id). Two detections with the same key are the same drift seen again.
 *
 * @param value the key, e.g. {@code modified|prod|aws_instance.web|instance_type}
 * @since 0.1.0
 */
public record DriftKey(String value) {

  /** The separator between the parts of a key. */
  public static final char SEPARATOR = '|';

  /**
   * A key.
   *
   * @throws IllegalArgumentException if the value is blank
   */
  public DriftKey {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a drift key must not be blank");
    }
  }

  /**
   * Joins parts with {@link #SEPARATOR}; a part holding the separator is escaped with a backslash
   * so that two different part lists never give the same key.
   *
   * @param parts the parts, none null
   * @return the key
   */
  public static DriftKey of(String... parts) {
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        key.append(SEPARATOR);
      }
      String part = Objects.requireNonNull(parts[i], "part");
      for (int c = 0; c < part.length(); c++) {
        char ch = part.charAt(c);
        if (ch == SEPARATOR || ch == '\\') {
          key.append('\\');
        }
        key.append(ch);
      }
    }
    return new DriftKey(key.toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
