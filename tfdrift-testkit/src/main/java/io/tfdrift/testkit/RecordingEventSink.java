package io.tfdrift.testkit;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link EventSink} that keeps what it is given, with a capacity so that back-pressure can be
 * tested: {@link #offer} returns {@code false} once it holds {@code capacity} events.
 */
public final class RecordingEventSink implements EventSink {
  private final int capacity;
  private final List<AuditEvent> events = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();

  /** A sink with room for any number of events. */
  public RecordingEventSink() {
    this(Integer.MAX_VALUE);
  }

  /**
   * A sink that is full after {@code capacity} events.
   *
   * @param capacity how many events it takes
   */
  public RecordingEventSink(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized boolean offer(AuditEvent event) {
    if (events.size() >= capacity) {
      return false;
    }
    events.add(event);
    notifyAll();
    return true;
  }

  @Override
  public synchronized void put(AuditEvent event) throws InterruptedException {
    while (events.size() >= capacity) {
      wait();
    }
    events.add(event);
    notifyAll();
  }

  @Override
  public synchronized void reject(String input, String problem) {
    rejected.add(input + ": " + problem);
    notifyAll();
  }

  /**
   * The events handed over so far.
   *
   * @return a copy, in order
   */
  public synchronized List<AuditEvent> events() {
    return List.copyOf(events);
  }

  /**
   * The rejections reported so far, as {@code input: problem}.
   *
   * @return a copy, in order
   */
  public synchronized List<String> rejected() {
    return List.copyOf(rejected);
  }

  /**
   * Waits until at least {@code count} events arrived.
   *
   * @param count how many
   * @param timeout how long at most
   * @return the events
   * @throws AssertionError if fewer arrived in time
   */
  public synchronized List<AuditEvent> awaitEvents(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (events.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "expected " + count + " audit events within " + timeout + ", got " + events.size());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for audit events", e);
      }
    }
    return List.copyOf(events);
  }
}
