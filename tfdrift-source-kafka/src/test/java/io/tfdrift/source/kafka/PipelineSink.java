package io.tfdrift.source.kafka;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * An {@link EventSink} that behaves as the daemon's pipeline does for {@link #submit}: a bounded
 * queue (submit waits for room) drained by one worker that "processes" each message (the given
 * action) and then completes its stage. {@link #manual} leaves every stage for the test to
 * complete.
 */
final class PipelineSink implements EventSink {

  /** One handed-over message. */
  record Submission(List<AuditEvent> events, CompletableFuture<Void> done) {}

  private final List<Submission> submissions = new ArrayList<>();
  private final List<String> rejected = new ArrayList<>();
  private final BlockingQueue<Submission> queue;
  private final Thread worker;

  private PipelineSink(int capacity, Consumer<Submission> process) {
    queue = capacity > 0 ? new ArrayBlockingQueue<>(capacity) : null;
    if (queue == null) {
      worker = null;
      return;
    }
    worker =
        new Thread(
            () -> {
              try {
                while (true) {
                  Submission s = queue.take();
                  try {
                    process.accept(s);
                    s.done().complete(null);
                  } catch (RuntimeException e) {
                    s.done().completeExceptionally(e);
                  }
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "test-pipeline");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Completes each message after {@code process} ran on it, one at a time, in order; exceptionally
   * if {@code process} throws.
   */
  static PipelineSink processing(int capacity, Consumer<Submission> process) {
    return new PipelineSink(capacity, process);
  }

  /** Completes each message at once. */
  static PipelineSink completing() {
    return new PipelineSink(1000, s -> {});
  }

  /** Leaves every stage to the test. */
  static PipelineSink manual() {
    return new PipelineSink(0, s -> {});
  }

  @Override
  public boolean offer(AuditEvent event) {
    throw new AssertionError("the kafka source hands messages over with submit, not offer");
  }

  @Override
  public void put(AuditEvent event) {
    throw new AssertionError("the kafka source hands messages over with submit, not put");
  }

  @Override
  public CompletionStage<Void> submit(List<AuditEvent> events) throws InterruptedException {
    Submission s = new Submission(List.copyOf(events), new CompletableFuture<>());
    synchronized (this) {
      submissions.add(s);
    }
    if (queue != null) {
      queue.put(s);
    }
    return s.done();
  }

  @Override
  public synchronized void reject(String input, String problem) {
    rejected.add(input + ": " + problem);
  }

  synchronized List<Submission> submissions() {
    return List.copyOf(submissions);
  }

  /** Every event handed over, in order. */
  synchronized List<AuditEvent> events() {
    return submissions.stream().flatMap(s -> s.events().stream()).toList();
  }

  synchronized List<String> rejected() {
    return List.copyOf(rejected);
  }

  void stop() {
    if (worker != null) {
      worker.interrupt();
    }
  }
}
