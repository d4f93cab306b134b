package io.tfdrift.core.assembly;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.core.config.ListenAddress;
import io.tfdrift.core.config.Problems;

/**
 * The {@code server} section: the admin server ({@code /healthz}, {@code /ready}, {@code
 * /metrics}).
 *
 * @param listen where it listens ({@code listen}, default {@value #LISTEN})
 * @param debug whether {@code /debug/*} endpoints are served ({@code debug}, default off)
 */
public record AdminSettings(ListenAddress listen, boolean debug) {

  /** Default {@code server.listen}. */
  public static final String LISTEN = ":8080";

  /**
   * Reads the section; a bad value is a problem and its default is used meanwhile.
   *
   * @param section the {@code server} section
   * @param problems where problems go
   * @return the settings
   */
  public static AdminSettings read(ComponentConfig section, Problems problems) {
    ListenAddress fallback = ListenAddress.parse(LISTEN).address().orElseThrow();
    return new AdminSettings(
        problems.read(() -> ListenAddress.read(section, "listen", LISTEN)).orElse(fallback),
        problems.read(() -> section.bool("debug", false)).orElse(false));
  }
}
