package io.tfdrift.testkit;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginContext;
import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.api.spi.StateView;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Runs one plugin the way the daemon does, against scripted drift and state, and records what it
 * did: the drift it emitted, the labels it added, its counters and its log lines.
 *
 * <p>Like the daemon, the harness creates the plugin from its provider and {@code config}, calls
 * {@code init}, runs every callback on one thread of the plugin's own under a timeout, and accepts
 * labels only while {@code onDriftDetected} runs: {@link #drift} returns the drift as notifiers
 * would receive it. Unlike the daemon it does not hide failures: what a callback throws is thrown
 * to the test, and a callback that does not return in time fails the test.
 *
 * <pre>{@code
 * try (PluginHarness harness =
 *     PluginHarness.of(new CostEstimateProvider()).config(Map.of("hours_per_month", 730)).start()) {
 *   DriftEvent delivered = harness.drift(DriftEvents.instanceTypeChanged());
 *   assertThat(delivered.labels()).containsEntry("cost_delta_monthly_usd", "+53.14");
 *   assertThat(harness.counter("estimates", Map.of("outcome", "priced"))).isEqualTo(1);
 * }
 * }</pre>
 */
public final class PluginHarness implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("calls", "healthy", "annotations", "emitted");

  /**
   * One line the plugin logged.
   *
   * @param level its level
   * @param message the message, with parameters filled in
   * @param thrown the exception logged with it, if any
   */
  public record LogLine(System.Logger.Level level, String message, Optional<Throwable> thrown) {
    /** Validates that no part is {@code null}. */
    public LogLine {
      Objects.requireNonNull(level, "level");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(thrown, "thrown");
    }
  }

  private final PluginProvider provider;
  private final String pluginName;
  private Map<String, ?> values = Map.of();
  private Duration timeout = Duration.ofSeconds(5);
  private final List<ManagedResource> resources = new ArrayList<>();
  private final List<DriftEvent> emitted = Collections.synchronizedList(new ArrayList<>());
  private final List<String> lateAnnotations = Collections.synchronizedList(new ArrayList<>());
  private final List<LogLine> logs = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> open = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> annotations = new ConcurrentHashMap<>();
  private ExecutorService thread;
  private ComponentConfig config;
  private Plugin plugin;

  private PluginHarness(PluginProvider provider) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.pluginName = provider.type();
  }

  /**
   * A harness for the plugin that a provider creates.
   *
   * @param provider the provider under test
   * @return a harness to configure, then {@link #start()}
   */
  public static PluginHarness of(PluginProvider provider) {
    return new PluginHarness(provider);
  }

  /**
   * The plugin's {@code config} section.
   *
   * @param keysAndValues the keys and values, as YAML would give them
   * @return this harness
   */
  public PluginHarness config(Map<String, ?> keysAndValues) {
    this.values = Map.copyOf(keysAndValues);
    return this;
  }

  /**
   * How long a callback may run before the test fails; the daemon's default is 5s.
   *
   * @param value the timeout
   * @return this harness
   */
  public PluginHarness timeout(Duration value) {
    this.timeout = Objects.requireNonNull(value, "value");
    return this;
  }

  /**
   * Adds every resource of a state to the state the plugin sees.
   *
   * @param stateName the configured state's name, e.g. {@code prod}
   * @param state the state's resources
   * @return this harness
   */
  public PluginHarness state(String stateName, TerraformStates state) {
    resources.addAll(state.resources(stateName));
    return this;
  }

  /**
   * Adds one resource to the state the plugin sees.
   *
   * @param resource the resource
   * @return this harness
   */
  public PluginHarness resource(ManagedResource resource) {
    resources.add(Objects.requireNonNull(resource, "resource"));
    return this;
  }

  /**
   * Creates the plugin from its provider and calls {@code init}.
   *
   * @return this harness
   * @throws io.tfdrift.api.ConfigException what the provider or {@code init} throws for bad config
   */
  public PluginHarness start() {
    if (plugin != null) {
      throw new IllegalStateException("the harness is already started");
    }
    config = TestConfigs.of("plugins[0].config", values);
    plugin = Objects.requireNonNull(provider.create(config), "the provider created no plugin");
    thread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tfdrift-plugin-" + pluginName);
              t.setDaemon(true);
              return t;
            });
    PluginContext context = new Context();
    run("init", () -> plugin.init(context));
    return this;
  }

  /**
   * Calls {@code onDriftDetected} and returns the drift as notifiers would receive it: with the
   * labels the plugin added during the call.
   *
   * @param event the drift
   * @return the drift with the plugin's labels
   */
  public DriftEvent drift(DriftEvent event) {
    requireStarted();
    Map<String, String> labels = Collections.synchronizedMap(new LinkedHashMap<>());
    open.put(event.id(), labels);
    try {
      run("onDriftDetected", () -> plugin.onDriftDetected(event));
    } finally {
      open.remove(event.id());
    }
    Map<String, String> added;
    synchronized (labels) {
      added = new LinkedHashMap<>(labels);
    }
    annotations.computeIfAbsent(event.id(), id -> new ConcurrentHashMap<>()).putAll(added);
    return added.isEmpty() ? event : event.withLabels(added);
  }

  /** Calls {@code onStateRefresh} with the harness's state. */
  public void refreshState() {
    requireStarted();
    StateView view = new State();
    run("onStateRefresh", () -> plugin.onStateRefresh(view));
  }

  /**
   * The drift the plugin emitted, in order, as notifiers receive it: labelled {@code emitted_by:
   * <plugin>}.
   *
   * @return the events
   */
  public List<DriftEvent> emitted() {
    synchronized (emitted) {
      return List.copyOf(emitted);
    }
  }

  /**
   * The labels the plugin added to a drift during its {@code onDriftDetected} calls.
   *
   * @param event the drift (matched by id)
   * @return the labels, empty if none
   */
  public Map<String, String> annotations(DriftEvent event) {
    return Map.copyOf(annotations.getOrDefault(event.id(), Map.of()));
  }

  /**
   * Labels the plugin tried to add outside a running {@code onDriftDetected} call, as {@code <drift
   * id> key=value}; the daemon counts and drops these.
   *
   * @return the late annotations
   */
  public List<String> lateAnnotations() {
    synchronized (lateAnnotations) {
      return List.copyOf(lateAnnotations);
    }
  }

  /**
   * A counter's value.
   *
   * @param name the counter name the plugin used
   * @param tags the tags it used
   * @return the count, 0 if never incremented
   */
  public long counter(String name, Map<String, String> tags) {
    AtomicLong value = counters.get(counterKey(name, tags));
    return value == null ? 0 : value.get();
  }

  /**
   * Every counter the plugin incremented, as {@code name{tag=value,...}} to count.
   *
   * @return the counters, sorted
   */
  public Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /**
   * Every line the plugin logged through its context's logger.
   *
   * @return the lines, in order
   */
  public List<LogLine> logs() {
    synchronized (logs) {
      return List.copyOf(logs);
    }
  }

  /**
   * The messages the plugin logged at one level.
   *
   * @param level the level
   * @return the messages, in order
   */
  public List<String> logs(System.Logger.Level level) {
    return logs().stream().filter(l -> l.level() == level).map(LogLine::message).toList();
  }

  /**
   * Keys of the plugin's {@code config} it never read; the daemon reports them as errors.
   *
   * @return the unknown keys with their paths, empty when all were read
   */
  public List<String> unknownKeys() {
    requireStarted();
    return TestConfigs.unknownKeys(config);
  }

  /**
   * The plugin under test.
   *
   * @return the plugin
   */
  public Plugin plugin() {
    requireStarted();
    return plugin;
  }

  /** Calls {@code close} on the plugin and stops its thread. */
  @Override
  public void close() {
    if (plugin == null || thread.isShutdown()) {
      return;
    }
    try {
      run("close", plugin::close);
    } finally {
      thread.shutdownNow();
    }
  }

  private void requireStarted() {
    if (plugin == null) {
      throw new IllegalStateException("call start() first");
    }
  }

  private void run(String callback, Runnable body) {
    Future<?> call = thread.submit(body);
    try {
      call.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      throw new AssertionError(
          "plugin "
              + pluginName
              + ": "
              + callback
              + " did not return within "
              + timeout
              + "; tfdrift would interrupt it and count a timeout"
              + " (tfdrift_plugin_calls_total{outcome=\"timeout\"})");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + callback, e);
    }
  }

  private static String counterKey(String name, Map<String, String> tags) {
    StringBuilder key = new StringBuilder(name).append('{');
    new TreeMap<>(tags).forEach((k, v) -> key.append(k).append('=').append(v).append(','));
    if (key.charAt(key.length() - 1) == ',') {
      key.setLength(key.length() - 1);
    }
    return key.append('}').toString();
  }

  /** The context the plugin sees: records instead of dispatching. */
  private final class Context implements PluginContext {
    private final System.Logger logger = new RecordingLogger();
    private final StateView state = new State();

    @Override
    public ComponentConfig config() {
      return config;
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
            "counter name '"
                + name
                + "' must be lower snake case and not one of "
                + new TreeSet<>(RESERVED));
      }
      for (String key : tags.keySet()) {
        if (!NAME.matcher(key).matches() || key.equals("plugin")) {
          throw new IllegalArgumentException(
              "counter tag '" + key + "' must be lower snake case and not 'plugin'");
        }
      }
      AtomicLong value = counters.computeIfAbsent(counterKey(name, tags), k -> new AtomicLong());
      return amount -> {
        if (amount < 0) {
          throw new IllegalArgumentException("counter " + name + " cannot go down: " + amount);
        }
        value.addAndGet(amount);
      };
    }

    @Override
    public StateView state() {
      return state;
    }

    @Override
    public void emit(DriftEvent event) {
      Objects.requireNonNull(event, "event");
      emitted.add(event.withLabels(Map.of("emitted_by", pluginName)));
    }

    @Override
    public void annotate(DriftEvent event, String key, String value) {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (key.isBlank()) {
        throw new IllegalArgumentException("an annotation key must not be blank");
      }
      Map<String, String> labels = open.get(event.id());
      if (labels == null) {
        lateAnnotations.add(event.id() + " " + key + "=" + value);
        return;
      }
      labels.put(key, value);
    }
  }

  /** The harness's resources, found as the daemon's state index finds them. */
  private final class State implements StateView {
    @Override
    public Optional<ManagedResource> find(String type, String identifier) {
      return StateLookup.find(resources, type, identifier).map(this::masked);
    }

    /** As in the daemon, sensitive attributes reach plugins masked. */
    private ManagedResource masked(ManagedResource r) {
      if (r.sensitive().isEmpty()) {
        return r;
      }
      Map<String, Object> attributes = new LinkedHashMap<>(r.attributes());
      for (String name : r.sensitive()) {
        attributes.computeIfPresent(name, (k, v) -> DriftEvent.Change.SENSITIVE);
      }
      return new ManagedResource(
          r.state(),
          r.address(),
          r.module(),
          r.type(),
          r.name(),
          r.id(),
          attributes,
          r.sensitive());
    }

    @Override
    public Set<String> states() {
      Set<String> names = new TreeSet<>();
      resources.forEach(r -> names.add(r.state()));
      return names;
    }

    @Override
    public int size() {
      return resources.size();
    }
  }

  /** Records what the plugin logs. */
  private final class RecordingLogger implements System.Logger {
    @Override
    public String getName() {
      return "tfdrift.plugin." + pluginName;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level != Level.OFF;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      logs.add(new LogLine(level, String.valueOf(msg), Optional.ofNullable(thrown)));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      String message =
          params == null || params.length == 0
              ? String.valueOf(format)
              : new MessageFormat(String.valueOf(format)).format(params);
      logs.add(new LogLine(level, message, Optional.empty()));
    }
  }
}
