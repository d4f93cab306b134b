package io.tfdrift.core.state;

import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the state files under {@code src/test/resources/state}. */
final class StateFixtures {

  private StateFixtures() {}

  static byte[] bytes(String fixture) {
    try (InputStream in = StateFixtures.class.getResourceAsStream("/state/" + fixture)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture /state/" + fixture);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StateDocument document(String fixture) {
    return new StateDocument("default", "fixtures/" + fixture, bytes(fixture));
  }

  static StateDocument json(String location, String json) {
    return new StateDocument("default", location, json.getBytes(StandardCharsets.UTF_8));
  }

  static ParsedState parsed(String stateName, String fixture) {
    try {
      return TerraformStateParser.parse(stateName, document(fixture));
    } catch (StateException e) {
      throw new AssertionError(e);
    }
  }
}
