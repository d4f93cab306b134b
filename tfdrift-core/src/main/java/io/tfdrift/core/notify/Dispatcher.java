package io.tfdrift.core.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.DeliveryException;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.core.guard.LogThrottle;
import io.tfdrift.core.guard.TimedCall;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers drift events to notifiers with guarantees. Each notifier has its own bounded lane, so a
 * slow or failing notifier never blocks detection or the others; a shared pool of workers makes the
 * attempts, each under a timeout; retryable failures are retried with exponential backoff and full
 * jitter (never sooner than a peer's {@code Retry-After}) from a timer, so a delivery waiting out
 * its backoff holds no worker; a per-notifier token bucket limits the rate; the same drift id is
 * delivered once per window; what still fails, or cannot be queued, goes to the dead-letter file.
 * {@link #close(Duration)} drains within a deadline and dead-letters the rest: nothing is lost
 * silently.
 *
 * <p>With a drift inventory, notifications come from the store's outbox through {@link #deliver}:
 * no de-duplication window (the inventory notifies once per transition), the notifier's thread is
 * handed over and kept, and what is not delivered at shutdown stays in the outbox instead of the
 * dead-letter file.
 *
 * <pre>{@code
 * Dispatcher d = Dispatcher.builder().route(policy, notifier).workers(3).build();
 * d.submit(driftEvent);
 * d.close(Duration.ofSeconds(30));
 * }</pre>
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * What became of one delivery attempt or event; counted as {@code tfdrift_notifications_total}.
   */
  enum Outcome {
    SENT,
    FAILED,
    RETRIED,
    DROPPED,
    DEAD_LETTERED,
    DEDUPLICATED,
    RATE_LIMITED,
    FILTERED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final List<Lane> lanes;
  private final Map<String, Lane> byName = new java.util.HashMap<>();
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private volatile boolean accepting = true;
  private final Object closing = new Object();
  private final Object idleSignal = new Object();
  private Boolean closed;

  private Dispatcher(Builder b) {
    this.clock = b.clock;
    this.deadLetters = new DeadLetters(b.deadLetterPath);
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            b.workers,
            r -> {
              Thread t = new Thread(r, "tfdrift-notifier-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tfdrift-notifier-timer");
              t.setDaemon(true);
              return t;
            });
    List<Lane> built = new ArrayList<>();
    for (Route route : b.routes) {
      built.add(
          new Lane(
              route.policy(),
              route.notifier(),
              b.laneCapacity,
              Math.max(1, b.workers),
              b.registry));
    }
    this.lanes = List.copyOf(built);
    lanes.forEach(l -> byName.put(l.policy.name(), l));
  }

  /**
   * Starts a builder.
   *
   * @return a builder with 3 workers, lanes of 10,000, no dead-letter file
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Hands a drift event to every notifier that wants it. Never blocks: a full lane dead-letters the
   * event for that notifier and counts it as dropped.
   *
   * @param event the drift
   */
  public void submit(DriftEvent event) {
    for (Lane lane : lanes) {
      lane.submit(event);
    }
  }

  /**
   * Hands one notification from the drift inventory's outbox to one notifier. Never blocks.
   *
   * @param notifier the notifier's name
   * @param event the drift, with its lifecycle
   * @param thread what the notifier returned for this drift before
   * @param settlement told when the notification is delivered or dead-lettered (remove it from the
   *     outbox) or abandoned at shutdown (leave it there)
   * @return {@code false} if the notifier's lane is full or the dispatcher is closing: nothing was
   *     taken, the caller keeps the notification for later
   */
  public boolean deliver(
      String notifier, DriftEvent event, Optional<String> thread, Settlement settlement) {
    Lane lane = byName.get(notifier);
    if (lane == null) {
      Delivery d = new Delivery(event, thread, settlement);
      deadLetters.write(
          notifier,
          0,
          "notifier '" + notifier + "' is no longer configured",
          Instant.now(clock),
          event);
      settle(d, Optional.empty());
      return true;
    }
    return lane.take(new Delivery(event, thread, settlement));
  }

  /**
   * What becomes of one notification handed to {@link #deliver}. Called from a worker thread; must
   * not throw.
   */
  public interface Settlement {
    /**
     * Delivered, or dead-lettered after its retries: it is done.
     *
     * @param thread what the notifier returned, empty to keep the thread known so far
     */
    void settled(Optional<String> thread);

    /** Not delivered before shutdown: it must stay in the outbox for the next run. */
    void abandoned();
  }

  private static void settle(Delivery d, Optional<String> thread) {
    if (d.settlement != null) {
      d.settlement.settled(thread);
    }
  }

  /**
   * Each notifier's {@code notify_on}: the drift transitions it hears of.
   *
   * @return by notifier name
   */
  public Map<String, java.util.Set<io.tfdrift.api.inventory.Transition>> notifyOn() {
    Map<String, java.util.Set<io.tfdrift.api.inventory.Transition>> out = new java.util.HashMap<>();
    lanes.forEach(l -> out.put(l.policy.name(), l.policy.notifyOn()));
    return out;
  }

  /**
   * Whether every lane is empty and nothing is in flight or waiting to be retried.
   *
   * @return {@code true} when idle
   */
  public boolean idle() {
    for (Lane lane : lanes) {
      if (!lane.idle()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Stops accepting, waits up to {@code deadline} for pending deliveries (retries included),
   * dead-letters what is left, and closes the notifiers. Closing again returns the first result.
   *
   * @param deadline how long to wait
   * @return {@code true} if everything was delivered or dead-lettered in time
   */
  public boolean close(Duration deadline) {
    synchronized (closing) {
      if (closed != null) {
        return closed;
      }
      closed = drainAndClose(deadline);
      return closed;
    }
  }

  private boolean drainAndClose(Duration deadline) {
    accepting = false;
    boolean drained = awaitIdle(System.nanoTime() + deadline.toNanos());
    timer.shutdownNow();
    workers.shutdownNow();
    for (Lane lane : lanes) {
      lane.abandon();
      lane.closeNotifier();
    }
    deadLetters.close();
    return drained;
  }

  /**
   * Waits until every lane is idle or {@code end} (a {@link System#nanoTime()}) has passed. Lanes
   * signal when a delivery finishes while the dispatcher is closing, so nothing polls.
   */
  private boolean awaitIdle(long end) {
    synchronized (idleSignal) {
      while (!idle()) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idleSignal, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return idle();
        }
      }
      return true;
    }
  }

  /** Wakes {@link #close} to look again; only while closing, so deliveries pay nothing before. */
  private void signalIfClosing() {
    if (!accepting) {
      synchronized (idleSignal) {
        idleSignal.notifyAll();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * One notifier's lane: its queue and in-flight limit, the attempts and their retries. What it
   * delegates: the dedup window ({@link DedupWindow}), the rate ({@link TokenBucket}), the timeout
   * ({@link TimedCall}), repeated-failure logging ({@link LogThrottle}) and dead letters ({@link
   * DeadLetters}).
   */
  private final class Lane {
    private final DeliveryPolicy policy;
    private final Notifier notifier;
    private final int capacity;
    private final int maxInFlight;
    private final Deque<Delivery> queue = new ArrayDeque<>();
    private final DedupWindow dedup;
    private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);
    private final TokenBucket bucket;
    private int inFlight;
    private final java.util.Set<Delivery> waiting =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final LogThrottle failures = new LogThrottle(log);

    Lane(
        DeliveryPolicy policy,
        Notifier notifier,
        int capacity,
        int maxInFlight,
        MeterRegistry registry) {
      this.policy = policy;
      this.notifier = notifier;
      this.capacity = capacity;
      this.maxInFlight = maxInFlight;
      this.dedup = new DedupWindow(policy.dedupWindow(), clock);
      this.bucket =
          policy.rateLimit() > 0 ? new TokenBucket(policy.rateLimit(), policy.ratePeriod()) : null;
      for (Outcome o : Outcome.values()) {
        counters.put(
            o,
            Counter.builder("tfdrift.notifications")
                .description("Notification deliveries by notifier and outcome")
                .tag("notifier", policy.name())
                .tag("outcome", o.label())
                .register(registry));
      }
      Gauge.builder("tfdrift.notifications.queue.depth", this, Lane::depth)
          .description("Drift events waiting for a notifier")
          .tag("notifier", policy.name())
          .register(registry);
    }

    synchronized int depth() {
      return queue.size();
    }

    synchronized boolean idle() {
      return queue.isEmpty() && inFlight == 0 && waiting.isEmpty();
    }

    void submit(DriftEvent event) {
      if (!policy.wants(event)) {
        counters.get(Outcome.FILTERED).increment();
        return;
      }
      if (dedup.seen(event.id())) {
        counters.get(Outcome.DEDUPLICATED).increment();
        return;
      }
      synchronized (this) {
        if (!accepting || queue.size() >= capacity) {
          counters.get(Outcome.DROPPED).increment();
          deadLetter(
              new Delivery(event, Optional.empty(), null),
              accepting ? "queue full (" + capacity + ")" : "dispatcher shutting down");
          return;
        }
        queue.addLast(new Delivery(event, Optional.empty(), null));
      }
      pump();
    }

    /** An outbox notification: filtered but not de-duplicated; refused, not dropped, when full. */
    boolean take(Delivery d) {
      if (!policy.wants(d.event)) {
        counters.get(Outcome.FILTERED).increment();
        settle(d, Optional.empty());
        return true;
      }
      synchronized (this) {
        if (!accepting || queue.size() >= capacity) {
          return false;
        }
        queue.addLast(d);
      }
      pump();
      return true;
    }

    private void pump() {
      while (true) {
        Delivery next;
        synchronized (this) {
          if (inFlight >= maxInFlight || queue.isEmpty()) {
            return;
          }
          next = queue.pollFirst();
          inFlight++;
        }
        Delivery d = next;
        try {
          workers.execute(() -> attempt(d));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          synchronized (this) {
            inFlight--;
            queue.addFirst(d);
          }
          return;
        }
      }
    }

    private void attempt(Delivery d) {
      if (bucket != null) {
        long waitNanos = bucket.take();
        if (waitNanos > 0) {
          counters.get(Outcome.RATE_LIMITED).increment();
          later(d, Duration.ofNanos(waitNanos));
          return;
        }
      }
      d.attempts++;
      DeliveryException failure =
          failure(
              TimedCall.here(
                  timer, policy.timeout(), () -> d.returned = notifier.deliver(d.event, d.thread)));
      if (failure == null) {
        counters.get(Outcome.SENT).increment();
        settle(d, d.returned == null ? Optional.empty() : d.returned);
        finished();
        return;
      }
      counters.get(Outcome.FAILED).increment();
      d.lastError = failure.getMessage();
      logFailure(d, failure);
      if (failure.retryable() && d.attempts <= policy.maxRetries() && !timer.isShutdown()) {
        counters.get(Outcome.RETRIED).increment();
        Duration delay = policy.delayBefore(d.attempts, ThreadLocalRandom.current().nextDouble());
        if (failure.retryAfter().isPresent() && failure.retryAfter().get().compareTo(delay) > 0) {
          delay = failure.retryAfter().get();
        }
        later(d, delay);
        return;
      }
      deadLetter(d, d.lastError);
      settle(d, Optional.empty());
      finished();
    }

    private DeliveryException failure(TimedCall.Result r) {
      return switch (r.outcome()) {
        case OK -> null;
        case TIMEOUT ->
            DeliveryException.retryable(
                "timed out after " + policy.timeout().toMillis() + " ms", null);
        case REJECTED -> DeliveryException.retryable("the dispatcher is shutting down", r.error());
        case ERROR ->
            r.error() instanceof DeliveryException e
                ? e
                : DeliveryException.retryable(
                    policy.name() + " notifier failed: " + r.error(), r.error());
      };
    }

    /** Waits on the timer, holding neither a worker nor an in-flight slot. */
    private void later(Delivery d, Duration delay) {
      synchronized (this) {
        inFlight--;
        waiting.add(d);
      }
      try {
        timer.schedule(
            () -> {
              synchronized (this) {
                if (!waiting.remove(d)) {
                  return; // abandoned at shutdown
                }
                queue.addFirst(d);
              }
              pump();
            },
            Math.max(0, delay.toMillis()),
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        synchronized (this) {
          waiting.remove(d);
          queue.addFirst(d);
        }
      }
      pump();
    }

    private void finished() {
      synchronized (this) {
        inFlight--;
      }
      pump();
      signalIfClosing();
    }

    private void logFailure(Delivery d, DeliveryException failure) {
      failures.log(
          "notifier {}: delivery of drift {} failed (attempt {}): {}",
          policy.name(),
          d.event.id(),
          d.attempts,
          failure.getMessage());
    }

    private void deadLetter(Delivery d, String why) {
      counters.get(Outcome.DEAD_LETTERED).increment();
      deadLetters.write(policy.name(), d.attempts, why, Instant.now(clock), d.event);
    }

    /**
     * At shutdown: whatever is still queued or waiting to be retried is dead-lettered, never
     * dropped; an outbox notification stays in the outbox instead.
     */
    void abandon() {
      List<Delivery> left;
      synchronized (this) {
        left = new ArrayList<>(queue);
        left.addAll(waiting);
        queue.clear();
        waiting.clear();
      }
      for (Iterator<Delivery> it = left.iterator(); it.hasNext(); ) {
        Delivery d = it.next();
        if (d.settlement != null) {
          d.settlement.abandoned();
          continue;
        }
        deadLetter(
            d,
            d.lastError == null
                ? "not delivered before shutdown"
                : "shutdown while retrying: " + d.lastError);
      }
    }

    void closeNotifier() {
      try {
        notifier.close();
      } catch (RuntimeException e) {
        log.warn("notifier {} failed to close: {}", policy.name(), e.toString());
      }
    }
  }

  /** One drift event on its way to one notifier. */
  private static final class Delivery {
    final DriftEvent event;
    final Optional<String> thread;
    final Settlement settlement;
    int attempts;
    String lastError;
    volatile Optional<String> returned;

    Delivery(DriftEvent event, Optional<String> thread, Settlement settlement) {
      this.event = event;
      this.thread = thread;
      this.settlement = settlement;
    }
  }

  /**
   * A notifier and how to deliver to it.
   *
   * @param policy the delivery policy
   * @param notifier the notifier
   */
  public record Route(DeliveryPolicy policy, Notifier notifier) {}

  /** Assembles a {@link Dispatcher}. */
  public static final class Builder {
    private final List<Route> routes = new ArrayList<>();
    private int workers = 3;
    private int laneCapacity = 10_000;
    private Path deadLetterPath;
    private MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Adds a notifier.
     *
     * @param policy how to deliver to it
     * @param notifier the notifier
     * @return this builder
     */
    public Builder route(DeliveryPolicy policy, Notifier notifier) {
      routes.add(new Route(policy, notifier));
      return this;
    }

    /**
     * The number of worker threads ({@code performance.notifier_workers}).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder workers(int value) {
      this.workers = Math.max(1, value);
      return this;
    }

    /**
     * How many events each notifier's lane holds ({@code performance.queue_capacity}).
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder laneCapacity(int value) {
      this.laneCapacity = Math.max(1, value);
      return this;
    }

    /**
     * The dead-letter file ({@code notifications.dead_letter_path}); without it dead letters go to
     * the log.
     *
     * @param value the file, or {@code null}
     * @return this builder
     */
    public Builder deadLetterPath(Path value) {
      this.deadLetterPath = value;
      return this;
    }

    /**
     * Where metrics go.
     *
     * @param value the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry value) {
      this.registry = value;
      return this;
    }

    /**
     * The clock, for dedup windows and dead-letter times.
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /**
     * Builds and starts the dispatcher.
     *
     * @return the dispatcher
     */
    public Dispatcher build() {
      return new Dispatcher(this);
    }
  }
}
