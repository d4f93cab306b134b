package io.tfdrift.core.notify;

import java.time.Duration;

/** A token bucket: {@code permits} per {@code period}, bursting up to {@code permits}. */
final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private double tokens;
  private long last;

  TokenBucket(int permits, Duration period) {
    this.capacity = permits;
    this.perNano = permits / (double) period.toNanos();
    this.tokens = permits;
    this.last = System.nanoTime();
  }

  /** Takes a token; returns 0 if one was free, else how many nanoseconds until one is. */
  synchronized long take() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / perNano);
  }
}
