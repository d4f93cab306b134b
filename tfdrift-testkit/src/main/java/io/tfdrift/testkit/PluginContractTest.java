package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginContext;
import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.api.spi.StateView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PluginProvider} keeps: it is discoverable, names itself, survives the
 * whole lifecycle (init, drift, state refresh, close) with a typical drift event, and closes twice
 * without harm.
 */
public abstract class PluginContractTest {

  /**
   * The provider under test.
   *
   * @return a new provider instance
   */
  protected abstract PluginProvider provider();

  /**
   * A working {@code config} section for the plugin.
   *
   * @return the section's keys and values
   */
  protected Map<String, Object> config() {
    return Map.of();
  }

  /** A context that records what the plugin emitted and annotated. */
  protected static final class RecordingContext implements PluginContext {
    private final ComponentConfig config;
    private final List<DriftEvent> emitted = new ArrayList<>();
    private final List<String> annotations = new ArrayList<>();
    private final AtomicLong counted = new AtomicLong();

    RecordingContext(ComponentConfig config) {
      this.config = config;
    }

    @Override
    public ComponentConfig config() {
      return config;
    }

    @Override
    public System.Logger logger() {
      return System.getLogger("tfdrift.plugin.test");
    }

    @Override
    public Counter counter(String name, Map<String, String> tags) {
      return counted::addAndGet;
    }

    @Override
    public StateView state() {
      return new StateView() {
        @Override
        public Optional<ManagedResource> find(String type, String identifier) {
          return Optional.empty();
        }

        @Override
        public Set<String> states() {
          return Set.of();
        }

        @Override
        public int size() {
          return 0;
        }
      };
    }

    @Override
    public synchronized void emit(DriftEvent event) {
      emitted.add(event);
    }

    @Override
    public synchronized void annotate(DriftEvent event, String key, String value) {
      annotations.add(event.id() + " " + key + "=" + value);
    }

    /**
     * What the plugin emitted.
     *
     * @return the events
     */
    public synchronized List<DriftEvent> emitted() {
      return List.copyOf(emitted);
    }

    /**
     * What the plugin annotated, as {@code <event id> key=value}.
     *
     * @return the annotations
     */
    public synchronized List<String> annotations() {
      return List.copyOf(annotations);
    }
  }

  @Test
  void isFoundByServiceLoaderUnderItsType() {
    String type = provider().type();
    assertThat(ServiceLoader.load(PluginProvider.class).stream())
        .anySatisfy(p -> assertThat(p.get().type()).isEqualTo(type));
  }

  @Test
  void livesThroughItsWholeLifecycle() {
    ComponentConfig config = TestConfigs.of("plugins[0].config", config());
    Plugin plugin = provider().create(config);
    assertThat(plugin.name()).isNotBlank();
    assertThat(plugin.version()).as("the version (empty without a jar manifest)").isNotNull();
    plugin.init(new RecordingContext(config));
    plugin.onDriftDetected(DriftEvents.instanceTypeChanged());
    plugin.onStateRefresh(new RecordingContext(config).state());
    plugin.close();
    plugin.close();
    assertThat(TestConfigs.unknownKeys(config)).isEmpty();
  }
}
