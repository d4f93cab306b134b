package io.tfdrift.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.StateView;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.plugin.TestPlugins.Scripted;
import io.tfdrift.core.registry.ProviderRegistry;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.MutableClock;
import io.tfdrift.testkit.TerraformStates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin lifecycle as the daemon runs it: annotations reach the drift before dispatch, emitted
 * drift reaches the dispatcher, and plugins that throw, hang, fail to start or never return cannot
 * hold up detection for longer than their timeout; they are counted, marked unhealthy and recover.
 */
class PluginsTest {
  @TempDir Path dir;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<DriftEvent> dispatched = Collections.synchronizedList(new ArrayList<>());
  private final StateStore store = new StateStore();
  private final CountDownLatch release = new CountDownLatch(1);
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-23T10:00:00Z"));
  private ProviderRegistry registry;
  private Plugins plugins;

  @BeforeEach
  void registry() throws Exception {
    TestPlugins.SCRIPTS.clear();
    registry = TestPlugins.registry(dir);
  }

  @AfterEach
  void close() {
    release.countDown();
    if (plugins != null) {
      plugins.close(Duration.ofSeconds(2));
    }
  }

  private static List<ComponentConfig> entries(Object... entries) {
    return ConfigSection.of("", Map.of("plugins", List.of(entries))).children("plugins");
  }

  private Plugins start(List<ComponentConfig> entries) {
    plugins = create(entries);
    plugins.init();
    return plugins;
  }

  /** The plugins as the daemon creates them, with cooldowns timed by the test's clock. */
  private Plugins create(List<ComponentConfig> entries) {
    return Plugins.create(entries, registry, store, dispatched::add, meters, this::nanoTime);
  }

  private long nanoTime() {
    return TimeUnit.MILLISECONDS.toNanos(clock.millis());
  }

  private double calls(String plugin, String outcome) {
    return meters
        .get("tfdrift.plugin.calls")
        .tag("plugin", plugin)
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private double healthy(String plugin) {
    return meters.get("tfdrift.plugin.healthy").tag("plugin", plugin).gauge().value();
  }

  @Test
  void annotationsReachTheDriftBeforeItIsDispatched() {
    TestPlugins.SCRIPTS.put(
        "first", new Scripted().drift((c, d) -> c.annotate(d, "owner", "team-payments")));
    TestPlugins.SCRIPTS.put(
        "second",
        new Scripted()
            .drift(
                (c, d) -> {
                  c.annotate(d, "cost_delta_monthly_usd", "+53.14");
                  c.annotate(d, "owner", "team-billing");
                }));
    start(entries(Map.of("name", "first"), Map.of("name", "second")));

    DriftEvent drift = DriftEvents.instanceTypeChanged();
    DriftEvent labelled = plugins.onDrift(drift);

    assertThat(labelled.labels())
        .containsEntry("environment", "production")
        .containsEntry("cost_delta_monthly_usd", "+53.14")
        .containsEntry("owner", "team-billing");
    assertThat(labelled.withLabels(Map.of())).isNotSameAs(drift);
    assertThat(calls("first", "ok")).isEqualTo(1);
    assertThat(
            meters
                .get("tfdrift.plugin.annotations")
                .tag("plugin", "second")
                .tag("outcome", "applied")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(plugins.health())
        .extracting(PluginHealth::name, PluginHealth::version, PluginHealth::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("first", "1.0.0", PluginHealth.Status.HEALTHY),
            org.assertj.core.groups.Tuple.tuple("second", "1.0.0", PluginHealth.Status.HEALTHY));
  }

  @Test
  void aDriftWithoutAnnotationsPassesUnchanged() {
    TestPlugins.SCRIPTS.put("first", new Scripted());
    start(entries(Map.of("name", "first")));
    DriftEvent drift = DriftEvents.instanceTypeChanged();
    assertThat(plugins.onDrift(drift)).isSameAs(drift);
  }

  @Test
  void aPluginThatThrowsIsCountedAndTheOthersStillAnnotate() {
    TestPlugins.SCRIPTS.put(
        "first",
        new Scripted()
            .drift(
                (c, d) -> {
                  throw new IllegalStateException("ticket system down");
                }));
    TestPlugins.SCRIPTS.put("second", new Scripted().drift((c, d) -> c.annotate(d, "k", "v")));
    start(entries(Map.of("name", "first"), Map.of("name", "second")));

    DriftEvent labelled = plugins.onDrift(DriftEvents.instanceTypeChanged());

    assertThat(labelled.labels()).containsEntry("k", "v");
    assertThat(calls("first", "error")).isEqualTo(1);
    assertThat(plugins.health().get(0).consecutiveFailures()).isEqualTo(1);
    assertThat(plugins.health().get(0).lastError())
        .contains("onDriftDetected threw java.lang.IllegalStateException: ticket system down");
    assertThat(plugins.health().get(0).status()).isEqualTo(PluginHealth.Status.HEALTHY);
  }

  @Test
  void aHangingPluginHoldsADriftNoLongerThanItsTimeoutThenTurnsUnhealthy() {
    TestPlugins.SCRIPTS.put("first", new Scripted().drift((c, d) -> awaitUninterruptibly(release)));
    TestPlugins.SCRIPTS.put("second", new Scripted().drift((c, d) -> c.annotate(d, "k", "v")));
    start(
        entries(
            Map.of("name", "first", "timeout", "200ms", "failure_threshold", 2),
            Map.of("name", "second")));

    for (int i = 0; i < 2; i++) {
      long started = System.nanoTime();
      DriftEvent labelled = plugins.onDrift(DriftEvents.instanceTypeChanged("d" + i));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
      assertThat(labelled.labels()).containsEntry("k", "v");
    }
    assertThat(calls("first", "timeout")).isEqualTo(2);
    assertThat(plugins.health().get(0).status()).isEqualTo(PluginHealth.Status.UNHEALTHY);
    assertThat(plugins.health().get(0).lastError())
        .contains("onDriftDetected did not return in time (plugins[0].timeout: 200ms)");
    assertThat(healthy("first")).isZero();
    assertThat(healthy("second")).isEqualTo(1);

    long started = System.nanoTime();
    plugins.onDrift(DriftEvents.instanceTypeChanged("d3"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    // not called at all: a call would have timed out behind the hung one
    assertThat(calls("first", "rejected")).isEqualTo(1);
    assertThat(calls("first", "timeout")).isEqualTo(2);
    assertThat(calls("second", "ok")).isEqualTo(3);
  }

  @Test
  void anUnhealthyPluginIsTriedAgainAfterItsCooldownAndRecovers() {
    AtomicInteger invocations = new AtomicInteger();
    TestPlugins.SCRIPTS.put(
        "first",
        new Scripted()
            .drift(
                (c, d) -> {
                  if (invocations.incrementAndGet() <= 2) {
                    throw new IllegalStateException("flaky " + invocations.get());
                  }
                }));
    start(entries(Map.of("name", "first", "failure_threshold", 2, "cooldown", "300ms")));

    plugins.onDrift(DriftEvents.instanceTypeChanged("a"));
    plugins.onDrift(DriftEvents.instanceTypeChanged("b"));
    assertThat(plugins.health().get(0).status()).isEqualTo(PluginHealth.Status.UNHEALTHY);
    plugins.onDrift(DriftEvents.instanceTypeChanged("c"));
    assertThat(calls("first", "rejected")).isEqualTo(1);
    assertThat(invocations).hasValue(2);

    clock.advance(Duration.ofMillis(299));
    plugins.onDrift(DriftEvents.instanceTypeChanged("d"));
    assertThat(calls("first", "rejected")).as("still cooling down").isEqualTo(2);
    assertThat(invocations).hasValue(2);

    clock.advance(Duration.ofMillis(1));
    plugins.onDrift(DriftEvents.instanceTypeChanged("e"));

    assertThat(invocations).hasValue(3);
    assertThat(plugins.health().get(0).status()).isEqualTo(PluginHealth.Status.HEALTHY);
    assertThat(plugins.health().get(0).consecutiveFailures()).isZero();
    assertThat(healthy("first")).isEqualTo(1);
  }

  @Test
  void aPluginWhoseInitFailsIsDisabledWhileTheOthersRun() {
    TestPlugins.SCRIPTS.put(
        "first",
        new Scripted()
            .init(
                c -> {
                  throw new IllegalStateException("cannot reach the CMDB");
                }));
    TestPlugins.SCRIPTS.put("second", new Scripted().drift((c, d) -> c.annotate(d, "k", "v")));
    start(entries(Map.of("name", "first"), Map.of("name", "second")));

    assertThat(plugins.health().get(0).status()).isEqualTo(PluginHealth.Status.FAILED);
    assertThat(plugins.health().get(0).lastError()).contains("init threw").contains("CMDB");
    assertThat(plugins.onDrift(DriftEvents.instanceTypeChanged()).labels()).containsEntry("k", "v");
    assertThat(calls("first", "rejected")).isEqualTo(1);
    assertThat(healthy("first")).isZero();
  }

  @Test
  void aPluginWhoseInitHangsIsDisabledAfterItsTimeout() {
    TestPlugins.SCRIPTS.put("first", new Scripted().init(c -> awaitUninterruptibly(release)));
    long started = System.nanoTime();
    start(entries(Map.of("name", "first", "timeout", "200ms")));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(plugins.health().get(0).status()).isEqualTo(PluginHealth.Status.FAILED);
    assertThat(plugins.health().get(0).lastError()).contains("init did not return in time");
  }

  @Test
  void aConfigExceptionFromInitFailsStartUpNamingTheKey() {
    TestPlugins.SCRIPTS.put("first", new Scripted().init(c -> c.config().string("api_url")));
    assertThatThrownBy(() -> start(entries(Map.of("name", "first"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("plugins[0].config.api_url");
  }

  @Test
  void unknownAndDuplicateAndBadEntriesFailStartUpAllAtOnce() {
    TestPlugins.SCRIPTS.put("first", new Scripted());
    assertThatThrownBy(
            () ->
                start(
                    entries(
                        Map.of("name", "frist"),
                        Map.of("name", "first", "timeout", "0s"),
                        Map.of("name", "first", "failure_threshold", 0),
                        Map.of("enabled", true))))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .startsWith("plugins[0].name: unknown plugin type 'frist'")
                                .contains("known types: first, second, third"))
                    .anySatisfy(p -> assertThat(p).startsWith("plugins[1].timeout: "))
                    .anySatisfy(
                        p -> assertThat(p).startsWith("plugins[2].failure_threshold: 0 must be"))
                    .anySatisfy(p -> assertThat(p).startsWith("plugins[3].name")));
  }

  @Test
  void theSamePluginConfiguredTwiceIsAnError() {
    TestPlugins.SCRIPTS.put("first", new Scripted());
    assertThatThrownBy(() -> start(entries(Map.of("name", "first"), Map.of("name", "first"))))
        .hasMessageContaining(
            "plugins[1].name: plugin 'first' is already configured by plugins[0]");
  }

  @Test
  void aDisabledEntryIsNeitherCreatedNorChecked() {
    ConfigSection root =
        ConfigSection.of(
            "",
            Map.of(
                "plugins",
                List.of(Map.of("name", "nosuch", "enabled", false, "config", Map.of("x", 1)))));
    assertThat(create(root.children("plugins"))).isSameAs(Plugins.none());
    assertThat(root.unknownKeys()).isEmpty();
  }

  @Test
  void createReadsTheConfigWithoutInitAndCloseClosesWhatItCreated() {
    AtomicInteger inits = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    TestPlugins.SCRIPTS.put(
        "first", new Scripted().init(c -> inits.incrementAndGet()).close(closes::incrementAndGet));
    ConfigSection root =
        ConfigSection.of(
            "", Map.of("plugins", List.of(Map.of("name", "first", "config", Map.of("note", "x")))));
    plugins = create(root.children("plugins"));
    assertThat(root.unknownKeys()).isEmpty();
    assertThat(closes).hasValue(0);

    assertThat(plugins.close(Duration.ofSeconds(5))).isTrue();
    assertThat(inits).hasValue(0);
    assertThat(closes).hasValue(1);
    assertThat(root.unknownKeys()).isEmpty();
  }

  @Test
  void emittedDriftGoesToTheDispatcherLabelledWithThePlugin() {
    TestPlugins.SCRIPTS.put(
        "first",
        new Scripted()
            .drift(
                (c, d) ->
                    c.emit(
                        DriftEvents.instanceTypeChanged("follow-up")
                            .withLabels(Map.of("ticket", "OPS-1")))));
    start(entries(Map.of("name", "first")));
    plugins.onDrift(DriftEvents.instanceTypeChanged());
    assertThat(dispatched)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo("follow-up");
              assertThat(d.labels()).containsEntry("emitted_by", "first");
              assertThat(d.labels()).containsEntry("ticket", "OPS-1");
            });
    assertThat(meters.get("tfdrift.plugin.emitted").tag("plugin", "first").counter().count())
        .isEqualTo(1);
  }

  @Test
  void anAnnotationAfterTheCallbackReturnedIsCountedAsLateNotApplied() throws Exception {
    AtomicReference<DriftEvent> seen = new AtomicReference<>();
    TestPlugins.SCRIPTS.put("first", new Scripted().drift((c, d) -> seen.set(d)));
    start(entries(Map.of("name", "first")));
    DriftEvent result = plugins.onDrift(DriftEvents.instanceTypeChanged());
    TestPlugins.SCRIPTS.get("first");
    ((Scripted) TestPlugins.SCRIPTS.get("first")).context.annotate(seen.get(), "late", "yes");
    assertThat(result.labels()).doesNotContainKey("late");
    assertThat(
            meters
                .get("tfdrift.plugin.annotations")
                .tag("plugin", "first")
                .tag("outcome", "late")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void countersAreTaggedWithThePluginAndRejectReservedNames() {
    TestPlugins.SCRIPTS.put(
        "first",
        new Scripted()
            .drift((c, d) -> c.counter("remediations", Map.of("outcome", "applied")).increment()));
    start(entries(Map.of("name", "first")));
    plugins.onDrift(DriftEvents.instanceTypeChanged());
    assertThat(
            meters
                .get("tfdrift.plugin.remediations")
                .tag("plugin", "first")
                .tag("outcome", "applied")
                .counter()
                .count())
        .isEqualTo(1);
    var context = ((Scripted) TestPlugins.SCRIPTS.get("first")).context;
    assertThatThrownBy(() -> context.counter("calls", Map.of()))
        .hasMessageContaining("counter name 'calls' must be lower snake case");
    assertThatThrownBy(() -> context.counter("Bad-Name", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> context.counter("ok", Map.of("plugin", "x")))
        .hasMessageContaining("not 'plugin'");
  }

  @Test
  void pluginsSeeTheCurrentStateAndHearOfRefreshes() throws Exception {
    CountDownLatch refreshed = new CountDownLatch(1);
    AtomicReference<StateView> view = new AtomicReference<>();
    TestPlugins.SCRIPTS.put(
        "first",
        new Scripted()
            .state(
                s -> {
                  view.set(s);
                  refreshed.countDown();
                }));
    start(entries(Map.of("name", "first")));
    StateView before = ((Scripted) TestPlugins.SCRIPTS.get("first")).context.state();
    assertThat(before.size()).isZero();

    store.refresh(
        "prod",
        new InMemoryStateBackend("default")
            .set(
                TerraformStates.builder()
                    .resource(
                        "aws_instance", "web", Map.of("id", "i-0abc", "instance_type", "t3.micro"))
                    .build()));
    plugins.onStateRefresh();

    assertThat(refreshed.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(view.get().find("aws_instance", "i-0abc"))
        .hasValueSatisfying(r -> assertThat(r.address()).isEqualTo("aws_instance.web"));
    assertThat(before.size()).isEqualTo(1);
    assertThat(before.states()).containsExactly("prod");
  }

  @Test
  void pluginsSeeSensitiveAttributesMasked() throws Exception {
    TestPlugins.SCRIPTS.put("first", new Scripted());
    start(entries(Map.of("name", "first")));
    store.refresh(
        "prod",
        new InMemoryStateBackend("default")
            .set(
                TerraformStates.builder()
                    .resource(
                        "",
                        "aws_db_instance",
                        "main",
                        Map.of("id", "db-1", "password", "hunter2", "engine", "postgres"),
                        List.of("password"))
                    .build()));
    StateView state = ((Scripted) TestPlugins.SCRIPTS.get("first")).context.state();
    assertThat(state.find("aws_db_instance", "db-1"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.attribute("password")).contains("(sensitive)");
              assertThat(r.attribute("engine")).contains("postgres");
            });
  }

  @Test
  void callbacksOfOnePluginNeverOverlap() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    TestPlugins.SCRIPTS.put(
        "first",
        new Scripted()
            .drift(
                (c, d) -> {
                  most.accumulateAndGet(running.incrementAndGet(), Math::max);
                  try {
                    Thread.sleep(2);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  running.decrementAndGet();
                }));
    start(entries(Map.of("name", "first")));
    ExecutorService workers = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 40; i++) {
      String id = "d" + i;
      workers.execute(() -> plugins.onDrift(DriftEvents.instanceTypeChanged(id)));
    }
    workers.shutdown();
    assertThat(workers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(most).hasValue(1);
    assertThat(calls("first", "ok")).isEqualTo(40);
  }

  @Test
  void closeCallsEveryPluginWithinTheDeadlineEvenWhenOneHangs() {
    AtomicInteger closed = new AtomicInteger();
    TestPlugins.SCRIPTS.put("first", new Scripted().close(() -> awaitUninterruptibly(release)));
    TestPlugins.SCRIPTS.put("second", new Scripted().close(closed::incrementAndGet));
    start(entries(Map.of("name", "first", "timeout", "200ms"), Map.of("name", "second")));

    long started = System.nanoTime();
    assertThat(plugins.close(Duration.ofSeconds(5))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    assertThat(closed).hasValue(1);
    assertThat(plugins.health())
        .extracting(PluginHealth::status)
        .containsOnly(PluginHealth.Status.CLOSED);
    assertThat(plugins.close(Duration.ofSeconds(1))).isTrue();
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
