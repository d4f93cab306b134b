package io.tfdrift.falco.grpc;

import java.time.Duration;

/**
 * Reconnect delays: {@code initial}, doubling after every failed attempt, capped at {@code max}; no
 * jitter, since there is one Falco per client. An attempt whose connection lived at least {@code
 * max} was healthy, and the next delay starts again from {@code initial}.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private Duration next;

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  /**
   * The delay before the next attempt, given how long the last one lived.
   *
   * @param lived how long the finished attempt's connection lasted
   * @return the delay to wait
   */
  Duration after(Duration lived) {
    if (lived.compareTo(max) >= 0) {
      next = initial;
    }
    Duration delay = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return delay;
  }

  Duration max() {
    return max;
  }
}
