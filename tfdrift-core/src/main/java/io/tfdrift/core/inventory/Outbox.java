package io.tfdrift.core.inventory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.Notification;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.guard.LogThrottle;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.core.notify.Dispatcher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the drift inventory's outbox: one thread claims due notifications from the store (so
 * that one replica delivers each), hands them to the {@link Dispatcher} and removes each from the
 * outbox once it is delivered or dead-lettered. A notification not removed (a crash, a kill -9) is
 * claimed again when its lease ends: every committed notification is delivered at least once, and
 * once per notifier unless the process dies between delivering and removing it.
 *
 * <p>One drift's notifications reach one notifier in order: while one is under way, the next of the
 * same drift and notifier waits, so it is handed the thread (a Slack message, a GitHub issue) the
 * first one returned.
 *
 * <p>The thread wakes when the inventory commits ({@link #wake}) and otherwise looks every {@code
 * poll} for notifications of other replicas, of an earlier run, or released for later. Delivered
 * notifications are removed at once and in batches: the notifier thread that settles one removes it
 * with every other queued meanwhile in one {@link DriftStore#deliveredAll}, while another removal
 * is under way they queue for the next. So the window in which a killed replica leaves a delivered
 * notification to be delivered again is one removal, not a relay's round.
 */
public final class Outbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Outbox.class);
  private static final int BATCH = 256;
  private static final Duration BACKOFF = Duration.ofSeconds(1);
  private static final Duration ORDER_DELAY = Duration.ofMillis(100);

  private final DriftStore store;
  private final Dispatcher dispatcher;
  private final String owner;
  private final Clock clock;
  private final Duration lease;
  private final Duration poll;

  /** Claimed and not yet removed: id → when its claim was last taken or renewed (nanoTime). */
  private final Map<Long, Long> inFlight = new ConcurrentHashMap<>();

  private final Set<String> busy = ConcurrentHashMap.newKeySet();
  private final Queue<Settled> settled = new ConcurrentLinkedQueue<>();
  private final ReentrantLock removing = new ReentrantLock();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition due = lock.newCondition();
  private final LogThrottle failures = new LogThrottle(log);
  private final Counter unreadable;
  private final Thread thread;
  private boolean woken;
  private volatile boolean running = true;
  private volatile String problem = "";

  /**
   * An outbox relay, not started.
   *
   * @param store the inventory's store
   * @param dispatcher delivers to the notifiers
   * @param owner this replica's name, recorded with each claim
   * @param clock the clock for claims and leases
   * @param lease how long a claim lasts before another replica may take the notification
   * @param poll how often to look for notifications nobody woke this relay for
   * @param meters where {@code tfdrift_outbox_*} metrics go
   */
  public Outbox(
      DriftStore store,
      Dispatcher dispatcher,
      String owner,
      Clock clock,
      Duration lease,
      Duration poll,
      MeterRegistry meters) {
    this.store = store;
    this.dispatcher = dispatcher;
    this.owner = owner;
    this.clock = clock;
    this.lease = lease;
    this.poll = poll;
    this.thread = new Thread(this::run, "tfdrift-outbox");
    thread.setDaemon(true);
    Gauge.builder("tfdrift.outbox.in.flight", inFlight, Map::size)
        .description("Notifications claimed from the outbox and not yet delivered")
        .register(meters);
    this.unreadable =
        Counter.builder("tfdrift.outbox.unreadable")
            .description("Outbox notifications whose payload could not be read (logged, removed)")
            .register(meters);
  }

  /** Starts the relay's thread. */
  public void start() {
    thread.start();
  }

  /** Looks for due notifications now, e.g. after a commit that queued some. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      due.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Why the relay cannot reach the store, for {@code /ready}; empty when it can.
   *
   * @return the problem, or {@code ""}
   */
  public String problem() {
    return problem;
  }

  /**
   * How many notifications are claimed and not yet delivered by this replica.
   *
   * @return the count
   */
  public int inFlight() {
    return inFlight.size();
  }

  /** A delivered (or dead-lettered) notification waiting to be removed from the outbox. */
  private record Settled(Notification notification, Optional<String> thread) {}

  private void run() {
    try {
      relay();
    } finally {
      removeSettled();
    }
  }

  private void relay() {
    long renewed = System.nanoTime();
    while (running) {
      if (System.nanoTime() - renewed > lease.toNanos() / 3) {
        renew();
        renewed = System.nanoTime();
      }
      int claimed;
      try {
        claimed = relayOnce();
        problem = "";
      } catch (StoreException e) {
        problem = "the drift store " + store.location() + " failed: " + e.getMessage();
        failures.log("outbox: {}", problem);
        claimed = 0;
        if (!await(BACKOFF)) {
          return;
        }
        continue;
      }
      if (claimed < BATCH && !await(poll.compareTo(lease) < 0 ? poll : lease.dividedBy(3))) {
        return;
      }
    }
  }

  /**
   * Keeps the claims of deliveries still under way, so no other replica takes them over: those
   * claimed (or renewed) more than a third of the lease ago, all in one {@link
   * DriftStore#releaseAll}. A delivery of a few milliseconds is never renewed.
   */
  private void renew() {
    long now = System.nanoTime();
    long old = now - lease.toNanos() / 3;
    List<Long> held = new ArrayList<>();
    inFlight.forEach(
        (id, since) -> {
          if (since - old <= 0) {
            held.add(id);
          }
        });
    if (held.isEmpty()) {
      return;
    }
    try {
      store.releaseAll(held, clock.instant().plus(lease));
      held.forEach(id -> inFlight.replace(id, now));
    } catch (StoreException ex) {
      failures.log(
          "outbox: renewing the claims of {} notifications failed: {}",
          held.size(),
          ex.getMessage());
    }
  }

  /** Waits for a wake-up or {@code max}; {@code false} once closed. */
  private boolean await(Duration max) {
    lock.lock();
    try {
      long left = max.toNanos();
      while (!woken && running && left > 0) {
        left = due.awaitNanos(left);
      }
      woken = false;
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Claims one batch and hands it over.
   *
   * @return how many were claimed
   * @throws StoreException if the store failed
   */
  int relayOnce() throws StoreException {
    List<Notification> batch = store.claim(owner, BATCH, clock.instant(), lease);
    for (Notification n : batch) {
      if (inFlight.containsKey(n.id())) {
        continue; // its lease ended while this replica still holds it in a lane
      }
      if (!busy.add(lane(n))) {
        release(n.id(), ORDER_DELAY); // after the same drift's earlier notification
        continue;
      }
      inFlight.put(n.id(), System.nanoTime());
      DriftEvent event;
      try {
        event = DriftEventJson.read(n.payload());
      } catch (IllegalArgumentException e) {
        unreadable.increment();
        log.error(
            "outbox notification {} for {} ({}) cannot be read and is removed: {}; payload: {}",
            n.id(),
            n.notifier(),
            n.key(),
            e.getMessage(),
            n.payload());
        finish(n, Optional.empty());
        continue;
      }
      boolean taken =
          dispatcher.deliver(
              n.notifier(),
              event,
              n.thread(),
              new Dispatcher.Settlement() {
                @Override
                public void settled(Optional<String> thread) {
                  finish(n, thread);
                }

                @Override
                public void abandoned() {
                  done(n);
                  release(n.id(), Duration.ZERO);
                }
              });
      if (!taken) {
        done(n);
        release(n.id(), BACKOFF);
      }
    }
    return batch.size();
  }

  /**
   * Delivers on the calling thread until nothing is due and nothing is in flight, or the deadline;
   * for {@code tfdrift replay --store --notify}, without starting the relay's thread.
   *
   * @param deadline how long to try
   * @return {@code true} if everything due was delivered or dead-lettered
   */
  public boolean drain(Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      removeSettled();
      int claimed;
      try {
        claimed = relayOnce();
      } catch (StoreException e) {
        log.warn("outbox: the drift store failed: {}", e.getMessage());
        return false;
      }
      if (claimed == 0 && inFlight.isEmpty()) {
        return true;
      }
      if (claimed == 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
    return false;
  }

  /** This replica no longer holds the notification. */
  private void done(Notification n) {
    inFlight.remove(n.id());
    busy.remove(lane(n));
  }

  /** One drift's notifications to one notifier. */
  private static String lane(Notification n) {
    return n.key().value() + '\n' + n.notifier();
  }

  private void finish(Notification n, Optional<String> thread) {
    settled.add(new Settled(n, thread));
    removeSettled();
    if (running) {
      wake(); // its lane is free: the same drift's next notification may be due
    }
  }

  /**
   * Removes what was delivered, in one transaction per round; a caller that finds a removal under
   * way leaves its notifications to it (the remover looks again once it let go).
   */
  private void removeSettled() {
    while (!settled.isEmpty() && removing.tryLock()) {
      try {
        removeQueued();
      } finally {
        removing.unlock();
      }
    }
  }

  private void removeQueued() {
    List<Settled> batch = new ArrayList<>();
    for (Settled s = settled.poll(); s != null; s = settled.poll()) {
      batch.add(s);
    }
    if (batch.isEmpty()) {
      return;
    }
    List<DriftStore.Delivered> delivered = new ArrayList<>(batch.size());
    for (Settled s : batch) {
      delivered.add(new DriftStore.Delivered(s.notification().id(), s.thread()));
    }
    try {
      store.deliveredAll(delivered);
    } catch (StoreException e) {
      failures.log(
          "outbox: {} delivered notifications could not be removed ({}); they will be"
              + " delivered again when their claims end",
          batch.size(),
          e.getMessage());
    } finally {
      batch.forEach(s -> done(s.notification()));
    }
  }

  private void release(long id, Duration after) {
    try {
      store.release(id, clock.instant().plus(after));
    } catch (StoreException e) {
      failures.log(
          "outbox: notification {} could not be released ({}); it is due again when its claim"
              + " ends",
          id,
          e.getMessage());
    }
  }

  /**
   * Stops claiming; what is claimed and not delivered is released by the dispatcher's close, or
   * claimed again after its lease.
   */
  @Override
  public void close() {
    running = false;
    wake();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    removeSettled();
  }
}
