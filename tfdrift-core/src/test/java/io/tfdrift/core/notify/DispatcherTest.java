package io.tfdrift.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.testkit.DriftEvents;
import io.tfdrift.testkit.MutableClock;
import io.tfdrift.testkit.RecordingNotifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatcherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private static DeliveryPolicy policy(String name, int retries) {
    return new DeliveryPolicy(
        name,
        Duration.ofSeconds(2),
        retries,
        Duration.ofMillis(5),
        Duration.ofMillis(20),
        0,
        Duration.ofSeconds(1),
        Severity.INFO,
        List.of(),
        Duration.ofMinutes(10),
        java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
  }

  private static DriftEvent drift(String id) {
    return DriftEvents.instanceTypeChanged(id);
  }

  private double count(String notifier, String outcome) {
    return meters
        .counter("tfdrift.notifications", "notifier", notifier, "outcome", outcome)
        .count();
  }

  @Test
  void retriesARetryableFailureUntilItIsDelivered() {
    RecordingNotifier notifier = new RecordingNotifier().failNext(2);
    Dispatcher d =
        Dispatcher.builder().route(policy("rec", 3), notifier).meterRegistry(meters).build();
    d.submit(drift("a1"));
    assertThat(notifier.awaitEvents(1, Duration.ofSeconds(30))).hasSize(1);
    assertThat(d.close(Duration.ofSeconds(30))).isTrue();
    assertThat(notifier.attempts()).isEqualTo(3);
    assertThat(count("rec", "sent")).isEqualTo(1);
    assertThat(count("rec", "retried")).isEqualTo(2);
    assertThat(notifier.closed()).isTrue();
  }

  @Test
  void deadLettersWhatStillFailsWithTheEventAndTheLastError() throws Exception {
    Path deadLetters = dir.resolve("dead/letters.jsonl");
    Notifier broken =
        e -> {
          throw DeliveryException.permanent(
              "HTTP 400 from hooks.example.com: invalid_payload", null);
        };
    Dispatcher d =
        Dispatcher.builder()
            .route(policy("hook", 3), broken)
            .deadLetterPath(deadLetters)
            .meterRegistry(meters)
            .build();
    d.submit(drift("b1"));
    assertThat(d.close(Duration.ofSeconds(30))).isTrue();
    List<String> lines = Files.readAllLines(deadLetters);
    assertThat(lines).hasSize(1);
    JsonNode line = JSON.readTree(lines.get(0));
    assertThat(line.get("notifier").asText()).isEqualTo("hook");
    assertThat(line.get("attempts").asInt()).as("permanent: no retry").isEqualTo(1);
    assertThat(line.get("last_error").asText()).contains("HTTP 400");
    assertThat(line.at("/event/id").asText()).isEqualTo("b1");
    assertThat(count("hook", "dead_lettered")).isEqualTo(1);
  }

  @Test
  void givesUpAfterMaxRetries() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    Notifier flaky =
        e -> {
          attempts.incrementAndGet();
          throw DeliveryException.retryable("HTTP 503", null);
        };
    Path deadLetters = dir.resolve("dl.jsonl");
    Dispatcher d =
        Dispatcher.builder()
            .route(policy("flaky", 2), flaky)
            .deadLetterPath(deadLetters)
            .meterRegistry(meters)
            .build();
    d.submit(drift("c1"));
    assertThat(d.close(Duration.ofSeconds(30))).isTrue();
    assertThat(attempts.get()).isEqualTo(3);
    assertThat(JSON.readTree(Files.readAllLines(deadLetters).get(0)).get("attempts").asInt())
        .isEqualTo(3);
  }

  @Test
  void honoursRetryAfter() {
    RecordingNotifier ok = new RecordingNotifier();
    AtomicInteger calls = new AtomicInteger();
    long[] times = new long[2];
    Notifier limited =
        e -> {
          int n = calls.getAndIncrement();
          times[Math.min(n, 1)] = System.nanoTime();
          if (n == 0) {
            throw DeliveryException.retryAfter("HTTP 429", Duration.ofMillis(300));
          }
          ok.send(e);
        };
    Dispatcher d =
        Dispatcher.builder().route(policy("limited", 3), limited).meterRegistry(meters).build();
    d.submit(drift("d1"));
    ok.awaitEvents(1, Duration.ofSeconds(30));
    assertThat(Duration.ofNanos(times[1] - times[0]))
        .isGreaterThanOrEqualTo(Duration.ofMillis(290));
    d.close(Duration.ofSeconds(1));
  }

  @Test
  void timesOutAHangingNotifierAndKeepsDeliveringToTheOthers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Notifier hanging =
        e -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retryable("interrupted", interrupted);
          }
        };
    RecordingNotifier healthy = new RecordingNotifier();
    DeliveryPolicy shortTimeout =
        new DeliveryPolicy(
            "hanging",
            Duration.ofMillis(100),
            0,
            Duration.ofMillis(5),
            Duration.ofMillis(5),
            0,
            Duration.ofSeconds(1),
            Severity.INFO,
            List.of(),
            Duration.ZERO,
            java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
    Path deadLetters = dir.resolve("dl.jsonl");
    Dispatcher d =
        Dispatcher.builder()
            .route(shortTimeout, hanging)
            .route(policy("healthy", 0), healthy)
            .workers(2)
            .deadLetterPath(deadLetters)
            .meterRegistry(meters)
            .build();
    for (int i = 0; i < 20; i++) {
      d.submit(drift("e" + i));
    }
    assertThat(healthy.awaitEvents(20, Duration.ofSeconds(30))).hasSize(20);
    assertThat(d.close(Duration.ofSeconds(30))).isTrue();
    release.countDown();
    assertThat(Files.readAllLines(deadLetters))
        .hasSize(20)
        .allSatisfy(l -> assertThat(l).contains("timed out after 100 ms"));
  }

  @Test
  void deliversTheSameDriftOncePerWindow() {
    RecordingNotifier notifier = new RecordingNotifier();
    Dispatcher d =
        Dispatcher.builder().route(policy("rec", 0), notifier).meterRegistry(meters).build();
    d.submit(drift("f1"));
    d.submit(drift("f1"));
    d.submit(drift("f2"));
    d.close(Duration.ofSeconds(30));
    assertThat(notifier.events()).extracting(DriftEvent::id).containsExactlyInAnyOrder("f1", "f2");
    assertThat(count("rec", "deduplicated")).isEqualTo(1);
  }

  @Test
  void deliversTheSameDriftAgainOnceItsWindowHasPassed() {
    RecordingNotifier notifier = new RecordingNotifier();
    MutableClock clock = MutableClock.at(Instant.parse("2026-11-23T10:00:00Z"));
    Dispatcher d =
        Dispatcher.builder()
            .route(policy("rec", 0), notifier)
            .meterRegistry(meters)
            .clock(clock)
            .build();
    d.submit(drift("g1"));
    clock.advance(Duration.ofMinutes(5));
    d.submit(drift("g1")); // inside the 10-minute window
    d.submit(drift("g2"));
    clock.advance(Duration.ofMinutes(6));
    d.submit(drift("g1")); // g1's window has passed; g2's has not
    d.submit(drift("g2"));
    clock.advance(Duration.ofMinutes(11));
    d.submit(drift("g1"));
    d.submit(drift("g2"));
    d.close(Duration.ofSeconds(30));
    assertThat(notifier.events())
        .extracting(DriftEvent::id)
        .containsExactlyInAnyOrder("g1", "g2", "g1", "g1", "g2");
    assertThat(count("rec", "deduplicated")).isEqualTo(2);
  }

  @Test
  void filtersBySeverityAndRule() {
    RecordingNotifier pager = new RecordingNotifier();
    DeliveryPolicy criticalOnly =
        new DeliveryPolicy(
            "pager",
            Duration.ofSeconds(1),
            0,
            Duration.ofMillis(5),
            Duration.ofMillis(5),
            0,
            Duration.ofSeconds(1),
            Severity.CRITICAL,
            List.of(),
            Duration.ZERO,
            java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
    RecordingNotifier team = new RecordingNotifier();
    DeliveryPolicy iamRule =
        new DeliveryPolicy(
            "team",
            Duration.ofSeconds(1),
            0,
            Duration.ofMillis(5),
            Duration.ofMillis(5),
            0,
            Duration.ofSeconds(1),
            Severity.INFO,
            List.of("iam"),
            Duration.ZERO,
            java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
    Dispatcher d =
        Dispatcher.builder()
            .route(criticalOnly, pager)
            .route(iamRule, team)
            .meterRegistry(meters)
            .build();
    d.submit(drift("g1"));
    d.submit(drift("g2").withClassification(Severity.CRITICAL, List.of("iam")));
    d.close(Duration.ofSeconds(30));
    assertThat(pager.events()).extracting(DriftEvent::id).containsExactly("g2");
    assertThat(team.events()).extracting(DriftEvent::id).containsExactly("g2");
    assertThat(count("pager", "filtered")).isEqualTo(1);
  }

  @Test
  void limitsTheRatePerNotifier() {
    RecordingNotifier notifier = new RecordingNotifier();
    DeliveryPolicy fivePerSecond =
        new DeliveryPolicy(
            "slow",
            Duration.ofSeconds(1),
            0,
            Duration.ofMillis(5),
            Duration.ofMillis(5),
            5,
            Duration.ofSeconds(1),
            Severity.INFO,
            List.of(),
            Duration.ZERO,
            java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
    Dispatcher d =
        Dispatcher.builder().route(fivePerSecond, notifier).meterRegistry(meters).build();
    long start = System.nanoTime();
    for (int i = 0; i < 8; i++) {
      d.submit(drift("h" + i));
    }
    notifier.awaitEvents(8, Duration.ofSeconds(30));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("3 beyond the burst wait for tokens")
        .isGreaterThan(Duration.ofMillis(500));
    assertThat(count("slow", "rate_limited")).isPositive();
    d.close(Duration.ofSeconds(1));
  }

  @Test
  void deadLettersWhatAFullLaneCannotTakeAndWhatIsLeftAtShutdown() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Notifier blocked =
        e -> {
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw DeliveryException.retryable("interrupted at shutdown", interrupted);
          }
        };
    Path deadLetters = dir.resolve("dl.jsonl");
    DeliveryPolicy p =
        new DeliveryPolicy(
            "blocked",
            Duration.ofSeconds(30),
            0,
            Duration.ofMillis(5),
            Duration.ofMillis(5),
            0,
            Duration.ofSeconds(1),
            Severity.INFO,
            List.of(),
            Duration.ZERO,
            java.util.EnumSet.allOf(io.tfdrift.api.inventory.Transition.class));
    Dispatcher d =
        Dispatcher.builder()
            .route(p, blocked)
            .workers(1)
            .laneCapacity(2)
            .deadLetterPath(deadLetters)
            .meterRegistry(meters)
            .build();
    for (int i = 0; i < 5; i++) {
      d.submit(drift("i" + i));
    }
    assertThat(d.close(Duration.ofMillis(200))).isFalse();
    release.countDown();
    List<String> lines = Files.readAllLines(deadLetters);
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("queue full (2)"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("not delivered before shutdown"));
    assertThat(count("blocked", "dropped")).isEqualTo(2);
  }

  @Test
  void readsItsPolicyFromTheNotifierSection() {
    var section =
        ConfigSection.of(
            "notifications.slack",
            java.util.Map.of(
                "timeout",
                "5s",
                "max_retries",
                5,
                "rate_limit",
                "600/m",
                "min_severity",
                "high",
                "rules",
                List.of("iam")));
    DeliveryPolicy p = DeliveryPolicy.read("slack", section);
    assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.maxRetries()).isEqualTo(5);
    assertThat(p.rateLimit()).isEqualTo(600);
    assertThat(p.ratePeriod()).isEqualTo(Duration.ofMinutes(1));
    assertThat(p.minSeverity()).isEqualTo(Severity.HIGH);
    var bad = ConfigSection.of("notifications.slack", java.util.Map.of("rate_limit", "fast"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DeliveryPolicy.read("slack", bad))
        .hasMessage(
            "notifications.slack.rate_limit: 'fast' is not a rate; write it as 10/s, 600/m or 1000/h");
  }

  @Test
  void backsOffExponentiallyWithFullJitterUpToTheCap() {
    DeliveryPolicy p = policy("x", 5);
    assertThat(p.delayBefore(1, 0.999)).isLessThanOrEqualTo(Duration.ofMillis(5));
    assertThat(p.delayBefore(2, 0.999)).isBetween(Duration.ofMillis(9), Duration.ofMillis(10));
    assertThat(p.delayBefore(10, 0.999)).isLessThanOrEqualTo(Duration.ofMillis(20));
    assertThat(p.delayBefore(3, 0.0)).isEqualTo(Duration.ZERO);
  }
}
