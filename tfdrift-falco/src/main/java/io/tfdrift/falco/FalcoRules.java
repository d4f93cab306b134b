package io.tfdrift.falco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Falco rules file tfdrift ships ({@code tfdrift falco-rules} prints it): rules for the
 * cloudtrail and gcpaudit plugins that select mutating, successful calls and output every field
 * {@link FalcoAlertDecoder} reads.
 */
public final class FalcoRules {

  /** The class path resource holding the rules. */
  public static final String RESOURCE = "/io/tfdrift/falco/tfdrift_rules.yaml";

  private FalcoRules() {}

  /**
   * The rules file's text.
   *
   * @return the YAML text
   */
  public static String text() {
    try (InputStream in = FalcoRules.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the tfdrift-falco jar lacks " + RESOURCE);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
