package io.tfdrift.core.inventory;

import io.tfdrift.api.StoreException;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.guard.LogThrottle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the detection workers hand over each detection's drift updates and go on; one
 * thread writes everything handed over while the previous batch was committing (up to {@code
 * maxBatch} updates) with one {@link DriftStore#applyAll}, one transaction, and then completes each
 * hand-over. Under light load a batch is one detection and waits for nothing; under heavy load the
 * batches grow by themselves, and the store commits once per batch instead of once per sighting.
 *
 * <p>Nothing is dropped: when the store fails, the same batch is retried with backoff (every update
 * is idempotent: an occurrence is stored once per drift and event id) until it is written, and
 * meanwhile new hand-overs wait, so the workers stop, the queue fills and sources are pushed back.
 * A decision that throws (a bug) fails only its own hand-over: the batch is then written hand-over
 * by hand-over. At shutdown, what is not written by the deadline fails with a {@link
 * StoreException}, so its source does not acknowledge it.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
  private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** One hand-over: updates committed together, and who waits for their results. */
  record Handover(
      List<DriftStore.Update> updates, CompletableFuture<List<DriftStore.Result>> done) {}

  /** What a batch did, for the inventory's metrics. */
  interface Listener {
    void committed(int updates, long nanos);

    void failed(StoreException e);
  }

  private final DriftStore store;
  private final int maxBatch;
  private final Listener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition room = lock.newCondition();
  private final ArrayDeque<Handover> pending = new ArrayDeque<>();
  private final LogThrottle failures = new LogThrottle(log);
  private int pendingUpdates;
  private boolean busy;
  private boolean failing;
  private boolean closed;
  private Thread thread;
  private volatile String problem = "";

  /**
   * @param maxBatch the most updates of one transaction (a larger hand-over is one batch alone)
   */
  GroupCommit(DriftStore store, int maxBatch, Listener listener) {
    this.store = store;
    this.maxBatch = maxBatch;
    this.listener = listener;
  }

  /**
   * Hands updates over to be committed; waits while {@code 2 × maxBatch} updates are pending or the
   * store is failing.
   *
   * @return completes with one result per update once they are committed
   * @throws InterruptedException if interrupted while waiting
   */
  CompletableFuture<List<DriftStore.Result>> submit(List<DriftStore.Update> updates)
      throws InterruptedException {
    CompletableFuture<List<DriftStore.Result>> done = new CompletableFuture<>();
    lock.lock();
    try {
      while (!closed && (failing || (pendingUpdates > 0 && pendingUpdates >= 2 * maxBatch))) {
        room.await();
      }
      if (closed) {
        done.completeExceptionally(
            new StoreException("the drift inventory is closed; the drift was not recorded"));
        return done;
      }
      if (thread == null) {
        thread = new Thread(this::run, "tfdrift-group-commit");
        thread.setDaemon(true);
        thread.start();
      }
      pending.add(new Handover(List.copyOf(updates), done));
      pendingUpdates += updates.size();
      work.signal();
    } finally {
      lock.unlock();
    }
    return done;
  }

  /**
   * Why the last commit failed, for {@code /ready}; empty once a commit worked.
   *
   * @return the problem, or {@code ""}
   */
  String problem() {
    return problem;
  }

  private void run() {
    while (true) {
      List<Handover> batch = next();
      if (batch == null) {
        return;
      }
      commit(batch, true);
      lock.lock();
      try {
        busy = false;
        room.signalAll();
        work.signalAll(); // for drain()
      } finally {
        lock.unlock();
      }
    }
  }

  /** The next batch, waiting for one; {@code null} once closed and empty. */
  private List<Handover> next() {
    lock.lock();
    try {
      while (pending.isEmpty()) {
        if (closed) {
          return null;
        }
        work.awaitUninterruptibly();
      }
      List<Handover> batch = new ArrayList<>();
      int size = 0;
      while (!pending.isEmpty()
          && (batch.isEmpty() || size + pending.peek().updates().size() <= maxBatch)) {
        Handover h = pending.poll();
        batch.add(h);
        size += h.updates().size();
      }
      pendingUpdates -= size;
      busy = true;
      room.signalAll();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Writes a batch, retrying store failures until written or closed. */
  private void commit(List<Handover> batch, boolean together) {
    List<DriftStore.Update> all = new ArrayList<>();
    batch.forEach(h -> all.addAll(h.updates()));
    long backoff = FIRST_BACKOFF_NANOS;
    while (true) {
      long start = System.nanoTime();
      try {
        List<DriftStore.Result> results = store.applyAll(all);
        listener.committed(all.size(), System.nanoTime() - start);
        recovered();
        complete(batch, results);
        return;
      } catch (StoreException e) {
        listener.failed(e);
        if (!failing(e, backoff)) {
          batch.forEach(h -> h.done().completeExceptionally(e));
          return;
        }
        backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
      } catch (RuntimeException e) {
        if (!together || batch.size() == 1) {
          batch.forEach(h -> h.done().completeExceptionally(e));
          return;
        }
        log.warn(
            "a drift decision failed ({}); writing its batch one detection at a time",
            e.toString());
        batch.forEach(h -> commit(List.of(h), false));
        return;
      }
    }
  }

  private static void complete(List<Handover> batch, List<DriftStore.Result> results) {
    int from = 0;
    for (Handover h : batch) {
      int to = from + h.updates().size();
      h.done().complete(List.copyOf(results.subList(from, to)));
      from = to;
    }
  }

  /** Notes the failure and waits out the backoff; {@code false} if closed meanwhile. */
  private boolean failing(StoreException e, long backoff) {
    lock.lock();
    try {
      failing = true; // before the problem shows: whoever sees it finds new hand-overs held
      problem = e.getMessage();
      failures.log(
          "the drift store failed ({}); the drift is kept and retried, the queue fills meanwhile",
          e.getMessage());
      long left = backoff;
      while (!closed && left > 0) {
        left = work.awaitNanos(left);
      }
      return !closed;
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void recovered() {
    problem = "";
    if (!failing) {
      return;
    }
    lock.lock();
    try {
      failing = false;
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until everything handed over is committed, or the deadline.
   *
   * @param deadline how long to wait
   * @return {@code true} if nothing is left
   */
  boolean drain(Duration deadline) {
    long left = deadline.toNanos();
    lock.lock();
    try {
      while ((busy || !pending.isEmpty()) && left > 0) {
        left = work.awaitNanos(left);
      }
      return !busy && pending.isEmpty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops: what was handed over and not written fails, so that its source does not acknowledge it.
   */
  @Override
  public void close() {
    List<Handover> left;
    Thread t;
    lock.lock();
    try {
      closed = true;
      left = new ArrayList<>(pending);
      pending.clear();
      pendingUpdates = 0;
      work.signalAll();
      room.signalAll();
      t = thread;
    } finally {
      lock.unlock();
    }
    StoreException stopped =
        new StoreException("tfdrift stopped before this drift was committed; it was not recorded");
    left.forEach(h -> h.done().completeExceptionally(stopped));
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
