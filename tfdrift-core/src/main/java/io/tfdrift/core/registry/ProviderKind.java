package io.tfdrift.core.registry;

import io.tfdrift.api.spi.AuditFormatProvider;
import io.tfdrift.api.spi.DriftStoreProvider;
import io.tfdrift.api.spi.EventSourceProvider;
import io.tfdrift.api.spi.NotifierProvider;
import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.api.spi.ResourceMapperProvider;
import io.tfdrift.api.spi.SecretResolverProvider;
import io.tfdrift.api.spi.StateBackendProvider;
import java.util.List;
import java.util.function.Function;

/**
 * One kind of extension point: its SPI interface, the word users see, and how a provider names its
 * type.
 *
 * @param label the kind as users see it, e.g. {@code notifier}
 * @param spi the provider interface
 * @param typeOf reads a provider's type name
 * @param <P> the provider interface
 */
public record ProviderKind<P>(String label, Class<P> spi, Function<P, String> typeOf) {

  /** Notifiers, configured under {@code notifications}. */
  public static final ProviderKind<NotifierProvider> NOTIFIER =
      new ProviderKind<>("notifier", NotifierProvider.class, NotifierProvider::type);

  /** State backends, named by a state's {@code backend}. */
  public static final ProviderKind<StateBackendProvider> STATE_BACKEND =
      new ProviderKind<>("state backend", StateBackendProvider.class, StateBackendProvider::type);

  /** Event sources. */
  public static final ProviderKind<EventSourceProvider> EVENT_SOURCE =
      new ProviderKind<>("event source", EventSourceProvider.class, EventSourceProvider::type);

  /** Resource mappers; every one found is used. */
  public static final ProviderKind<ResourceMapperProvider> RESOURCE_MAPPER =
      new ProviderKind<>(
          "resource mapper", ResourceMapperProvider.class, ResourceMapperProvider::type);

  /** Plugins, named by a {@code plugins[].name}. */
  public static final ProviderKind<PluginProvider> PLUGIN =
      new ProviderKind<>("plugin", PluginProvider.class, PluginProvider::type);

  /** Secret schemes, used by {@code <key>_from_<scheme>}. */
  public static final ProviderKind<SecretResolverProvider> SECRET_RESOLVER =
      new ProviderKind<>(
          "secret resolver", SecretResolverProvider.class, SecretResolverProvider::type);

  /** Audit log formats {@code tfdrift replay} reads. */
  public static final ProviderKind<AuditFormatProvider> AUDIT_FORMAT =
      new ProviderKind<>("audit format", AuditFormatProvider.class, AuditFormatProvider::type);

  /** Drift stores, named by {@code store.type}. */
  public static final ProviderKind<DriftStoreProvider> DRIFT_STORE =
      new ProviderKind<>("drift store", DriftStoreProvider.class, DriftStoreProvider::type);

  /** Every kind, in the order {@code tfdrift plugins} lists them. */
  public static final List<ProviderKind<?>> ALL =
      List.of(
          NOTIFIER,
          STATE_BACKEND,
          EVENT_SOURCE,
          RESOURCE_MAPPER,
          PLUGIN,
          SECRET_RESOLVER,
          AUDIT_FORMAT,
          DRIFT_STORE);
}
