package io.tfdrift.core.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.spi.ResourceMapper;
import io.tfdrift.api.spi.ResourceMapperProvider;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateBackendProvider;
import io.tfdrift.core.TfDrift;
import io.tfdrift.core.detect.TerraformCallers;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A detection engine built from configuration: state backends created through their providers,
 * every discovered mapper, the rules. Closing it closes the backends.
 *
 * @param engine the engine
 * @param states the configured states with their backends, in configuration order
 */
public record EngineAssembly(TfDrift engine, List<ConfiguredState> states)
    implements AutoCloseable {

  /**
   * A state and the backend that fetches it.
   *
   * @param settings its settings
   * @param backend its backend
   */
  public record ConfiguredState(StateSettings settings, StateBackend backend) {}

  /** Copies the list. */
  public EngineAssembly {
    states = List.copyOf(states);
  }

  /**
   * Builds the engine. Every backend is created before any is used; if one fails, those already
   * created are closed and every problem is reported at once.
   *
   * @param settings the engine settings
   * @param registry the discovered providers
   * @param mappersSection the {@code mappers} section (settings per mapper type, usually empty)
   * @param meters where metrics go
   * @param clock the clock for {@code detected_at}
   * @return the assembly
   * @throws ConfigException listing every problem with its key path
   */
  public static EngineAssembly build(
      EngineSettings settings,
      ProviderRegistry registry,
      ComponentConfig mappersSection,
      MeterRegistry meters,
      Clock clock) {
    List<String> problems = new ArrayList<>();
    List<ConfiguredState> states = new ArrayList<>();
    for (StateSettings s : settings.states()) {
      try {
        StateBackendProvider provider =
            registry.get(ProviderKind.STATE_BACKEND, s.backend(), s.section().path() + ".backend");
        states.add(new ConfiguredState(s, provider.create(s.section())));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    List<ResourceMapper> mappers = new ArrayList<>();
    for (Map.Entry<String, ResourceMapperProvider> m :
        registry.all(ProviderKind.RESOURCE_MAPPER).entrySet()) {
      try {
        mappers.add(m.getValue().create(mappersSection.child(m.getKey())));
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      states.forEach(s -> s.backend().close());
      throw new ConfigException(problems);
    }
    Map<String, String> environments = new LinkedHashMap<>();
    settings.states().forEach(s -> environments.put(s.name(), s.environment()));
    TfDrift engine =
        TfDrift.builder()
            .mappers(mappers)
            .states(new StateStore(clock))
            .rules(settings.rules())
            .terraformCallers(new TerraformCallers(settings.terraformPrincipals()))
            .environments(environments)
            .meterRegistry(meters)
            .clock(clock)
            .build();
    return new EngineAssembly(engine, states);
  }

  /**
   * Fetches every state once, e.g. at start-up or before a replay.
   *
   * @return the result per state
   */
  public List<RefreshResult> refreshAll() {
    List<RefreshResult> results = new ArrayList<>(states.size());
    for (ConfiguredState s : states) {
      results.add(engine.states().refresh(s.settings().name(), s.backend()));
    }
    return results;
  }

  @Override
  public void close() {
    states.forEach(s -> s.backend().close());
  }
}
