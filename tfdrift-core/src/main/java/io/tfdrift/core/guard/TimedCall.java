package io.tfdrift.core.guard;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A call into a provider under a timeout, the one way the dispatcher (a notifier's {@code send})
 * and the plugin host (a plugin's callbacks) bound what a provider's code may take. The call's
 * result is decided once: by the call returning or throwing, by the timeout (the call is then
 * interrupted), or by a rejection when it could not be run at all.
 *
 * <pre>{@code
 * TimedCall.Result r = TimedCall.here(timer, Duration.ofSeconds(10), () -> notifier.send(event));
 * CompletableFuture<TimedCall.Result> f = TimedCall.on(executor, timer, timeout, body, settle);
 * }</pre>
 */
public final class TimedCall {
  private TimedCall() {}

  /** How a call ended. */
  public enum Outcome {
    /** It returned in time. */
    OK,
    /** It threw. */
    ERROR,
    /** It did not return in time; it was interrupted. */
    TIMEOUT,
    /** It was not made: its executor refused it (full, or shut down), or its owner skipped it. */
    REJECTED;

    /**
     * The metric label.
     *
     * @return the lower-case name
     */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * How a call ended, and what it threw.
   *
   * @param outcome how it ended
   * @param error what it threw ({@code ERROR}) or why it was refused ({@code REJECTED}); else null
   */
  public record Result(Outcome outcome, Throwable error) {
    /** A call that returned. */
    public static final Result OK = new Result(Outcome.OK, null);

    /** A call that ran out of time. */
    public static final Result TIMEOUT = new Result(Outcome.TIMEOUT, null);
  }

  /** The provider's code; may throw anything. */
  @FunctionalInterface
  public interface Body {
    /**
     * Runs the call.
     *
     * @throws Exception whatever the provider throws
     */
    void run() throws Exception;
  }

  /**
   * Runs {@code body} on the calling thread; if it has not returned after {@code timeout}, the
   * thread is interrupted and the result is {@code TIMEOUT} (unless the body failed on its own
   * first, for a reason other than the interrupt).
   *
   * @param timer schedules the interrupt
   * @param timeout how long the body may take
   * @param body the call
   * @return how it ended
   */
  public static Result here(ScheduledExecutorService timer, Duration timeout, Body body) {
    Thread.interrupted();
    Thread caller = Thread.currentThread();
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean fired = new AtomicBoolean();
    Future<?> alarm;
    try {
      alarm =
          timer.schedule(
              () -> {
                synchronized (done) {
                  if (!done.get()) {
                    fired.set(true);
                    caller.interrupt();
                  }
                }
              },
              timeout.toNanos(),
              TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      return new Result(Outcome.REJECTED, e);
    }
    Throwable failure = null;
    try {
      body.run();
    } catch (Exception e) {
      failure = e;
    } finally {
      synchronized (done) {
        done.set(true);
      }
      alarm.cancel(false);
    }
    // The interrupt is ours to consume, whether or not the body already cleared it.
    Thread.interrupted();
    if (fired.get() && (failure == null || isInterruption(failure))) {
      return Result.TIMEOUT;
    }
    return failure == null ? Result.OK : new Result(Outcome.ERROR, failure);
  }

  private static boolean isInterruption(Throwable failure) {
    return failure instanceof InterruptedException
        || failure.getCause() instanceof InterruptedException;
  }

  /**
   * Runs {@code body} on {@code executor}. The returned future completes exactly once, at the
   * latest when the timeout fires (the body is then interrupted) whatever the body does; at once
   * with {@code REJECTED} when the executor refuses it. {@code settle} sees the result before the
   * future completes, so whoever waits for the future sees its effects.
   *
   * @param executor runs the body
   * @param timer fires the timeout
   * @param timeout how long the body may take
   * @param body the call; anything it throws, errors included, is its result
   * @param settle runs once with the result, before the future completes
   * @return the result, when decided
   */
  public static CompletableFuture<Result> on(
      Executor executor,
      ScheduledExecutorService timer,
      Duration timeout,
      Body body,
      Consumer<Result> settle) {
    Settlement settled = new Settlement(settle);
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              Result r;
              try {
                body.run();
                r = Result.OK;
              } catch (Throwable e) { // a provider's failure of any kind must not escape
                r = new Result(Outcome.ERROR, e);
              }
              settled.decide(r);
              return null;
            });
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      settled.decide(new Result(Outcome.REJECTED, e));
      return settled.future;
    }
    try {
      timer.schedule(
          () -> {
            if (settled.decide(Result.TIMEOUT)) {
              task.cancel(true);
            }
          },
          timeout.toNanos(),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The timer stops only when its owner closes; nothing waits for this call then.
      settled.decide(Result.TIMEOUT);
      task.cancel(true);
    }
    return settled.future;
  }

  /** One call's result, decided once. */
  private static final class Settlement {
    final AtomicBoolean decided = new AtomicBoolean();
    final CompletableFuture<Result> future = new CompletableFuture<>();
    final Consumer<Result> settle;

    Settlement(Consumer<Result> settle) {
      this.settle = settle;
    }

    boolean decide(Result r) {
      if (!decided.compareAndSet(false, true)) {
        return false;
      }
      try {
        settle.accept(r);
      } finally {
        future.complete(r);
      }
      return true;
    }
  }
}
