package com.example.tfdrift.cost;

import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.testkit.PluginContractTest;

/**
 * The plugin keeps the contract every plugin keeps (discoverable, whole lifecycle, close twice).
 */
class CostEstimateContractTest extends PluginContractTest {
  @Override
  protected PluginProvider provider() {
    return new CostEstimateProvider();
  }
}
