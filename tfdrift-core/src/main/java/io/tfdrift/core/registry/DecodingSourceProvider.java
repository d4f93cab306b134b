package io.tfdrift.core.registry;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.api.spi.EventSourceProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * An {@link EventSourceProvider} whose messages may be in any installed audit format (a Kafka topic
 * carries whatever its producers publish). The assembly hands it the audit formats of its provider
 * registry: the class path's and every plugin jar's, each plugin in its own class loader, so the
 * source reads the same formats {@code tfdrift replay} reads files with. A plain {@link
 * #create(ComponentConfig)} (tests, a host without a registry) sees the class path's formats only.
 */
public interface DecodingSourceProvider extends EventSourceProvider {

  /**
   * Creates a source that decodes its messages with the given formats.
   *
   * @param config the source's section
   * @param formats every installed audit format provider, by type
   * @return the source, not yet started
   * @throws io.tfdrift.api.ConfigException naming the bad key and the fix
   */
  EventSource create(ComponentConfig config, Map<String, AuditFormatProvider> formats);

  /** Creates the source with the audit formats found on the class path. */
  @Override
  default EventSource create(ComponentConfig config) {
    return create(config, classPathFormats());
  }

  /**
   * The audit format providers {@link ServiceLoader} finds through the context class loader, by
   * type; the first of a type wins.
   *
   * @return the providers, sorted by type
   */
  static Map<String, AuditFormatProvider> classPathFormats() {
    Map<String, AuditFormatProvider> installed = new TreeMap<>();
    ServiceLoader.load(AuditFormatProvider.class).forEach(p -> installed.putIfAbsent(p.type(), p));
    return installed;
  }

  /**
   * Creates a source with a registry's audit formats if the provider decodes them.
   *
   * @param provider the source's provider
   * @param config the source's section
   * @param registry the discovered providers
   * @return the source, not yet started
   */
  static EventSource create(
      EventSourceProvider provider, ComponentConfig config, ProviderRegistry registry) {
    if (provider instanceof DecodingSourceProvider decoding) {
      return decoding.create(config, registry.all(ProviderKind.AUDIT_FORMAT));
    }
    return provider.create(config);
  }
}
