package io.tfdrift.core.assembly;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.Secret;
import io.tfdrift.core.config.ListenAddress;
import io.tfdrift.core.config.Problems;
import java.util.Optional;

/**
 * The {@code server} section: the admin server ({@code /healthz}, {@code /ready}, {@code /metrics},
 * and with a drift inventory {@code /api/v1} and the dashboard at {@code /ui/}).
 *
 * @param listen where it listens ({@code listen}, default {@value #LISTEN})
 * @param debug whether {@code /debug/*} endpoints are served ({@code debug}, default off)
 * @param readToken the bearer token that reads the inventory API and the dashboard ({@code
 *     read_token}, a secret); without it reading needs no token
 * @param writeToken the bearer token that may also acknowledge and resolve drifts ({@code
 *     write_token}, a secret); without it those endpoints are off
 */
public record AdminSettings(
    ListenAddress listen, boolean debug, Optional<Secret> readToken, Optional<Secret> writeToken) {

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
        problems.read(() -> section.bool("debug", false)).orElse(false),
        problems.read(() -> section.optionalSecret("read_token")).flatMap(t -> t),
        problems.read(() -> section.optionalSecret("write_token")).flatMap(t -> t));
  }
}
