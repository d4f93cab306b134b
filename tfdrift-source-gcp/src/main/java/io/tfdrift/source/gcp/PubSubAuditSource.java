package io.tfdrift.source.gcp;

import com.google.api.core.ApiService;
import com.google.api.gax.batching.FlowControlSettings;
import com.google.api.gax.batching.FlowController.LimitExceededBehavior;
import com.google.api.gax.rpc.TransportChannelProvider;
import com.google.cloud.pubsub.v1.AckReplyConsumer;
import com.google.cloud.pubsub.v1.Subscriber;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.pubsub.v1.PubsubMessage;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.decode.GcpAuditDecoder;
import io.tfdrift.core.json.JsonTrees;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming pull of audit {@code LogEntry} messages, at least once.
 *
 * <p>Each message is decoded with {@link GcpAuditDecoder} and handed to {@link EventSink#put}; it
 * is acknowledged only after {@code put} returned, so a crash before that redelivers it. A message
 * whose handover is interrupted (shutdown) or fails is nacked and redelivered at once. A message
 * that can never be decoded (not JSON, not an audit entry, a malformed entry) is reported to {@link
 * EventSink#reject} and acknowledged: redelivering it would fail the same way forever. Messages the
 * subscription's dead-letter policy forwards are therefore only those that failed to be handed over
 * {@code max_delivery_attempts} times.
 *
 * <p>Flow control ({@code max_outstanding_*}, {@link LimitExceededBehavior#Block}) stops pulling
 * while the pipeline is full; the client library extends ack deadlines of messages waiting in it.
 * If the subscriber fails for good (subscription deleted, permission denied) a new one is started
 * after a backoff of 1 s doubling to 60 s, so fixing IAM needs no restart.
 */
final class PubSubAuditSource implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(PubSubAuditSource.class);

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final PubSubSettings settings;
  private final GcpAuditDecoder decoder = new GcpAuditDecoder();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Set<Thread> handingOver = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private ScheduledExecutorService restarts;
  private Subscriber subscriber;
  private TransportChannelProvider channels;
  private EventSink sink;
  private Duration retry = FIRST_RETRY;

  PubSubAuditSource(PubSubSettings settings) {
    this.settings = settings;
  }

  @Override
  public void start(EventSink sink) {
    synchronized (lock) {
      if (this.sink != null) {
        throw new IllegalStateException("the gcp-pubsub source is already started");
      }
      this.sink = sink;
      restarts =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "tfdrift-gcp-pubsub-restart");
                t.setDaemon(true);
                return t;
              });
      subscribe();
    }
  }

  /** Starts a new subscriber; called with the lock held. */
  private void subscribe() {
    if (closed.get()) {
      return;
    }
    channels = settings.transport().channels().get();
    Subscriber s =
        Subscriber.newBuilder(settings.subscription(), this::receive)
            .setChannelProvider(channels)
            .setCredentialsProvider(settings.transport().credentials())
            .setParallelPullCount(settings.parallelPullCount())
            .setFlowControlSettings(
                FlowControlSettings.newBuilder()
                    .setMaxOutstandingElementCount((long) settings.maxOutstandingMessages())
                    .setMaxOutstandingRequestBytes(settings.maxOutstandingBytes())
                    .setLimitExceededBehavior(LimitExceededBehavior.Block)
                    .build())
            .build();
    s.addListener(new Failures(s), MoreExecutors.directExecutor());
    subscriber = s;
    s.startAsync();
    log.info(
        "gcp-pubsub: pulling {} from {}", settings.subscription(), settings.transport().endpoint());
  }

  /** Restarts a subscriber that failed for good, after a growing delay. */
  private final class Failures extends ApiService.Listener {
    private final Subscriber owner;

    Failures(Subscriber owner) {
      this.owner = owner;
    }

    @Override
    public void running() {
      synchronized (lock) {
        retry = FIRST_RETRY;
      }
    }

    @Override
    public void failed(ApiService.State from, Throwable failure) {
      synchronized (lock) {
        if (closed.get() || owner != subscriber) {
          return;
        }
        log.error(
            "gcp-pubsub: streaming pull of {} from {} failed ({}); check that the subscription"
                + " exists and that the identity has roles/pubsub.subscriber on it; retrying in"
                + " {} s",
            settings.subscription(),
            settings.transport().endpoint(),
            failure.toString(),
            retry.toSeconds());
        shutDownChannels(channels);
        restarts.schedule(this::restart, retry.toMillis(), TimeUnit.MILLISECONDS);
        retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
      }
    }

    private void restart() {
      synchronized (lock) {
        if (owner == subscriber) {
          subscribe();
        }
      }
    }
  }

  /** One message; runs on the subscriber's executor, one thread per message. */
  void receive(PubsubMessage message, AckReplyConsumer reply) {
    String where = "gcp-pubsub " + settings.subscription() + " message " + message.getMessageId();
    AuditEvent event;
    try {
      event = decode(message);
    } catch (IllegalArgumentException e) {
      sink.reject(where, e.getMessage());
      reply.ack();
      return;
    }
    Thread self = Thread.currentThread();
    handingOver.add(self);
    try {
      if (closed.get()) {
        reply.nack();
        return;
      }
      // Acknowledged once its drift is committed: a crash before redelivers it.
      sink.submit(List.of(event))
          .whenComplete(
              (done, failed) -> {
                if (failed == null) {
                  reply.ack();
                } else {
                  reply.nack();
                }
              });
    } catch (InterruptedException e) {
      reply.nack();
      log.debug("gcp-pubsub: {} nacked: interrupted while the pipeline was full", where);
    } catch (RuntimeException e) {
      reply.nack();
      log.warn("gcp-pubsub: {} nacked: the pipeline refused it ({})", where, e.toString());
    } finally {
      handingOver.remove(self);
      // Clears an interrupt aimed at this handover, so it does not hit the library's next task.
      Thread.interrupted();
    }
  }

  private AuditEvent decode(PubsubMessage message) {
    if (message.getData().isEmpty()) {
      throw new IllegalArgumentException(
          "empty message; a Cloud Logging sink publishes one LogEntry as JSON per message");
    }
    Map<String, Object> entry;
    try {
      entry = JsonTrees.parseObject(message.getData().toByteArray());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a JSON LogEntry (" + e.getMessage() + "); publish Cloud Logging sink exports only",
          e);
    }
    if (!decoder.accepts(entry)) {
      throw new IllegalArgumentException(
          "not an audit LogEntry (no audit protoPayload); narrow the sink filter to"
              + " logName:\"cloudaudit.googleapis.com\"");
    }
    return decoder.decodeEntry(entry);
  }

  /** The current subscriber's state, for diagnostics and tests. */
  ApiService.State state() {
    Subscriber s = subscriber;
    return s == null ? ApiService.State.NEW : s.state();
  }

  @Override
  public boolean connected() {
    Subscriber s = subscriber;
    return !closed.get() && s != null && s.state() == ApiService.State.RUNNING;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Subscriber s;
    TransportChannelProvider c;
    synchronized (lock) {
      s = subscriber;
      c = channels;
      if (restarts != null) {
        restarts.shutdownNow();
      }
    }
    if (s == null) {
      return;
    }
    s.stopAsync();
    // Handovers blocked on a full pipeline would hold the shutdown: interrupt them (they nack).
    handingOver.forEach(Thread::interrupt);
    try {
      s.awaitTerminated(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | IllegalStateException e) {
      log.warn("gcp-pubsub: subscriber of {} did not stop cleanly: {}", settings.subscription(), e);
    }
    shutDownChannels(c);
  }

  /** A fixed channel provider's channel is ours to close; the library closes the ones it made. */
  private static void shutDownChannels(TransportChannelProvider provider) {
    if (provider == null || provider.shouldAutoClose()) {
      return;
    }
    try {
      provider.getTransportChannel().shutdownNow();
    } catch (java.io.IOException | RuntimeException e) {
      log.debug("gcp-pubsub: closing the channel failed", e);
    }
  }
}
