package io.tfdrift.source.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The messages of one partition handed over and not yet committed, in offset order, and the offset
 * that may be committed: one past the last message of the completed prefix. A message that
 * completes before an earlier one waits for it, so a commit never skips a message still in the
 * pipeline. Used by the consumer's thread only; the futures complete on the pipeline's threads.
 */
final class PartitionLedger {
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private long next = -1;
  private long committed = -1;
  private Duration retry = FIRST_RETRY;
  private long resumeAt;
  private boolean paused;
  private long failedOffset = -1;
  private int failures;

  /** One message handed over; {@code done} completes when its events are processed. */
  record Pending(long offset, CompletableFuture<?> done) {}

  void add(long offset, CompletableFuture<?> done) {
    pending.addLast(new Pending(offset, done));
  }

  /**
   * Moves past the completed prefix.
   *
   * @return the first message that failed, if the prefix stops at one; else {@code null}
   */
  Pending advance() {
    Pending head;
    while ((head = pending.peekFirst()) != null && head.done.isDone()) {
      if (head.done.isCompletedExceptionally()) {
        return head;
      }
      next = head.offset + 1;
      pending.pollFirst();
      retry = FIRST_RETRY;
      if (head.offset == failedOffset) {
        failedOffset = -1;
        failures = 0;
      }
    }
    return null;
  }

  /**
   * Counts a failure of a message: how many times in a row it failed, a success or another
   * message's failure starting the count again.
   */
  int failed(long offset) {
    if (offset != failedOffset) {
      failedOffset = offset;
      failures = 0;
    }
    return ++failures;
  }

  /** Gives up the failed message at the head: it counts as completed, so the prefix goes on. */
  void skipFailed() {
    Pending head = pending.pollFirst();
    if (head != null) {
      next = head.offset + 1;
    }
    failedOffset = -1;
    failures = 0;
    retry = FIRST_RETRY;
  }

  /** The offset to commit (the next message to read), or {@code -1} if nothing new completed. */
  long committable() {
    return next > committed ? next : -1;
  }

  /** Records that {@code offset} was sent for commit. */
  void committing(long offset) {
    committed = Math.max(committed, offset);
  }

  /** Records that the commit of {@code offset} failed, so the next round sends it again. */
  void commitFailed(long offset) {
    if (committed == offset) {
      committed = -1;
    }
  }

  /** How many messages are in the pipeline. */
  int inFlight() {
    return pending.size();
  }

  /** The futures of the messages in the pipeline. */
  List<CompletableFuture<?>> inFlightFutures() {
    return pending.stream().<CompletableFuture<?>>map(Pending::done).toList();
  }

  /**
   * Forgets the messages in hand after a failure: the partition is read again from the failed
   * message once {@link #retryDue} says so, after a delay that doubles up to 30 s while it fails.
   *
   * @param now {@link System#nanoTime()}
   * @return the delay
   */
  Duration retryFrom(long now) {
    pending.clear();
    Duration delay = retry;
    resumeAt = now + delay.toNanos();
    paused = true;
    retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
    return delay;
  }

  /** Whether the partition waits for a retry whose time has come; clears the wait if so. */
  boolean retryDue(long now) {
    if (paused && now - resumeAt >= 0) {
      paused = false;
      return true;
    }
    return false;
  }
}
