package io.tfdrift.api.spi;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import java.util.Map;

/**
 * What the engine offers a {@link Plugin}: its configuration, a logger, counters, a read-only view
 * of state, and ways to emit drift or annotate it.
 *
 * @since 0.1.0
 */
public interface PluginContext {

  /**
   * The plugin's configuration section.
   *
   * @return the configuration
   */
  ComponentConfig config();

  /**
   * A logger named after the plugin, routed to the daemon's logging.
   *
   * @return the logger
   */
  System.Logger logger();

  /**
   * A counter in the daemon's metrics, exported as {@code tfdrift_plugin_<name>_total} with the
   * plugin's name as a tag.
   *
   * @param name the counter name, lower snake case
   * @param tags extra dimensions
   * @return the counter
   */
  Counter counter(String name, Map<String, String> tags);

  /**
   * A read-only view of every loaded state.
   *
   * @return the view, always current
   */
  StateView state();

  /**
   * Emits a drift event of the plugin's own making into the dispatcher, as if detected. It is
   * labelled {@code emitted_by: <plugin name>} and goes to the notifiers only: plugins do not see
   * it again.
   *
   * @param event the drift
   */
  void emit(DriftEvent event);

  /**
   * Adds a label to the drift event being handled. Labels added while {@link
   * Plugin#onDriftDetected} runs are merged into the event's labels before it goes to the notifiers
   * (so they appear in every notification and in the {@code jsonl} output); the engine waits for
   * the callback, at most the plugin's timeout. A label added after the callback has returned or
   * timed out is not delivered: it is counted and logged.
   *
   * @param event the drift being handled
   * @param key the label key
   * @param value the label value
   */
  void annotate(DriftEvent event, String key, String value);

  /** A monotonically increasing count. */
  interface Counter {
    /** Adds one. */
    default void increment() {
      add(1);
    }

    /**
     * Adds an amount.
     *
     * @param amount the amount, not negative
     */
    void add(long amount);
  }
}
