package io.tfdrift.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until the test moves it, for time-based behaviour (dedup
 * windows, cache lifetimes, cooldowns, refresh intervals) tested without sleeping. Thread-safe: the
 * code under test may read it on its own threads while the test advances it.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-11-23T10:00:00Z"));
 * Dispatcher dispatcher = Dispatcher.builder().clock(clock).route(policy, notifier).build();
 * dispatcher.submit(drift);
 * clock.advance(Duration.ofMinutes(11)); // past the 10-minute dedup window
 * dispatcher.submit(drift);              // delivered again
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * A clock showing {@code start} in UTC.
   *
   * @param start the first instant it shows
   * @return the clock
   */
  public static MutableClock at(Instant start) {
    return new MutableClock(
        new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * Moves the clock forward.
   *
   * @param amount how far; must not be negative
   * @return the instant the clock now shows
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a clock does not go back: " + amount);
    }
    return now.updateAndGet(t -> t.plus(amount));
  }

  /**
   * Sets the clock to an instant, earlier or later.
   *
   * @param instant the instant it shows from now on
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A view in another zone that shares this clock's time: advancing one moves both. */
  @Override
  public Clock withZone(ZoneId value) {
    return value.equals(zone) ? this : new MutableClock(now, value);
  }
}
