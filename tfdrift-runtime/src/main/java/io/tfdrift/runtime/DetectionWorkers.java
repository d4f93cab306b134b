package io.tfdrift.runtime;

import io.tfdrift.api.StoreException;
import io.tfdrift.core.Detection;
import io.tfdrift.core.assembly.Pipeline;
import io.tfdrift.core.inventory.Inventory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detection workers: each takes audit events from the queue and runs them through the pipeline,
 * until stopped and the queue is empty. A failure on one event is logged and the event skipped; it
 * never stops a worker. A worker hands the drift it found to the inventory's group commit and takes
 * the next event; the event is done (its message acknowledged) once its drift is committed. When
 * the drift inventory cannot be written, the group commit keeps the drift and retries with backoff
 * (recording is idempotent) and the workers wait to hand over more: the queue fills, sources push
 * back, {@code /ready} says why, and it recovers by itself when the store is back.
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

  /**
   * Lets the workers finish the queue and the inventory commit what they handed over, waiting for
   * them until {@code end} (a nanoTime). What is not committed by then fails when the inventory
   * closes: its messages stay unacknowledged.
   */
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
    pipeline
        .inventory()
        .ifPresent(i -> i.drain(Duration.ofNanos(Math.max(0, end - System.nanoTime()))));
  }

  /**
   * Why drift cannot be recorded right now, for {@code /ready}.
   *
   * @return the store's failure, or {@code ""} when the last write succeeded
   */
  String storeProblem() {
    return pipeline.inventory().map(Inventory::problem).orElse("");
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
      CompletableFuture<Void> committed;
      try {
        committed = pipeline.commit(d);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        arrival.abandon("tfdrift stopped before recording this message's drift");
        return;
      } catch (RuntimeException e) {
        log.error("recording drift failed; the drift is skipped", e);
        arrival.done();
        continue;
      }
      boolean drift = !d.drift().isEmpty();
      committed.whenComplete((done, failure) -> settled(arrival, drift, failure));
    }
  }

  /** The event's drift is committed, or will never be. */
  private void settled(EventQueue.Arrival arrival, boolean drift, Throwable failure) {
    if (failure == null) {
      if (drift) {
        metrics.detected(arrival.arrivedNanos());
      }
      arrival.done();
      return;
    }
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof StoreException) {
      arrival.abandon(cause.getMessage()); // stopped first: the source redelivers it
      return;
    }
    log.error("recording drift failed; the drift is skipped", cause);
    arrival.done();
  }
}
