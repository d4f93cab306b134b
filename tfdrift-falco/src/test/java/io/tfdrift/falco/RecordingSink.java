package io.tfdrift.falco;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link EventSink} that records what it gets and can play a full queue. */
public final class RecordingSink implements EventSink {
  private final List<AuditEvent> events = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();
  private final AtomicInteger room = new AtomicInteger(Integer.MAX_VALUE);

  /** Lets only {@code n} more events in; {@link #offer} returns false after that. */
  public RecordingSink room(int n) {
    room.set(n);
    return this;
  }

  @Override
  public synchronized boolean offer(AuditEvent event) {
    if (room.get() <= 0) {
      return false;
    }
    room.decrementAndGet();
    events.add(event);
    notifyAll();
    return true;
  }

  @Override
  public synchronized void put(AuditEvent event) {
    events.add(event);
    notifyAll();
  }

  @Override
  public synchronized void reject(String input, String problem) {
    rejected.add(input + ": " + problem);
  }

  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  public synchronized List<String> rejected() {
    return List.copyOf(rejected);
  }

  /** Waits until at least {@code n} events arrived; returns them. */
  public synchronized List<AuditEvent> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + n + " events, got " + events.size());
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(events);
  }
}
