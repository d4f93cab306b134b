package com.example.tfdrift.cost;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginProvider;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code cost-estimate} plugin: labels instance-type drift with its monthly price delta.
 *
 * <pre>{@code
 * plugins:
 *   - name: cost-estimate
 *     config:
 *       hours_per_month: 730                  # the default
 *       price_file: /etc/tfdrift/prices.csv   # optional; the jar ships us-east-1 prices
 * }</pre>
 */
public final class CostEstimateProvider implements PluginProvider {

  /** Found by ServiceLoader through {@code META-INF/services/io.tfdrift.api.spi.PluginProvider}. */
  public CostEstimateProvider() {}

  @Override
  public String type() {
    return "cost-estimate";
  }

  @Override
  public Plugin create(ComponentConfig config) {
    int hours = config.integer("hours_per_month", 730);
    if (hours <= 0 || hours > 744) {
      throw config.invalid("hours_per_month", hours + " must be between 1 and 744");
    }
    Optional<String> file = config.optionalString("price_file");
    PriceTable prices;
    try {
      prices = file.map(f -> PriceTable.read(Path.of(f))).orElseGet(PriceTable::bundled);
    } catch (IllegalArgumentException e) {
      throw config.invalid("price_file", e.getMessage());
    }
    return new CostEstimatePlugin(prices, hours);
  }
}
