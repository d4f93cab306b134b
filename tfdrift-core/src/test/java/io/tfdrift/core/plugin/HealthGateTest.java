package io.tfdrift.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthGateTest {
  private final AtomicLong now = new AtomicLong();
  private final HealthGate gate =
      new HealthGate("cost", "1.0", 2, Duration.ofSeconds(60), now::get);

  private void after(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void refusesEveryCallbackUntilInitSucceeded() {
    assertThat(gate.admit()).isFalse();
    assertThat(gate.health().lastError()).isEqualTo("not initialised yet");

    gate.initialised(false, "init threw java.lang.IllegalStateException: no key");
    after(Duration.ofDays(1));

    assertThat(gate.admit()).isFalse();
    assertThat(gate.health().status()).isEqualTo(PluginHealth.Status.FAILED);
    assertThat(gate.health().lastError()).contains("no key");
  }

  @Test
  void turnsUnhealthyAtTheThresholdAndSaysSoOnce() {
    gate.initialised(true, "");

    assertThat(gate.failed("onDriftDetected threw x")).isEqualTo(new HealthGate.Failure(1, false));
    assertThat(gate.admit()).isTrue();
    assertThat(gate.failed("onDriftDetected threw y")).isEqualTo(new HealthGate.Failure(2, true));

    assertThat(gate.admit()).isFalse();
    assertThat(gate.healthy()).isFalse();
    assertThat(gate.health())
        .isEqualTo(
            new PluginHealth(
                "cost", "1.0", PluginHealth.Status.UNHEALTHY, 2, "onDriftDetected threw y"));
  }

  @Test
  void aSuccessBeforeTheThresholdResetsTheCount() {
    gate.initialised(true, "");
    gate.failed("a");

    assertThat(gate.succeeded()).as("not a recovery").isFalse();
    assertThat(gate.failed("b")).isEqualTo(new HealthGate.Failure(1, false));
    assertThat(gate.healthy()).isTrue();
  }

  @Test
  void letsOneTrialCallThroughAfterTheCooldownAndRecoversOnItsSuccess() {
    gate.initialised(true, "");
    gate.failed("a");
    gate.failed("b");

    after(Duration.ofSeconds(59));
    assertThat(gate.admit()).isFalse();
    after(Duration.ofSeconds(1));
    assertThat(gate.admit()).as("the trial").isTrue();
    assertThat(gate.admit()).as("a second call while the trial runs").isFalse();

    assertThat(gate.succeeded()).as("recovered").isTrue();
    assertThat(gate.health())
        .isEqualTo(new PluginHealth("cost", "1.0", PluginHealth.Status.HEALTHY, 0, ""));
    assertThat(gate.admit()).isTrue();
  }

  @Test
  void aFailedTrialStartsAnotherCooldown() {
    gate.initialised(true, "");
    gate.failed("a");
    gate.failed("b");
    after(Duration.ofSeconds(60));
    assertThat(gate.admit()).isTrue();

    assertThat(gate.failed("c")).isEqualTo(new HealthGate.Failure(3, false));

    assertThat(gate.admit()).isFalse();
    after(Duration.ofSeconds(59));
    assertThat(gate.admit()).isFalse();
    after(Duration.ofSeconds(1));
    assertThat(gate.admit()).isTrue();
  }

  @Test
  void refusesEverythingOnceClosed() {
    gate.initialised(true, "");
    gate.closed();

    assertThat(gate.admit()).isFalse();
    assertThat(gate.health().status()).isEqualTo(PluginHealth.Status.CLOSED);
  }
}
