package io.tfdrift.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginContext;
import io.tfdrift.api.spi.PluginProvider;
import io.tfdrift.api.spi.StateView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The harness runs a plugin as the daemon would and records everything it did, so that plugin tests
 * read as specifications.
 */
class PluginHarnessTest {

  /** Labels drifted instances with their owner tag from state, and emits a follow-up. */
  static final class OwnerPlugin implements Plugin {
    private final String defaultOwner;
    private PluginContext context;
    final AtomicReference<DriftEvent> lastSeen = new AtomicReference<>();

    OwnerPlugin(ComponentConfig config) {
      this.defaultOwner = config.string("default_owner", "unknown");
    }

    @Override
    public String name() {
      return "owner";
    }

    @Override
    public String version() {
      return "1.0.0";
    }

    @Override
    public void init(PluginContext c) {
      this.context = c;
      c.logger().log(System.Logger.Level.INFO, "owner plugin ready, default {0}", defaultOwner);
    }

    @Override
    public void onDriftDetected(DriftEvent event) {
      lastSeen.set(event);
      String owner =
          context
              .state()
              .find(event.resource().type(), event.resource().id())
              .flatMap(r -> r.attribute("tags"))
              .map(tags -> String.valueOf(((Map<?, ?>) tags).get("owner")))
              .orElse(defaultOwner);
      context.annotate(event, "owner", owner);
      context
          .counter("owners", Map.of("found", String.valueOf(!owner.equals(defaultOwner))))
          .increment();
      if (event.id().equals("boom")) {
        throw new IllegalStateException("boom");
      }
      if (event.id().equals("hang")) {
        try {
          Thread.sleep(10_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (event.id().equals("emit")) {
        context.emit(DriftEvents.instanceTypeChanged("follow-up"));
      }
    }

    @Override
    public void onStateRefresh(StateView state) {
      context.logger().log(System.Logger.Level.DEBUG, "state now has {0} resources", state.size());
    }
  }

  static final class OwnerProvider implements PluginProvider {
    @Override
    public String type() {
      return "owner";
    }

    @Override
    public Plugin create(ComponentConfig config) {
      return new OwnerPlugin(config);
    }
  }

  private static PluginHarness harness() {
    return PluginHarness.of(new OwnerProvider())
        .config(Map.of("default_owner", "platform"))
        .state(
            "prod",
            TerraformStates.builder()
                .resource(
                    "aws_instance",
                    "web",
                    Map.of("id", "i-0abc123def4567890", "tags", Map.of("owner", "payments"))));
  }

  @Test
  void returnsTheDriftWithTheLabelsAddedDuringTheCallback() {
    try (PluginHarness harness = harness().start()) {
      DriftEvent delivered = harness.drift(DriftEvents.instanceTypeChanged());

      assertThat(delivered.labels())
          .containsEntry("owner", "payments")
          .containsEntry("environment", "production");
      assertThat(harness.annotations(delivered)).containsExactly(Map.entry("owner", "payments"));
      assertThat(harness.counter("owners", Map.of("found", "true"))).isEqualTo(1);
      assertThat(harness.counters()).containsExactly(Map.entry("owners{found=true}", 1L));
      assertThat(harness.logs(System.Logger.Level.INFO))
          .containsExactly("owner plugin ready, default platform");
      assertThat(harness.unknownKeys()).isEmpty();
    }
  }

  @Test
  void recordsEmittedDriftAndLateAnnotations() {
    try (PluginHarness harness = harness().start()) {
      harness.drift(DriftEvents.instanceTypeChanged("emit"));
      assertThat(harness.emitted()).extracting(DriftEvent::id).containsExactly("follow-up");

      OwnerPlugin plugin = (OwnerPlugin) harness.plugin();
      PluginContext context = plugin.context;
      context.annotate(plugin.lastSeen.get(), "late", "yes");
      assertThat(harness.lateAnnotations()).containsExactly("emit late=yes");
    }
  }

  @Test
  void passesStateRefreshesAndTheStateView() {
    try (PluginHarness harness = harness().start()) {
      harness.refreshState();
      assertThat(harness.logs(System.Logger.Level.DEBUG))
          .containsExactly("state now has 1 resources");
    }
  }

  @Test
  void throwsWhatTheCallbackThrows() {
    try (PluginHarness harness = harness().start()) {
      assertThatThrownBy(() -> harness.drift(DriftEvents.instanceTypeChanged("boom")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom");
    }
  }

  @Test
  void failsTheTestWhenACallbackOutlivesItsTimeout() {
    try (PluginHarness harness = harness().timeout(Duration.ofMillis(200)).start()) {
      assertThatThrownBy(() -> harness.drift(DriftEvents.instanceTypeChanged("hang")))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("onDriftDetected did not return within PT0.2S");
    }
  }

  @Test
  void reportsConfigKeysThePluginNeverRead() {
    try (PluginHarness harness =
        PluginHarness.of(new OwnerProvider())
            .config(Map.of("default_owner", "x", "defualt_team", "y"))
            .start()) {
      assertThat(harness.unknownKeys())
          .singleElement()
          .asString()
          .contains("plugins[0].config.defualt_team");
    }
  }

  @Test
  void showsSensitiveAttributesMaskedAsTheDaemonDoes() {
    try (PluginHarness harness =
        PluginHarness.of(new OwnerProvider())
            .state(
                "prod",
                TerraformStates.builder()
                    .resource(
                        "",
                        "aws_db_instance",
                        "main",
                        Map.of("id", "db-1", "password", "hunter2"),
                        List.of("password")))
            .start()) {
      OwnerPlugin plugin = (OwnerPlugin) harness.plugin();
      assertThat(plugin.context.state().find("aws_db_instance", "db-1"))
          .hasValueSatisfying(r -> assertThat(r.attribute("password")).contains("(sensitive)"));
    }
  }

  @Test
  void buildsManagedResourcesFromAStateBuilder() {
    var resources =
        TerraformStates.builder()
            .resource(
                "module.db",
                "aws_db_instance",
                "main",
                Map.of("id", "db-1", "password", "s"),
                List.of("password"))
            .resources("prod");
    assertThat(resources)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.address()).isEqualTo("module.db.aws_db_instance.main");
              assertThat(r.id()).isEqualTo("db-1");
              assertThat(r.isSensitive("password")).isTrue();
            });
  }
}
