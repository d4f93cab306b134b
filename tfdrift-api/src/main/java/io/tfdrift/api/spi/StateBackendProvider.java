package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;

/**
 * Creates {@link StateBackend}s of one type ({@code local}, {@code s3}, {@code gcs}, ...). Found by
 * {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * @AutoService(StateBackendProvider.class)
 * public final class HttpStateBackendProvider implements StateBackendProvider {
 *   public String type() { return "http"; }
 *   public StateBackend create(ComponentConfig config) {
 *     return new HttpStateBackend(URI.create(config.string("url")));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface StateBackendProvider {

  /**
   * The type name: the value of {@code backend:} in a state section, e.g. {@code s3}.
   *
   * @return the type name, lower case
   */
  String type();

  /**
   * Creates a backend from its state section.
   *
   * @param config the section, e.g. {@code providers.aws.states[0]}
   * @return the backend
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  StateBackend create(ComponentConfig config);
}
