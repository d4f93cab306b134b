package io.tfdrift.core.registry;

import io.tfdrift.api.spi.AuditFormatProvider;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The audit formats a source without a provider registry sees (tests, a host that calls {@link
 * io.tfdrift.api.spi.EventSourceProvider#create(io.tfdrift.api.ComponentConfig)}): those on the
 * class path. The assembly hands sources its registry's formats instead, plugin jars' among them.
 */
public final class AuditFormats {
  private AuditFormats() {}

  /**
   * The audit format providers {@link ServiceLoader} finds through the context class loader, by
   * type; the first of a type wins.
   *
   * @return the providers, sorted by type
   */
  public static Map<String, AuditFormatProvider> onClassPath() {
    Map<String, AuditFormatProvider> installed = new TreeMap<>();
    ServiceLoader.load(AuditFormatProvider.class).forEach(p -> installed.putIfAbsent(p.type(), p));
    return installed;
  }
}
