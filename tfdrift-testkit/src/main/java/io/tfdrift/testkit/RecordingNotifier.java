package io.tfdrift.testkit;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A notifier that remembers what it was sent, for asserting on in tests. It can be told to fail its
 * first attempts, to exercise retries.
 *
 * <pre>{@code
 * RecordingNotifier notifier = new RecordingNotifier();
 * engine.addNotifier("recording", notifier);
 * ...
 * assertThat(notifier.awaitEvents(1, Duration.ofSeconds(5))).extracting(e -> e.kind())
 *     .containsExactly(DriftKind.MODIFIED);
 * }</pre>
 */
public final class RecordingNotifier implements Notifier {
  private final List<DriftEvent> events = new ArrayList<>();
  private final AtomicInteger attempts = new AtomicInteger();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile boolean closed;

  /** A notifier that accepts everything. */
  public RecordingNotifier() {}

  /**
   * Makes the next {@code count} attempts fail with a retryable {@link DeliveryException}.
   *
   * @param count how many attempts fail
   * @return this notifier
   */
  public RecordingNotifier failNext(int count) {
    failuresLeft.set(count);
    return this;
  }

  @Override
  public void send(DriftEvent event) throws DeliveryException {
    attempts.incrementAndGet();
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw DeliveryException.retryable("recording notifier told to fail", null);
    }
    synchronized (events) {
      events.add(event);
      events.notifyAll();
    }
  }

  /**
   * What was delivered so far, in order.
   *
   * @return a copy of the delivered events
   */
  public List<DriftEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /**
   * Waits until at least {@code count} events were delivered.
   *
   * @param count how many to wait for
   * @param timeout how long at most
   * @return the delivered events
   * @throws AssertionError if fewer arrived in time
   */
  public List<DriftEvent> awaitEvents(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (events.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected " + count + " drift events within " + timeout + ", got " + events.size());
        }
        try {
          events.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for drift events", e);
        }
      }
      return List.copyOf(events);
    }
  }

  /**
   * How many times {@link #send} was called, failed attempts included.
   *
   * @return the attempt count
   */
  public int attempts() {
    return attempts.get();
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return {@code true} once closed
   */
  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }

  /**
   * A provider of type {@code recording} that always hands out this notifier.
   *
   * @return the provider
   */
  public NotifierProvider asProvider() {
    RecordingNotifier self = this;
    return new NotifierProvider() {
      @Override
      public String type() {
        return "recording";
      }

      @Override
      public Notifier create(ComponentConfig config) {
        return self;
      }
    };
  }
}
