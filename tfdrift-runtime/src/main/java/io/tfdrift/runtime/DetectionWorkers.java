package io.tfdrift.runtime;

import io.tfdrift.api.StoreException;
import io.tfdrift.core.Detection;
import io.tfdrift.core.assembly.Pipeline;
import io.tfdrift.core.guard.LogThrottle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection workers: each takes audit events from the queue and runs them through the pipeline,
 * until stopped and the queue is empty. A failure on one event is logged and the event skipped; it
 * never stops a worker. When the drift inventory cannot be written, the worker keeps the event and
 * tries again with backoff (recording is idempotent): the queue fills, sources push back, {@code
 * /ready} says why, and it recovers by itself when the store is back.
 */
final class DetectionWorkers {
  private static final Logger log = LoggerFactory.getLogger(DetectionWorkers.class);

  private final EventQueue queue;
  private final Pipeline pipeline;
  private final DaemonMetrics metrics;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile boolean abandoned;
  private volatile String storeProblem = "";
  private final LogThrottle storeFailures = new LogThrottle(log);

  DetectionWorkers(int count, EventQueue queue, Pipeline pipeline, DaemonMetrics metrics) {
    this.queue = queue;
    this.pipeline = pipeline;
    this.metrics = metrics;
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(this::work, "tfdrift-detect-" + (i + 1));
      t.setDaemon(true);
      threads.add(t);
    }
  }

  void start() {
    running.set(true);
    threads.forEach(Thread::start);
  }

  int count() {
    return threads.size();
  }

  int alive() {
    int n = 0;
    for (Thread t : threads) {
      if (t.isAlive()) {
        n++;
      }
    }
    return n;
  }

  /** Lets the workers finish the queue, waiting for them until {@code end} (a nanoTime). */
  void drain(long end) {
    running.set(false);
    for (Thread t : threads) {
      try {
        t.join(Math.max(1, Duration.ofNanos(end - System.nanoTime()).toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    abandoned = true;
  }

  /**
   * Why drift cannot be recorded right now, for {@code /ready}.
   *
   * @return the store's failure, or {@code ""} when the last write succeeded
   */
  String storeProblem() {
    return storeProblem;
  }

  private void work() {
    while (running.get() || queue.size() > 0) {
      EventQueue.Arrival arrival;
      try {
        arrival = queue.poll(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (arrival == null) {
        continue;
      }
      Detection d;
      try {
        d = pipeline.detect(arrival.event());
      } catch (RuntimeException e) {
        log.error(
            "detection failed for {} {}; the event is skipped",
            arrival.event().provider(),
            arrival.event().action(),
            e);
        arrival.done();
        continue;
      }
      if (!record(d)) {
        return;
      }
      if (!d.drift().isEmpty()) {
        metrics.detected(arrival.arrivedNanos());
      }
      arrival.done();
    }
  }

  /** Records until it works; {@code false} if the daemon gave up waiting at shutdown. */
  private boolean record(Detection d) {
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      try {
        pipeline.record(d);
        storeProblem = "";
        return true;
      } catch (StoreException e) {
        storeProblem = e.getMessage();
        storeFailures.log(
            "the drift store failed ({}); the event is kept and retried, the queue fills meanwhile",
            e.getMessage());
      } catch (RuntimeException e) {
        log.error("recording drift failed; the drift is skipped", e);
        return true;
      }
      if (abandoned) {
        return false;
      }
      LockSupport.parkNanos(backoff);
      backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
    }
  }

  private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);
}
