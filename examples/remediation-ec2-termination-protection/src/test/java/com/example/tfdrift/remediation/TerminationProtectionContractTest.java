package com.example.tfdrift.remediation;

import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.testkit.PluginContractTest;
import java.util.Map;

/** The plugin keeps the contract every plugin keeps. */
class TerminationProtectionContractTest extends PluginContractTest {
  @Override
  protected PluginProvider provider() {
    return new TerminationProtectionProvider();
  }

  @Override
  protected Map<String, Object> config() {
    return Map.of("dry_run", true, "allowed_resources", java.util.List.of("aws_instance.*"));
  }
}
