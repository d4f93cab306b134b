/**
 * Runs the configured {@link io.tfdrift.api.spi.Plugin}s: creation from {@code plugins[]}, {@code
 * init}, callbacks on each plugin's own thread under a timeout, isolation of plugins that throw or
 * hang (counted, logged, marked unhealthy, never able to stop detection), annotations merged into
 * drift labels before notifiers see them, and {@code close} within the shutdown deadline.
 */
package io.tfdrift.core.plugin;
