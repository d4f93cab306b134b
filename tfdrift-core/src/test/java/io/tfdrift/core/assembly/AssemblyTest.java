package io.tfdrift.core.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.core.config.ConfigLoader;
import io.tfdrift.core.config.Problems;
import io.tfdrift.core.registry.AuditFormats;
import io.tfdrift.core.registry.ProviderRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssemblyTest {
  @TempDir Path providers;
  @TempDir Path work;
  private ProviderRegistry registry;

  private static final String DAEMON =
      """
      providers:
        aws:
          regions: [us-east-1]
          states:
            - name: one
              backend: counting
              name_hint: first-backend
            - name: two
              backend: counting
              name_hint: second-backend
      notifications:
        counting: {}
      store:
        type: counting
      sources:
        - type: counting
      counting:
        enabled: true
      """;

  @BeforeEach
  void setUp() throws IOException {
    CountingProviders.reset();
    registry = CountingProviders.registry(providers);
  }

  private ComponentConfig root(String yaml) {
    Problems problems = new Problems();
    ComponentConfig root =
        Assembly.root(ConfigLoader.parse(yaml, "test.yaml", Map.of()), registry, problems);
    problems.throwIfAny();
    return root;
  }

  private Components build(String yaml, Assembly.Scope scope) {
    return Assembly.builder(root(yaml), registry).scope(scope).build();
  }

  @Test
  void buildsEveryComponentOnce() {
    try (Components c = build(DAEMON, Assembly.Scope.DAEMON)) {
      assertThat(c.states()).hasSize(2);
      assertThat(c.sourceCount()).isEqualTo(2);
      assertThat(c.takeSources())
          .extracting(ConfiguredSource::name)
          .containsExactly("counting", "counting");
    }
    assertThat(CountingProviders.created("first-backend")).isEqualTo(1);
    assertThat(CountingProviders.created("second-backend")).isEqualTo(1);
    assertThat(CountingProviders.created("notifier")).isEqualTo(1);
    assertThat(CountingProviders.created("store")).isEqualTo(1);
    assertThat(CountingProviders.created("source")).isEqualTo(2);
    assertThat(CountingProviders.created("started source")).as("building starts nothing").isZero();
  }

  @Test
  void aDecodingSourceIsGivenTheRegistrysAuditFormatsThoseOnlyItsLoadersSeeIncluded() {
    String yaml =
        DAEMON.replace("sources:\n  - type: counting\n", "sources:\n  - type: decoding\n");
    assertThat(yaml).contains("type: decoding");
    try (Components c = build(yaml, Assembly.Scope.DAEMON)) {
      assertThat(c.takeSources())
          .extracting(ConfiguredSource::name)
          .containsExactly("decoding", "counting");
    }
    assertThat(CountingProviders.formatsGiven).contains("cloudtrail", "counting-format");
    assertThat(AuditFormats.onClassPath())
        .as("the application's class loader alone")
        .doesNotContainKey("counting-format");
  }

  @Test
  void theDaemonKeepsAnInventoryWhoseLifecycleNotifiesEachNotifier() throws Exception {
    try (Components c = build(DAEMON, Assembly.Scope.DAEMON)) {
      assertThat(c.inventory()).isPresent();
      assertThat(c.pipeline().inventory()).containsSame(c.inventory().get());
      assertThat(c.outbox()).isPresent();
      c.inventory().get().record(io.tfdrift.testkit.DriftEvents.instanceTypeChanged());
      assertThat(
              c.inventory()
                  .get()
                  .store()
                  .claim("test", 10, java.time.Instant.now(), java.time.Duration.ofMinutes(1)))
          .singleElement()
          .satisfies(n -> assertThat(n.notifier()).isEqualTo("counting"));
    }
  }

  @Test
  void storeTypeNoneKeepsNoInventoryAndAReplayKeepsNoneUnlessAsked() {
    try (Components c =
        build(DAEMON.replace("  type: counting\n", "  type: none\n"), Assembly.Scope.DAEMON)) {
      assertThat(c.inventory()).isEmpty();
      assertThat(c.pipeline().inventory()).isEmpty();
    }
    try (Components c = build(DAEMON, Assembly.Scope.DELIVERY)) {
      assertThat(c.inventory()).isEmpty();
    }
    try (Components c =
        Assembly.builder(root(DAEMON), registry)
            .scope(Assembly.Scope.ENGINE)
            .inventory(true)
            .build()) {
      assertThat(c.inventory()).as("replay --store").isPresent();
    }
    assertThat(CountingProviders.created("store")).isEqualTo(1);
  }

  @Test
  void highAvailabilityNeedsAStoreEveryReplicaShares() {
    assertThatThrownBy(
            () ->
                Assembly.builder(root(DAEMON), registry)
                    .scope(Assembly.Scope.DAEMON)
                    .sharedStore(true)
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.type: high_availability needs a drift store every replica")
        .hasMessageContaining("'counting' is for one process");
    assertThat(CountingProviders.created("store")).as("nothing opened after a problem").isZero();
    try (Components c =
        Assembly.builder(root(DAEMON.replace("  type: counting\n", "  type: none\n")), registry)
            .scope(Assembly.Scope.DAEMON)
            .sharedStore(true)
            .build()) {
      assertThat(c.inventory()).as("no inventory: nothing to share").isEmpty();
    }
    try (Components c =
        Assembly.builder(root(DAEMON.replace("  type: counting\n", "  type: shared\n")), registry)
            .scope(Assembly.Scope.DAEMON)
            .sharedStore(true)
            .build()) {
      assertThat(c.inventory()).isPresent();
    }
  }

  @Test
  void validateChecksTheStoreWithoutOpeningIt() {
    try (Components c =
        Assembly.builder(root(DAEMON), registry)
            .scope(Assembly.Scope.DAEMON)
            .openStore(false)
            .build()) {
      assertThat(c.inventory()).isEmpty();
      assertThat(c.storeSettings()).isPresent();
    }
    assertThat(CountingProviders.created("store")).isZero();
    assertThatThrownBy(
            () ->
                Assembly.builder(
                        root(DAEMON.replace("  type: counting\n", "  type: dynamo\n")), registry)
                    .scope(Assembly.Scope.DAEMON)
                    .openStore(false)
                    .build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("store.type: unknown drift store type 'dynamo'");
  }

  @Test
  void closesEverythingItBuiltThatWasNotTakenOver() {
    build(DAEMON, Assembly.Scope.DAEMON).close();
    assertThat(CountingProviders.closed("first-backend")).isEqualTo(1);
    assertThat(CountingProviders.closed("second-backend")).isEqualTo(1);
    assertThat(CountingProviders.closed("notifier")).isEqualTo(1);
    assertThat(CountingProviders.closed("store")).isEqualTo(1);
    assertThat(CountingProviders.closed("source")).isEqualTo(2);
  }

  @Test
  void buildsNewSourcesForEachLaterLeadershipTerm() {
    try (Components c = build(DAEMON, Assembly.Scope.DAEMON)) {
      c.takeSources().forEach(s -> s.source().close());
      assertThat(c.takeSources()).hasSize(2);
    }
    assertThat(CountingProviders.created("source")).isEqualTo(4);
  }

  @Test
  void closesWhatWasBuiltWhenALaterProviderFails() {
    String yaml =
        DAEMON.replace(
            "notifications:\n  counting: {}", "notifications:\n  counting: {}\n  exploding: {}");
    assertThatThrownBy(() -> build(yaml, Assembly.Scope.DAEMON))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.exploding: could not be created")
        .hasMessageContaining("boom");
    assertThat(CountingProviders.created("first-backend")).isEqualTo(1);
    assertThat(CountingProviders.closed("first-backend")).isEqualTo(1);
    assertThat(CountingProviders.closed("second-backend")).isEqualTo(1);
    assertThat(CountingProviders.closed("notifier"))
        .as("the notifier created before the failing one")
        .isEqualTo(1);
    assertThat(CountingProviders.closed("source")).isEqualTo(CountingProviders.created("source"));
  }

  @Test
  void closesWhatWasBuiltWhenTheConfigurationHasAnUnknownKey() {
    assertThatThrownBy(() -> build(DAEMON + "servr:\n  listen: \":8080\"\n", Assembly.Scope.DAEMON))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("servr: unknown key; did you mean 'server'?");
    assertThat(CountingProviders.closed("first-backend")).isEqualTo(1);
    assertThat(CountingProviders.closed("notifier")).isEqualTo(1);
    assertThat(CountingProviders.closed("source")).isEqualTo(2);
  }

  @Test
  void reportsEveryProblemAtOnce() {
    String yaml =
        DAEMON
            + """
            server:
              listen: "[::1]:99999"
            performance:
              notifier_workers: 0
            """;
    assertThatThrownBy(() -> build(yaml, Assembly.Scope.DAEMON))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .anyMatch(p -> p.startsWith("server.listen:"))
                    .anyMatch(p -> p.startsWith("performance.notifier_workers:")));
  }

  @Test
  void leavesTheDaemonsSectionsAloneInTheEnginesScope() {
    try (Components c = build(DAEMON, Assembly.Scope.ENGINE)) {
      assertThat(c.states()).hasSize(2);
      assertThat(c.sourceCount()).isZero();
      assertThat(c.admin()).isEmpty();
    }
    assertThat(CountingProviders.created("notifier")).isZero();
    assertThat(CountingProviders.created("source")).isZero();
  }

  @Test
  void createsNoFileOrDirectoryWhenBuilt() throws IOException {
    String yaml =
        """
        notifications:
          dead_letter_path: %s
          jsonl:
            path: %s
        store:
          type: counting
        """
            .formatted(work.resolve("dead/letters.jsonl"), work.resolve("out/drift.jsonl"));
    Assembly.builder(root(yaml), registry)
        .scope(Assembly.Scope.DAEMON)
        .openStore(false)
        .build()
        .close();
    assertThat(CountingProviders.created("store")).as("validate opens no store").isZero();
    try (Stream<Path> files = Files.list(work)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void rejectsAnOutputFileThatCouldNeverBeWritten() throws IOException {
    Path dir = Files.createDirectories(work.resolve("a-directory"));
    String yaml = "notifications:\n  jsonl:\n    path: " + dir + "\n";
    assertThatThrownBy(() -> build(yaml, Assembly.Scope.DAEMON))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("notifications.jsonl.path")
        .hasMessageContaining("is a directory");
  }

  @Test
  void suggestsANestedKeyEvenWhenItsBackendCouldNotBeCreated() {
    String yaml =
        """
        providers:
          gcp:
            state:
              backend: lcal
              locl_path: ./terraform.tfstate
          aws:
            states:
              - backend: counting
                s3_bukcet: b
        """;
    assertThatThrownBy(() -> build(yaml, Assembly.Scope.ENGINE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.gcp.state.backend: unknown state backend type 'lcal'")
        .hasMessageContaining(
            "providers.gcp.state.locl_path: unknown key; did you mean 'local_path'?")
        .hasMessageContaining(
            "providers.aws.states[0].s3_bukcet: unknown key; did you mean 's3_bucket'?");
  }

  @Test
  void neverSuggestsAKeyAsItself() {
    String yaml =
        """
        providers:
          aws:
            state:
              backend: counting
              s3_region: eu-west-1
        """;
    assertThatThrownBy(() -> build(yaml, Assembly.Scope.ENGINE))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.aws.state.s3_region: unknown key")
        .hasMessageNotContaining("did you mean 's3_region'");
  }

  @Test
  void givesExtraStatesAFreeName() {
    ComponentConfig root = root(DAEMON);
    Components probe = Assembly.builder(root, registry).build();
    var one = probe.states().get(0).settings();
    probe.close();
    try (Components c =
        Assembly.builder(root(DAEMON), registry).extraStates(java.util.List.of(one)).build()) {
      assertThat(c.states())
          .extracting(s -> s.settings().name())
          .containsExactly("one", "two", "one-2");
    }
  }
}
