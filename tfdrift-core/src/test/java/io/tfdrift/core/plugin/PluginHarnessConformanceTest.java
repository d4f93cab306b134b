package io.tfdrift.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.spi.PluginContext;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.plugin.TestPlugins.Scripted;
import io.tfdrift.core.state.StateIndex;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.InMemoryStateBackend;
import io.tfdrift.testkit.PluginHarness;
import io.tfdrift.testkit.TerraformStates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The testkit's {@link PluginHarness} cannot run the daemon's plugin host (plugin authors get the
 * API and the testkit only, and core's own tests use the testkit), so it implements what a plugin
 * sees itself. This test holds it to the real host: the same plugin, scripted once, run through
 * both, must see the same state, get the same answers from its context and leave the same labels,
 * emitted drift and counts behind.
 */
class PluginHarnessConformanceTest {
  @TempDir Path dir;

  private static final TerraformStates STATE =
      TerraformStates.builder()
          .resource(
              "",
              "aws_db_instance",
              "main",
              Map.of(
                  "id",
                  "db-1",
                  "arn",
                  "arn:aws:rds:eu-west-1:111122223333:db:main",
                  "identifier",
                  "main",
                  "password",
                  "hunter2",
                  "allocated_storage",
                  20),
              List.of("password"))
          .resource(
              "aws_instance",
              "web",
              Map.of("id", "i-0abc", "instance_type", "t3.micro", "tags", Map.of("Name", "web")));

  /** What the scripted plugin observed through its context, in order. */
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  private Scripted plugin;

  @BeforeEach
  void script() {
    TestPlugins.SCRIPTS.clear();
    plugin = new Scripted().drift((context, drift) -> onDrift(context, drift));
    TestPlugins.SCRIPTS.put("first", plugin);
  }

  private void onDrift(PluginContext context, DriftEvent drift) {
    context.annotate(drift, "owner", "team-a");
    context.annotate(drift, "tier", "1");
    context.annotate(drift, "owner", "team-b");
    context.counter("estimates", Map.of("outcome", "priced")).increment();
    context.counter("estimates", Map.of("outcome", "priced")).add(2);
    attempt("reserved counter", () -> context.counter("calls", Map.of()));
    attempt("camel-case counter", () -> context.counter("badName", Map.of()));
    attempt("plugin tag", () -> context.counter("ok", Map.of("plugin", "x")));
    attempt("negative increment", () -> context.counter("ok", Map.of()).add(-1));
    attempt("blank annotation", () -> context.annotate(drift, " ", "x"));
    for (String identifier :
        List.of("db-1", "arn:aws:rds:eu-west-1:111122223333:db:main", "main", "nothing")) {
      seen.add(
          "find "
              + identifier
              + " -> "
              + describe(context.state().find("aws_db_instance", identifier)));
    }
    seen.add("find i-0abc -> " + describe(context.state().find("aws_instance", "i-0abc")));
    seen.add("states " + context.state().states() + ", size " + context.state().size());
    context.emit(DriftEvents.instanceTypeChanged("follow-up"));
  }

  private void attempt(String what, Runnable call) {
    try {
      call.run();
      seen.add(what + ": accepted");
    } catch (RuntimeException e) {
      seen.add(what + ": " + e.getClass().getSimpleName());
    }
  }

  private static String describe(Optional<ManagedResource> found) {
    return found
        .map(r -> r.address() + " " + new java.util.TreeMap<>(r.attributes()))
        .orElse("none");
  }

  /** What a run left behind. */
  private record Outcome(
      Map<String, String> labels,
      List<String> seen,
      List<Map<String, String>> emittedLabels,
      List<String> emittedIds,
      double priced,
      double late) {}

  private Outcome outcome(
      DriftEvent delivered, List<DriftEvent> emitted, double priced, double late) {
    return new Outcome(
        delivered.labels(),
        List.copyOf(seen),
        emitted.stream().map(DriftEvent::labels).toList(),
        emitted.stream().map(DriftEvent::id).toList(),
        priced,
        late);
  }

  private Outcome throughTheHarness() {
    seen.clear();
    try (PluginHarness harness =
        PluginHarness.of(new TestPlugins.First())
            .config(Map.of("note", "x"))
            .state("prod", STATE)
            .start()) {
      DriftEvent drift = DriftEvents.instanceTypeChanged("d-1");
      DriftEvent delivered = harness.drift(drift);
      plugin.context.annotate(drift, "late", "x");
      assertThat(harness.unknownKeys()).isEmpty();
      return outcome(
          delivered,
          harness.emitted(),
          harness.counter("estimates", Map.of("outcome", "priced")),
          harness.lateAnnotations().size());
    }
  }

  private Outcome throughTheDaemonsHost() throws Exception {
    seen.clear();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    List<DriftEvent> dispatched = Collections.synchronizedList(new ArrayList<>());
    StateStore store = new StateStore();
    store.refresh("prod", new InMemoryStateBackend("default").set(STATE.build()));
    ConfigSection root =
        ConfigSection.of(
            "", Map.of("plugins", List.of(Map.of("name", "first", "config", Map.of("note", "x")))));
    List<ComponentConfig> entries = root.children("plugins");
    Plugins plugins =
        Plugins.create(
            entries, TestPlugins.registry(dir), store, dispatched::add, meters, System::nanoTime);
    try {
      plugins.init();
      DriftEvent drift = DriftEvents.instanceTypeChanged("d-1");
      DriftEvent delivered = plugins.onDrift(drift);
      plugin.context.annotate(drift, "late", "x");
      assertThat(root.unknownKeys()).isEmpty();
      return outcome(
          delivered,
          dispatched,
          count(
              meters, "tfdrift.plugin.estimates", Tags.of("plugin", "first", "outcome", "priced")),
          count(
              meters, "tfdrift.plugin.annotations", Tags.of("plugin", "first", "outcome", "late")));
    } finally {
      plugins.close(Duration.ofSeconds(5));
    }
  }

  private static double count(SimpleMeterRegistry meters, String name, Tags tags) {
    Counter counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void theHarnessFindsResourcesWithTheSameTablesAsTheStateIndex() throws Exception {
    for (String table : List.of("identifier-attributes.txt", "type-aliases.txt")) {
      try (var core = StateIndex.class.getResourceAsStream(table);
          var testkit = PluginHarness.class.getResourceAsStream(table)) {
        assertThat(testkit)
            .as(
                "tfdrift-testkit/src/main/resources/io/tfdrift/testkit/%s must be a copy of"
                    + " tfdrift-core's; copy it again",
                table)
            .hasSameContentAs(core);
      }
    }
  }

  @Test
  void aPluginSeesAndLeavesTheSameInTheHarnessAsInTheDaemon() throws Exception {
    Outcome daemon = throughTheDaemonsHost();
    Outcome harness = throughTheHarness();

    assertThat(harness.seen()).containsExactlyElementsOf(daemon.seen());
    assertThat(harness).isEqualTo(daemon);
    assertThat(daemon.labels()).containsEntry("owner", "team-b").containsEntry("tier", "1");
    assertThat(daemon.priced()).isEqualTo(3);
    assertThat(daemon.late()).isEqualTo(1);
  }
}
