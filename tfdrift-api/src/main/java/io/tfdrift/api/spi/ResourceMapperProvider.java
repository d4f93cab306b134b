package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;

/**
 * Creates a {@link ResourceMapper}. Found by {@link java.util.ServiceLoader}; every mapper found is
 * used, so a jar that adds one extends coverage without configuration.
 *
 * <pre>{@code
 * @AutoService(ResourceMapperProvider.class)
 * public final class AppRunnerMapperProvider implements ResourceMapperProvider {
 *   public String type() { return "apprunner"; }
 *   public ResourceMapper create(ComponentConfig config) { return new AppRunnerMapper(); }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ResourceMapperProvider {

  /**
   * The mapper's name, e.g. {@code aws}; its optional settings live under {@code mappers.<type>}.
   *
   * @return the type name, lower case
   */
  String type();

  /**
   * Creates the mapper.
   *
   * @param config the section {@code mappers.<type>}, usually empty
   * @return the mapper
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  ResourceMapper create(ComponentConfig config);
}
