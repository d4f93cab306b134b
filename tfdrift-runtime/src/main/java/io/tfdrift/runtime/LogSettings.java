package io.tfdrift.runtime;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.core.config.Problems;
import java.util.List;
import java.util.Locale;

/**
 * The {@code logging} section.
 *
 * @param level the root level: trace, debug, info (the default), warn or error
 * @param format {@code text} (the default) or {@code json}, one object per line
 */
record LogSettings(String level, String format) {
  static final LogSettings DEFAULTS = new LogSettings("info", "text");

  static LogSettings read(ComponentConfig section, Problems problems) {
    return new LogSettings(
        problems
            .read(
                () ->
                    oneOf(
                        section,
                        "level",
                        DEFAULTS.level(),
                        "trace",
                        "debug",
                        "info",
                        "warn",
                        "error"))
            .orElse(DEFAULTS.level()),
        problems
            .read(() -> oneOf(section, "format", DEFAULTS.format(), "text", "json"))
            .orElse(DEFAULTS.format()));
  }

  private static String oneOf(ComponentConfig c, String key, String dflt, String... allowed) {
    String value = c.string(key, dflt).toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(value)) {
      throw c.invalid(key, "'" + value + "'; use one of " + String.join(", ", allowed));
    }
    return value;
  }
}
