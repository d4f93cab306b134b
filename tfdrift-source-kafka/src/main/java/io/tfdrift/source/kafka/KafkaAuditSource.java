package io.tfdrift.source.kafka;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.SourceException;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes audit messages as a member of a consumer group, at least once, committing an offset only
 * after the message before it was processed and its drift committed.
 *
 * <p>One thread polls, decodes each message ({@link MessageDecoder}) and hands its events over with
 * {@link EventSink#submit}, which waits for room in the pipeline (back-pressure: the consumer stops
 * fetching) and returns a stage that completes when the events are processed. Per partition a
 * {@link PartitionLedger} keeps the messages in the pipeline in offset order; every {@code
 * commit_interval} the thread commits, per partition, the offset after the longest completed
 * prefix. A message that cannot be decoded is reported to {@link EventSink#reject}, naming topic,
 * partition and offset, and counts as completed (reading it again would fail the same way).
 *
 * <p>A message whose stage fails is read again: the partition is rewound to it and paused for 1 s,
 * doubling to 30 s while it keeps failing; later messages of that partition already in the pipeline
 * are processed again after it (the store's unique occurrences make that harmless). After {@code
 * max_attempts} failures in a row the message is rejected, naming it and the cause, and counts as
 * completed: a poison message never blocks its partition for good.
 *
 * <p>Rebalances: when partitions are revoked the thread waits up to {@code drain_timeout} for their
 * messages in the pipeline, commits what completed and lets them go, so the next owner neither
 * misses a message nor processes a completed one again. Lost partitions (the group moved on without
 * us) are forgotten without a commit. {@link #close} stops fetching, interrupts a handover that
 * waits for room, waits up to {@code drain_timeout} for the messages in the pipeline, commits and
 * leaves the group.
 */
final class KafkaAuditSource implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(KafkaAuditSource.class);

  static final Duration POLL = Duration.ofMillis(100);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

  private final KafkaSettings settings;
  private final MessageDecoder decoder;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Object lock = new Object();
  private final Map<TopicPartition, PartitionLedger> ledgers = new HashMap<>();
  private final Rebalances rebalances = new Rebalances();
  private volatile boolean connected;
  private boolean handingOver;
  private Thread loop;
  private EventSink sink;
  private KafkaConsumer<byte[], byte[]> consumer;
  private ConsumerRecord<byte[], byte[]> current;
  private long nextCommit;

  KafkaAuditSource(KafkaSettings settings, MessageDecoder decoder) {
    this.settings = settings;
    this.decoder = decoder;
  }

  @Override
  public void start(EventSink sink) throws SourceException {
    synchronized (lock) {
      if (this.sink != null) {
        throw new IllegalStateException("the kafka source is already started");
      }
      if (closed.get()) {
        throw new IllegalStateException("the kafka source is closed");
      }
      try {
        consumer = new KafkaConsumer<>(settings.client());
      } catch (KafkaException e) {
        throw new SourceException(
            "kafka: cannot create a consumer for "
                + settings.bootstrapServers()
                + ": "
                + describe(e)
                + "; check bootstrap_servers and the security_protocol / sasl_* / ssl_* keys",
            e);
      }
      this.sink = sink;
      loop = new Thread(this::run, "tfdrift-kafka-" + settings.groupId());
      loop.setDaemon(true);
      loop.start();
      log.info(
          "kafka: consuming {} from {} as group {}",
          settings.topics(),
          settings.bootstrapServers(),
          settings.groupId());
    }
  }

  private void run() {
    Duration retry = FIRST_RETRY;
    try {
      consumer.subscribe(settings.topics(), rebalances);
      nextCommit = System.nanoTime() + settings.commitInterval().toNanos();
      while (!closed.get()) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL);
        } catch (WakeupException | InterruptException e) {
          Thread.interrupted();
          continue;
        } catch (KafkaException e) {
          connected = false;
          warnPollFailed(e, retry);
          if (closing.await(retry.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
          retry =
              retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
          continue;
        }
        retry = FIRST_RETRY;
        if (!handOver(records)) {
          return;
        }
        settle();
        commitIfDue();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      connected = false;
      log.error("kafka: the consumer of {} stopped: {}", settings.topics(), describe(e), e);
    } finally {
      shutDown();
    }
  }

  private void warnPollFailed(KafkaException e, Duration retry) {
    String fix;
    if (e instanceof AuthenticationException) {
      fix = "check sasl_username / sasl_password (or sasl_jaas_config) and the TLS keys";
    } else if (e instanceof AuthorizationException) {
      fix =
          "grant the principal READ and DESCRIBE on the topics "
              + settings.topics()
              + " and READ on the group "
              + settings.groupId();
    } else {
      fix = "check bootstrap_servers and the broker";
    }
    log.warn(
        "kafka: polling {} from {} failed ({}); {}; retrying in {} s",
        settings.topics(),
        settings.bootstrapServers(),
        describe(e),
        fix,
        retry.toSeconds());
  }

  /** Hands a batch over in order; returns {@code false} if the source closed meanwhile. */
  private boolean handOver(ConsumerRecords<byte[], byte[]> records) {
    for (TopicPartition partition : records.partitions()) {
      PartitionLedger ledger = ledgers.computeIfAbsent(partition, p -> new PartitionLedger());
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        if (closed.get()) {
          return false;
        }
        current = record;
        CompletableFuture<?> done;
        try {
          List<AuditEvent> events = decoder.decode(record.value(), this::reject);
          done = events.isEmpty() ? DONE : submit(events);
        } catch (IOException e) {
          // A log file that could not be fetched: the partition is rewound to this message, so the
          // rest of the batch is read again after it; fetching their files now would only hold
          // up the poll loop while S3 is failing.
          ledger.add(record.offset(), CompletableFuture.failedFuture(e));
          break;
        }
        if (done == null) {
          return false;
        }
        ledger.add(record.offset(), done);
      }
    }
    current = null;
    return true;
  }

  private void reject(String part, String problem) {
    sink.reject(where(current.topic(), current.partition(), current.offset()) + part, problem);
  }

  static String where(String topic, int partition, long offset) {
    return "kafka topic " + topic + " partition " + partition + " offset " + offset;
  }

  /** Hands one message's events over; {@code null} if the source closed while it waited. */
  private CompletableFuture<?> submit(List<AuditEvent> events) {
    synchronized (lock) {
      if (closed.get()) {
        return null;
      }
      handingOver = true;
    }
    try {
      return future(sink.submit(events));
    } catch (InterruptedException e) {
      return null;
    } catch (RuntimeException e) {
      // The pipeline refused the events: a failed message, read again after a delay.
      return CompletableFuture.failedFuture(e);
    } finally {
      synchronized (lock) {
        handingOver = false;
        // An interrupt from close() that arrived after the handover returned is not for poll().
        Thread.interrupted();
      }
    }
  }

  private static CompletableFuture<?> future(CompletionStage<Void> stage) {
    if (stage instanceof CompletableFuture<Void> future) {
      return future;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    stage.whenComplete(
        (ignored, failure) -> {
          if (failure == null) {
            done.complete(null);
          } else {
            done.completeExceptionally(failure);
          }
        });
    return done;
  }

  /** Moves every ledger past its completed messages; rewinds a partition to a failed one. */
  private void settle() {
    if (closed.get()) {
      return; // a stage failed by a host shutting down is left uncommitted, not retried
    }
    long now = System.nanoTime();
    for (Map.Entry<TopicPartition, PartitionLedger> entry : ledgers.entrySet()) {
      TopicPartition partition = entry.getKey();
      PartitionLedger ledger = entry.getValue();
      PartitionLedger.Pending failed;
      while ((failed = ledger.advance()) != null && giveUp(partition, ledger, failed)) {
        ledger.skipFailed();
      }
      if (failed != null) {
        rewind(partition, ledger, failed, now);
      } else if (ledger.retryDue(now)) {
        consumer.resume(List.of(partition));
      }
    }
  }

  /**
   * Whether a message that failed {@code max_attempts} times in a row is given up: rejected, naming
   * it, the cause and how to read it again, and counted as completed so its partition goes on.
   */
  private boolean giveUp(
      TopicPartition partition, PartitionLedger ledger, PartitionLedger.Pending failed) {
    int attempts = ledger.failed(failed.offset());
    if (settings.maxAttempts() == 0 || attempts < settings.maxAttempts()) {
      return false;
    }
    Throwable cause = failed.done().handle((v, e) -> e).join();
    sink.reject(
        where(partition.topic(), partition.partition(), failed.offset()),
        "processing failed "
            + attempts
            + " times (last: "
            + describe(cause)
            + "); skipped so that the partition goes on (max_attempts "
            + settings.maxAttempts()
            + "). Once the cause is fixed, read it again by resetting the group's offset with"
            + " tfdrift stopped: kafka-consumer-groups.sh --group "
            + settings.groupId()
            + " --reset-offsets --to-offset "
            + failed.offset()
            + " --topic "
            + partition.topic()
            + ":"
            + partition.partition()
            + " --execute");
    return true;
  }

  private void rewind(
      TopicPartition partition, PartitionLedger ledger, PartitionLedger.Pending failed, long now) {
    Throwable cause = failed.done().handle((v, e) -> e).join();
    consumer.seek(partition, failed.offset());
    consumer.pause(List.of(partition));
    Duration delay = ledger.retryFrom(now);
    log.warn(
        "kafka: {} was not processed ({}); reading partition {} again from it in {} ms",
        where(partition.topic(), partition.partition(), failed.offset()),
        describe(cause),
        partition,
        delay.toMillis());
  }

  private void commitIfDue() {
    long now = System.nanoTime();
    if (now - nextCommit < 0) {
      return;
    }
    nextCommit = now + settings.commitInterval().toNanos();
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(ledgers.keySet());
    if (offsets.isEmpty()) {
      return;
    }
    consumer.commitAsync(
        offsets,
        (committed, failure) -> {
          if (failure == null) {
            return;
          }
          if (failure instanceof RebalanceInProgressException
              || failure instanceof RetriableCommitFailedException) {
            // Routine during a rebalance; the revocation commits what completed anyway.
            log.debug("kafka: committing {} deferred: {}", offsets, describe(failure));
          } else {
            log.warn(
                "kafka: committing offsets {} failed ({}); retrying at the next commit",
                offsets,
                describe(failure));
          }
          offsets.forEach(
              (p, o) -> {
                PartitionLedger ledger = ledgers.get(p);
                if (ledger != null) {
                  ledger.commitFailed(o.offset());
                }
              });
        });
  }

  private Map<TopicPartition, OffsetAndMetadata> committable(
      Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      PartitionLedger ledger = ledgers.get(partition);
      if (ledger == null) {
        continue;
      }
      ledger.advance();
      long offset = ledger.committable();
      if (offset >= 0) {
        offsets.put(partition, new OffsetAndMetadata(offset));
        ledger.committing(offset);
      }
    }
    return offsets;
  }

  /**
   * Waits up to {@code drain_timeout} for the partitions' messages, then commits what completed.
   */
  private void drainAndCommit(Collection<TopicPartition> partitions) {
    List<CompletableFuture<?>> inFlight = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      PartitionLedger ledger = ledgers.get(partition);
      if (ledger != null) {
        inFlight.addAll(ledger.inFlightFutures());
      }
    }
    if (!inFlight.isEmpty()) {
      await(inFlight, partitions);
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = committable(partitions);
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets, CLOSE_TIMEOUT);
      log.debug("kafka: committed {}", offsets);
    } catch (KafkaException e) {
      log.warn(
          "kafka: committing {} failed ({}); the next owner of these partitions reads the messages"
              + " after the last commit again",
          offsets,
          describe(e));
    }
  }

  private void await(List<CompletableFuture<?>> inFlight, Collection<TopicPartition> partitions) {
    try {
      CompletableFuture.allOf(inFlight.toArray(CompletableFuture<?>[]::new))
          .get(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      // A failed message stops the commit before it; the next owner reads it again.
    } catch (TimeoutException e) {
      log.info(
          "kafka: {} messages of {} were still in the pipeline after drain_timeout ({} ms); their"
              + " next reader processes them again",
          inFlight.stream().filter(f -> !f.isDone()).count(),
          partitions,
          settings.drainTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps the ledgers in step with the group's assignment; runs inside poll(), on our thread. */
  private final class Rebalances implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      drainAndCommit(partitions);
      partitions.forEach(ledgers::remove);
      log.info("kafka: group {} revoked {}", settings.groupId(), partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      partitions.forEach(p -> ledgers.put(p, new PartitionLedger()));
      connected = true;
      if (!partitions.isEmpty()) {
        log.info("kafka: group {} assigned {}", settings.groupId(), partitions);
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      partitions.forEach(ledgers::remove);
      connected = false;
      log.warn(
          "kafka: group {} lost {} (the consumer was out of the group too long); their new owner"
              + " reads them from the last commit",
          settings.groupId(),
          partitions);
    }
  }

  private void shutDown() {
    connected = false;
    Thread.interrupted();
    try {
      drainAndCommit(List.copyOf(ledgers.keySet()));
    } catch (RuntimeException e) {
      log.warn("kafka: the final commit failed: {}", describe(e));
    } finally {
      // Drained once: the revocation that close() runs finds nothing left to wait for.
      ledgers.clear();
      decoder.close();
      try {
        consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
      } catch (RuntimeException e) {
        log.warn("kafka: closing the consumer failed: {}", describe(e));
      }
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof ExecutionException || e instanceof java.util.concurrent.CompletionException) {
      e = e.getCause() == null ? e : e.getCause();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  @Override
  public boolean connected() {
    return connected && !closed.get();
  }

  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      closing.countDown();
      t = loop;
      if (t != null && handingOver) {
        t.interrupt();
      }
    }
    connected = false;
    if (t == null) {
      return;
    }
    try {
      t.join(settings.drainTimeout().plus(CLOSE_TIMEOUT.multipliedBy(3)).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      log.warn("kafka: the consumer of {} did not stop in time", settings.topics());
    }
  }
}
