package io.tfdrift.runtime;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.core.guard.LogThrottle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between event sources and detection workers; each source gets its own {@link
 * #sink}. A full queue pushes back ({@code offer} returns {@code false}: the HTTP receiver answers
 * 503 with {@code Retry-After}); nothing is dropped silently. Each event is stamped with the time
 * it arrived, for the detection latency. Events handed over with {@link EventSink#submit} carry a
 * {@link Ticket}, done when every event of the message was detected and its drift committed, so
 * queue sources acknowledge after the commit.
 */
final class EventQueue {
  private static final Logger log = LoggerFactory.getLogger(EventQueue.class);

  /** An event, when it arrived, and the ticket of its message, if the source waits for one. */
  record Arrival(AuditEvent event, long arrivedNanos, Ticket ticket) {
    /** The event is detected and its drift committed (or it showed none). */
    void done() {
      if (ticket != null) {
        ticket.done();
      }
    }

    /** The event's drift will not be committed: its message is left unacknowledged. */
    void abandon(String why) {
      if (ticket != null) {
        ticket.abandon(why);
      }
    }
  }

  /** One message's events: complete when the last is done. */
  static final class Ticket {
    private final AtomicInteger left;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    Ticket(int events) {
      this.left = new AtomicInteger(events);
    }

    void done() {
      if (left.decrementAndGet() == 0) {
        finished.complete(null);
      }
    }

    void abandon(String why) {
      finished.completeExceptionally(new IllegalStateException(why));
    }
  }

  private final BlockingQueue<Arrival> queue;
  private final MeterRegistry registry;
  private final LogThrottle.Keyed<String> rejections = LogThrottle.keyed(log);

  EventQueue(int capacity, MeterRegistry registry) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.registry = registry;
    Gauge.builder("tfdrift.queue.depth", queue, BlockingQueue::size)
        .description("Audit events waiting for a detection worker")
        .register(registry);
  }

  /** The way in for one source, counted under its name. */
  EventSink sink(String source) {
    return new Sink(
        counter(source, "accepted"), counter(source, "queue_full"), counter(source, "rejected"));
  }

  private Counter counter(String source, String outcome) {
    return Counter.builder("tfdrift.audit.events.received")
        .description("Audit events handed over by sources, by source and outcome")
        .tag("source", source)
        .tag("outcome", outcome)
        .register(registry);
  }

  private final class Sink implements EventSink {
    private final Counter accepted;
    private final Counter refused;
    private final Counter rejected;

    Sink(Counter accepted, Counter refused, Counter rejected) {
      this.accepted = accepted;
      this.refused = refused;
      this.rejected = rejected;
    }

    @Override
    public boolean offer(AuditEvent event) {
      if (queue.offer(new Arrival(event, System.nanoTime(), null))) {
        accepted.increment();
        return true;
      }
      refused.increment();
      return false;
    }

    @Override
    public void put(AuditEvent event) throws InterruptedException {
      queue.put(new Arrival(event, System.nanoTime(), null));
      accepted.increment();
    }

    @Override
    public CompletionStage<Void> submit(List<AuditEvent> events) throws InterruptedException {
      if (events.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      Ticket ticket = new Ticket(events.size());
      for (int i = 0; i < events.size(); i++) {
        queue.put(new Arrival(events.get(i), System.nanoTime(), ticket));
        accepted.increment();
      }
      return ticket.finished;
    }

    @Override
    public void reject(String input, String problem) {
      rejected.increment();
      rejections.log(problem, "rejected input {}: {}", input, problem);
    }
  }

  /** The next event, or {@code null} after {@code timeoutMillis}. */
  Arrival poll(long timeoutMillis) throws InterruptedException {
    return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  int size() {
    return queue.size();
  }

  /** At shutdown: what is still queued is given up; its messages stay unacknowledged. */
  int abandon() {
    List<Arrival> left = new ArrayList<>();
    queue.drainTo(left);
    for (Arrival a : left) {
      if (a.ticket() != null) {
        a.ticket().abandon("tfdrift stopped before detecting this message's events");
      }
    }
    return left.size();
  }
}
