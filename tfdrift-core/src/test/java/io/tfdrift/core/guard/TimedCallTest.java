package io.tfdrift.core.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimedCallTest {
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void tearDown() {
    timer.shutdownNow();
    executor.shutdownNow();
  }

  @Test
  void reportsACallThatReturnsOrThrows() {
    assertThat(TimedCall.here(timer, Duration.ofSeconds(5), () -> {}))
        .isEqualTo(TimedCall.Result.OK);
    IOException failure = new IOException("refused");
    TimedCall.Result r =
        TimedCall.here(
            timer,
            Duration.ofSeconds(5),
            () -> {
              throw failure;
            });
    assertThat(r.outcome()).isEqualTo(TimedCall.Outcome.ERROR);
    assertThat(r.error()).isSameAs(failure);
  }

  @Test
  void interruptsACallerThatOverrunsItsTimeout() {
    TimedCall.Result r =
        TimedCall.here(timer, Duration.ofMillis(50), () -> new CountDownLatch(1).await());
    assertThat(r).isEqualTo(TimedCall.Result.TIMEOUT);
    assertThat(Thread.currentThread().isInterrupted())
        .as("the interrupt is consumed, not left for the caller's next blocking call")
        .isFalse();
  }

  @Test
  void settlesAStuckCallAtItsTimeoutAndInterruptsIt() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    AtomicReference<TimedCall.Result> settled = new AtomicReference<>();
    TimedCall.Result r =
        TimedCall.on(
                executor,
                timer,
                Duration.ofMillis(50),
                () -> {
                  try {
                    new CountDownLatch(1).await();
                  } catch (InterruptedException e) {
                    interrupted.countDown();
                  }
                },
                settled::set)
            .get(5, TimeUnit.SECONDS);
    assertThat(r).isEqualTo(TimedCall.Result.TIMEOUT);
    assertThat(settled.get()).as("settled before the future completed").isEqualTo(r);
    assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void rejectsACallItsExecutorRefuses() throws Exception {
    executor.shutdown();
    TimedCall.Result r =
        TimedCall.on(executor, timer, Duration.ofSeconds(1), () -> {}, x -> {})
            .get(5, TimeUnit.SECONDS);
    assertThat(r.outcome()).isEqualTo(TimedCall.Outcome.REJECTED);
  }
}
