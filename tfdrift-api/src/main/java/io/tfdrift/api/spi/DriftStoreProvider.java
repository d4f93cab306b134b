package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;

/**
 * Creates {@link DriftStore}s of one type. Found by {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * @AutoService(DriftStoreProvider.class)
 * public final class DynamoDriftStoreProvider implements DriftStoreProvider {
 *   public String type() { return "dynamodb"; }
 *   public DriftStore create(ComponentConfig config) {
 *     return new DynamoDriftStore(config.string("table"));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface DriftStoreProvider {

  /**
   * The type name: the value of {@code store.type} in configuration, e.g. {@code postgres}.
   *
   * @return the type name, lower case
   */
  String type();

  /**
   * Creates a store from its configuration section. It connects and migrates its schema here, so
   * that a wrong URL or password fails at start-up.
   *
   * @param config the section {@code store}
   * @return the store
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  DriftStore create(ComponentConfig config);

  /**
   * Whether several processes may use one store of this type at once: replicas with {@code
   * high_availability}, or active-active consumers of one queue. The default is {@code false}.
   *
   * @return {@code true} for a store every replica can share, e.g. PostgreSQL
   */
  default boolean shared() {
    return false;
  }
}
