/**
 * The extension points of TFDrift. Every one has the same shape: an {@code XProvider} with a {@code
 * type()} (the name used in configuration) and a {@code create(ComponentConfig)} factory,
 * registered for {@link java.util.ServiceLoader} (for example with
 * {@code @AutoService(NotifierProvider.class)}). Drop the jar on the classpath or into {@code
 * plugins/} and name its type in configuration.
 *
 * <p>Providers are created once at start-up: {@code create} throws {@link
 * io.tfdrift.api.ConfigException} for bad configuration and the daemon refuses to start. At run
 * time every call into a provider is guarded: an exception is caught, counted and logged and never
 * stops detection.
 *
 * @since 0.1.0
 */
package io.tfdrift.api.spi;
