package io.tfdrift.core.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.PluginContext;
import io.tfdrift.api.spi.StateView;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What one plugin sees of the engine: its own config section, a logger under {@code
 * tfdrift.plugin.<name>}, counters tagged with its name, the live state view, and the ways to add
 * drift ({@link #emit}) or labels ({@link #annotate}).
 */
final class HostedPluginContext implements PluginContext {
  /** Label that marks drift a plugin emitted, so that notifications say where it came from. */
  static final String EMITTED_BY = "emitted_by";

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("calls", "healthy", "annotations", "emitted");

  private final PluginHost host;
  private final System.Logger logger;
  private final MeterRegistry meters;
  private final StateView state;
  private final Consumer<DriftEvent> dispatcher;

  HostedPluginContext(
      PluginHost host, MeterRegistry meters, StateView state, Consumer<DriftEvent> dispatcher) {
    this.host = host;
    this.logger = new Slf4jSystemLogger("tfdrift.plugin." + host.name());
    this.meters = meters;
    this.state = state;
    this.dispatcher = dispatcher;
  }

  @Override
  public ComponentConfig config() {
    return host.settings().config();
  }

  @Override
  public System.Logger logger() {
    return logger;
  }

  @Override
  public Counter counter(String name, Map<String, String> tags) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tags, "tags");
    if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
      throw new IllegalArgumentException(
          "plugin "
              + host.name()
              + ": counter name '"
              + name
              + "' must be lower snake case ([a-z][a-z0-9_]*) and not one of "
              + RESERVED
              + ", which tfdrift uses itself");
    }
    for (String key : tags.keySet()) {
      if (!NAME.matcher(key).matches() || key.equals("plugin")) {
        throw new IllegalArgumentException(
            "plugin "
                + host.name()
                + ": counter tag '"
                + key
                + "' must be lower snake case and not 'plugin', which tfdrift sets itself");
      }
    }
    Tags all = Tags.of("plugin", host.name());
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      all = all.and(tag.getKey(), tag.getValue());
    }
    io.micrometer.core.instrument.Counter counter =
        io.micrometer.core.instrument.Counter.builder("tfdrift.plugin." + name)
            .description("Counted by plugin " + host.name())
            .tags(all)
            .register(meters);
    return amount -> {
      if (amount < 0) {
        throw new IllegalArgumentException(
            "plugin " + host.name() + ": counter " + name + " cannot go down (" + amount + ")");
      }
      counter.increment(amount);
    };
  }

  @Override
  public StateView state() {
    return state;
  }

  @Override
  public void emit(DriftEvent event) {
    Objects.requireNonNull(event, "event");
    host.emitted();
    dispatcher.accept(event.withLabels(Map.of(EMITTED_BY, host.name())));
  }

  @Override
  public void annotate(DriftEvent event, String key, String value) {
    host.annotate(event, key, value);
  }

  @Override
  public String toString() {
    return "PluginContext[" + host.name() + "]";
  }
}
