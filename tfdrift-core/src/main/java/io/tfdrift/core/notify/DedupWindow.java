package io.tfdrift.core.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One notifier's dedup window: a drift id is let through once per window. Ids are forgotten
 * oldest-first: the window is the same for every id, so they expire in the order they were
 * remembered and each check does O(1) work on average. (Scanning the whole map instead made every
 * submit O(ids in the window) once there were 10,000 of them: the load driver measured it at a few
 * hundred drifts per second.)
 */
final class DedupWindow {
  /** When an id is forgotten. */
  private record Expiry(String id, long until) {}

  private final long windowMillis;
  private final Clock clock;
  private final Map<String, Long> recent = new ConcurrentHashMap<>();
  private final Deque<Expiry> expiries = new ArrayDeque<>();

  DedupWindow(Duration window, Clock clock) {
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /** Whether {@code id} was already let through within the window; remembers it if not. */
  boolean seen(String id) {
    if (windowMillis <= 0) {
      return false;
    }
    long now = clock.millis();
    forgetExpired(now);
    Long until = recent.putIfAbsent(id, now + windowMillis);
    if (until != null && until < now) {
      recent.put(id, now + windowMillis);
      remember(id, now + windowMillis);
      return false;
    }
    if (until == null) {
      remember(id, now + windowMillis);
    }
    return until != null;
  }

  private void forgetExpired(long now) {
    synchronized (expiries) {
      Expiry oldest;
      while ((oldest = expiries.peekFirst()) != null && oldest.until() < now) {
        expiries.pollFirst();
        recent.remove(oldest.id(), oldest.until());
      }
    }
  }

  private void remember(String id, long until) {
    synchronized (expiries) {
      expiries.addLast(new Expiry(id, until));
    }
  }
}
