package io.tfdrift.api.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.DriftEvent;
import org.junit.jupiter.api.Test;

class PluginTest {

  static final class OwnerTagger implements Plugin {
    @Override
    public void init(PluginContext context) {}

    @Override
    public void onDriftDetected(DriftEvent event) {}
  }

  @Test
  void aPluginNeedsNeitherANameNorAVersion() {
    Plugin plugin = new OwnerTagger();

    assertThat(plugin.name()).isEqualTo("OwnerTagger");
    assertThat(plugin.version())
        .as("classes outside a jar have no manifest, so no Implementation-Version")
        .isEmpty();
  }
}
