package io.tfdrift.source.aws;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.decode.CloudTrailDecoder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Long-polls SQS for CloudTrail deliveries, at least once.
 *
 * <p>One thread receives a batch ({@code max_messages}, {@code wait_time}) and handles its messages
 * in order; each is deleted only after every record it carries was handed to {@link EventSink#put}.
 * While a batch is in hand a timer extends its messages' visibility every half {@code
 * visibility_timeout}, so a large log file or a full pipeline never lets a message reappear
 * mid-work. On shutdown the messages not yet handled are made visible again at once.
 *
 * <p>Bad input: a body that is none of the known shapes, a record the decoder refuses, or a log
 * file that no longer exists is reported to {@link EventSink#reject} and the message deleted, since
 * redelivery would fail the same way forever. A log file that cannot be fetched for another reason
 * (access denied, S3 unreachable) leaves the message in the queue: it reappears after the
 * visibility timeout and, after the queue's {@code maxReceiveCount}, goes to its dead-letter queue.
 * A message handled in part (shutdown in the middle of a log file) is delivered again in full; the
 * repeated records give the same drift ids, which the dispatcher's dedup window absorbs.
 */
final class SqsAuditSource implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(SqsAuditSource.class);

  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY = Duration.ofSeconds(30);

  private final SqsSettings settings;
  private final Supplier<SqsClient> sqsClients;
  private final Supplier<S3Client> s3Clients;
  private final CloudTrailDecoder decoder = new CloudTrailDecoder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicBoolean connected = new AtomicBoolean();
  private final Map<String, String> inHand = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  private SqsClient sqs;
  private CloudTrailLogFiles logFiles;
  private Thread loop;
  private ScheduledExecutorService heartbeat;
  private EventSink sink;

  SqsAuditSource(
      SqsSettings settings, Supplier<SqsClient> sqsClients, Supplier<S3Client> s3Clients) {
    this.settings = settings;
    this.sqsClients = sqsClients;
    this.s3Clients = s3Clients;
  }

  @Override
  public void start(EventSink sink) {
    synchronized (lock) {
      if (this.sink != null) {
        throw new IllegalStateException("the aws-sqs source is already started");
      }
      this.sink = sink;
      sqs = sqsClients.get();
      logFiles = new CloudTrailLogFiles(s3Clients);
      heartbeat =
          Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tfdrift-aws-sqs-visibility"));
      long every = Math.max(1, settings.visibilityTimeout().toMillis() / 2);
      heartbeat.scheduleWithFixedDelay(this::extendVisibility, every, every, TimeUnit.MILLISECONDS);
      loop = daemon(this::run, "tfdrift-aws-sqs");
      loop.start();
      log.info("aws-sqs: polling {}", settings.queueUrl());
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void run() {
    Duration retry = FIRST_RETRY;
    while (!closed.get()) {
      List<Message> batch;
      try {
        batch = receive();
        connected.set(true);
        retry = FIRST_RETRY;
      } catch (SdkException e) {
        connected.set(false);
        if (closed.get()) {
          return;
        }
        log.warn(
            "aws-sqs: receiving from {} failed ({}); check the queue URL, region and"
                + " sqs:ReceiveMessage/DeleteMessage/ChangeMessageVisibility permissions;"
                + " retrying in {} s",
            settings.queueUrl(),
            e.getMessage(),
            retry.toSeconds());
        if (!sleep(retry)) {
          return;
        }
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
        continue;
      }
      if (!handle(batch)) {
        return;
      }
    }
  }

  private List<Message> receive() {
    return sqs.receiveMessage(
            r ->
                r.queueUrl(settings.queueUrl())
                    .maxNumberOfMessages(settings.maxMessages())
                    .waitTimeSeconds((int) settings.waitTime().toSeconds())
                    .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                    .messageSystemAttributeNames(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
        .messages();
  }

  /**
   * Handles a batch: hands every message's events over in order, then deletes each message once its
   * events are detected and their drift committed (a crash before leaves it in the queue); returns
   * {@code false} if interrupted (shutting down).
   */
  private boolean handle(List<Message> batch) {
    batch.forEach(m -> inHand.put(m.receiptHandle(), m.messageId()));
    List<CompletableFuture<Void>> handedOver = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Message m = batch.get(i);
      Optional<CompletionStage<Void>> done;
      try {
        done = closed.get() ? Optional.empty() : process(m);
      } catch (InterruptedException e) {
        done = Optional.empty();
      }
      if (closed.get() || Thread.interrupted()) {
        // Cleared the interrupt first: the SDK refuses calls from an interrupted thread.
        release(batch.subList(i, batch.size()));
        return false;
      }
      handedOver.add(done.map(CompletionStage::toCompletableFuture).orElse(null));
    }
    List<Message> processed = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Message m = batch.get(i);
      CompletableFuture<Void> done = handedOver.get(i);
      try {
        if (done != null) {
          done.get();
          processed.add(m);
          continue;
        }
      } catch (InterruptedException e) {
        Thread.interrupted();
        delete(processed);
        release(batch.subList(i, batch.size()));
        return false;
      } catch (ExecutionException e) {
        log.debug("aws-sqs: message {} left in the queue: {}", m.messageId(), e.getMessage());
      }
      inHand.remove(m.receiptHandle());
    }
    delete(processed);
    return true;
  }

  /** Hands one message's events over; empty to leave it in the queue for later. */
  private Optional<CompletionStage<Void>> process(Message m) throws InterruptedException {
    String where = "aws-sqs " + settings.queueUrl() + " message " + m.messageId();
    MessageBody body;
    try {
      body = MessageBody.parse(m.body());
    } catch (IllegalArgumentException e) {
      sink.reject(where, e.getMessage());
      return Optional.of(CompletableFuture.completedFuture(null));
    }
    if (body instanceof MessageBody.Ignored ignored) {
      log.debug("aws-sqs: {} ignored: {}", where, ignored.why());
      return Optional.of(CompletableFuture.completedFuture(null));
    }
    List<AuditEvent> events = new ArrayList<>();
    if (body instanceof MessageBody.Records records) {
      decode(records.records(), where, events);
    } else {
      for (CloudTrailLogFiles.LogFile file : ((MessageBody.LogFiles) body).files()) {
        if (!read(file, where, events)) {
          return Optional.empty();
        }
      }
    }
    return Optional.of(sink.submit(events));
  }

  private void decode(List<Map<String, Object>> records, String where, List<AuditEvent> events) {
    for (int i = 0; i < records.size(); i++) {
      try {
        events.add(decoder.decodeRecord(records.get(i)));
      } catch (IllegalArgumentException e) {
        sink.reject(records.size() == 1 ? where : where + "#Records[" + i + "]", e.getMessage());
      }
    }
  }

  /** Reads one log file's events; returns {@code false} to leave the message for later. */
  private boolean read(CloudTrailLogFiles.LogFile file, String where, List<AuditEvent> events) {
    try {
      logFiles.read(file, where, new Collect(events));
      return true;
    } catch (IOException e) {
      log.warn(
          "aws-sqs: {}: {}; the message stays in the queue and is retried after the visibility"
              + " timeout",
          where,
          e.getMessage());
      return false;
    }
  }

  /** Collects a log file's records, and hands its bad records to the sink's rejections. */
  private final class Collect implements AuditFileReader.Listener {
    private final List<AuditEvent> events;

    Collect(List<AuditEvent> events) {
      this.events = events;
    }

    @Override
    public void onEvent(AuditEvent event) {
      events.add(event);
    }

    @Override
    public void onRejected(String where, String problem) {
      sink.reject(where, problem);
    }
  }

  /**
   * Deletes processed messages, up to ten per {@code DeleteMessageBatch} (one request where one per
   * message cost a round trip each and bounded a replica's throughput).
   */
  private void delete(List<Message> processed) {
    for (int from = 0; from < processed.size(); from += 10) {
      List<Message> part = processed.subList(from, Math.min(processed.size(), from + 10));
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(part.size());
      for (int i = 0; i < part.size(); i++) {
        entries.add(
            DeleteMessageBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(part.get(i).receiptHandle())
                .build());
      }
      try {
        DeleteMessageBatchResponse answer =
            sqs.deleteMessageBatch(r -> r.queueUrl(settings.queueUrl()).entries(entries));
        answer
            .failed()
            .forEach(
                f -> notDeleted(part.get(Integer.parseInt(f.id())), f.code() + ": " + f.message()));
      } catch (SdkException e) {
        part.forEach(m -> notDeleted(m, e.getMessage()));
      }
      part.forEach(m -> inHand.remove(m.receiptHandle()));
    }
  }

  private void notDeleted(Message m, String why) {
    log.warn(
        "aws-sqs: deleting message {} failed ({}); it will be delivered again and deduplicated",
        m.messageId(),
        why);
  }

  /** Makes messages not handled visible again at once (shutdown), so another reader takes them. */
  private void release(List<Message> unhandled) {
    List<Message> left = new ArrayList<>(unhandled);
    left.forEach(m -> inHand.remove(m.receiptHandle()));
    if (left.isEmpty()) {
      return;
    }
    changeVisibility(left.stream().map(Message::receiptHandle).toList(), 0);
  }

  private void extendVisibility() {
    List<String> handles = List.copyOf(inHand.keySet());
    if (!handles.isEmpty()) {
      changeVisibility(handles, (int) settings.visibilityTimeout().toSeconds());
    }
  }

  private void changeVisibility(List<String> handles, int seconds) {
    for (int from = 0; from < handles.size(); from += 10) {
      List<String> part = handles.subList(from, Math.min(handles.size(), from + 10));
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < part.size(); i++) {
        entries.add(
            ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(part.get(i))
                .visibilityTimeout(seconds)
                .build());
      }
      try {
        sqs.changeMessageVisibilityBatch(r -> r.queueUrl(settings.queueUrl()).entries(entries));
      } catch (SdkException e) {
        log.warn(
            "aws-sqs: changing the visibility of {} messages to {} s failed ({})",
            part.size(),
            seconds,
            e.getMessage());
      }
    }
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean connected() {
    return connected.get() && !closed.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    connected.set(false);
    Thread t;
    synchronized (lock) {
      t = loop;
      if (heartbeat != null) {
        heartbeat.shutdownNow();
      }
    }
    if (t != null) {
      t.interrupt();
      try {
        // A long poll in progress ends within wait_time.
        t.join(settings.waitTime().plusSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (lock) {
      if (sqs != null) {
        sqs.close();
      }
      if (logFiles != null) {
        logFiles.close();
      }
    }
  }
}
