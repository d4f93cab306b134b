package io.tfdrift.runtime;

import io.tfdrift.core.Detection;
import io.tfdrift.core.assembly.Pipeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection workers: each takes audit events from the queue and runs them through the pipeline,
 * until stopped and the queue is empty. A failure on one event is logged and the event skipped; it
 * never stops a worker.
 */
final class DetectionWorkers {
  private static final Logger log = LoggerFactory.getLogger(DetectionWorkers.class);

  private final EventQueue queue;
  private final Pipeline pipeline;
  private final DaemonMetrics metrics;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean();

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
        return;
      }
    }
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
      try {
        Detection d = pipeline.process(arrival.event());
        if (!d.drift().isEmpty()) {
          metrics.detected(arrival.arrivedNanos());
        }
      } catch (RuntimeException e) {
        log.error(
            "detection failed for {} {}; the event is skipped",
            arrival.event().provider(),
            arrival.event().action(),
            e);
      }
    }
  }
}
