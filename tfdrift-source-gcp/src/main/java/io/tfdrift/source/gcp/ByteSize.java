package io.tfdrift.source.gcp;

import io.tfdrift.api.ComponentConfig;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a byte count such as {@code 104857600}, {@code 100MB}, {@code 64MiB} or {@code 1GB}. */
final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|kb|kib|mb|mib|gb|gib)");

  private ByteSize() {}

  static long read(ComponentConfig config, String key, long defaultValue) {
    String text = config.optionalString(key).orElse(null);
    if (text == null) {
      return defaultValue;
    }
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw config.invalid(
          key, "'" + text + "' is not a size; use bytes or a value such as 100MB, 64MiB or 1GB");
    }
    long unit =
        switch (m.group(2)) {
          case "kb", "kib" -> 1L << 10;
          case "mb", "mib" -> 1L << 20;
          case "gb", "gib" -> 1L << 30;
          default -> 1L;
        };
    long value;
    try {
      value = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw config.invalid(key, "'" + text + "' is too large");
    }
    if (value <= 0) {
      throw config.invalid(key, "must be positive");
    }
    return value;
  }
}
