package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;

/**
 * Creates {@link Plugin}s of one type. Found by {@link java.util.ServiceLoader}; enabled by a
 * {@code plugins: [{name: <type>, enabled: true, config: {...}}]} entry.
 *
 * <pre>{@code
 * @AutoService(PluginProvider.class)
 * public final class CostEstimateProvider implements PluginProvider {
 *   public String type() { return "cost-estimate"; }
 *   public Plugin create(ComponentConfig config) { return new CostEstimatePlugin(); }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface PluginProvider {

  /**
   * The type name: the {@code name} of a {@code plugins} entry.
   *
   * @return the type name, lower case
   */
  String type();

  /**
   * Creates the plugin; it is initialised later with {@link Plugin#init}.
   *
   * @param config the entry's {@code config} section
   * @return the plugin
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  Plugin create(ComponentConfig config);
}
