package io.tfdrift.api.spi;

import io.tfdrift.api.DriftEvent;

/**
 * Reacts to drift and state refreshes: remediation, annotation, ticketing. Callbacks run on the
 * plugin's own executor with a timeout; a plugin that throws or hangs is isolated, counted and
 * logged, and never stops detection.
 *
 * <pre>{@code
 * public void onDriftDetected(DriftEvent event) {
 *   if (event.resource().type().equals("aws_instance")) {
 *     context.annotate(event, "owner", lookupOwner(event.resource().id()));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Plugin extends AutoCloseable {

  /**
   * The plugin's name, for logs. The engine names a plugin by its configuration ({@code
   * plugins[].name}); this is a fallback. The default is the class's simple name.
   *
   * @return the name
   */
  default String name() {
    return getClass().getSimpleName();
  }

  /**
   * The plugin's version, for logs and {@code tfdrift plugins}. The default is the {@code
   * Implementation-Version} of the plugin jar's manifest, empty if it has none; override it only if
   * the version comes from elsewhere.
   *
   * @return the version, e.g. {@code 1.2.0}, or empty
   */
  default String version() {
    Package p = getClass().getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "" : v;
  }

  /**
   * Called once before any other callback.
   *
   * @param context the plugin's view of the engine
   */
  void init(PluginContext context);

  /**
   * Called for every drift event after rules have classified it.
   *
   * @param event the drift
   */
  void onDriftDetected(DriftEvent event);

  /**
   * Called after a state was loaded or refreshed. The default does nothing.
   *
   * @param state the new state view
   */
  default void onStateRefresh(StateView state) {}

  /** Called once on shutdown. The default does nothing. */
  @Override
  default void close() {}
}
