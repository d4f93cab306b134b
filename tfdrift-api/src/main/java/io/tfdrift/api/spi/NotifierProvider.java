package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;

/**
 * Creates {@link Notifier}s of one type. Found by {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * @AutoService(NotifierProvider.class)
 * public final class TeamsNotifierProvider implements NotifierProvider {
 *   public String type() { return "teams"; }
 *   public Notifier create(ComponentConfig config) {
 *     return new TeamsNotifier(config.secret("webhook_url"));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface NotifierProvider {

  /**
   * The type name: the key under {@code notifications:} in configuration, e.g. {@code slack}.
   *
   * @return the type name, lower case
   */
  String type();

  /**
   * Creates a notifier from its configuration section.
   *
   * @param config the section, e.g. {@code notifications.slack}
   * @return the notifier
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  Notifier create(ComponentConfig config);
}
