package io.tfdrift.falco.grpc;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.falco.FalcoAlert;
import io.tfdrift.falco.FalcoAlertDecoder;
import io.tfdrift.falco.grpc.proto.request;
import io.tfdrift.falco.grpc.proto.response;
import io.tfdrift.falco.grpc.proto.serviceGrpc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to Falco's gRPC outputs and keeps subscribing until closed.
 *
 * <p>Each attempt opens a channel, calls the bidirectional {@code sub} and sends an empty {@code
 * request} at once and then every {@link #POLL} (Falco's server streams outputs in answer to
 * requests; a client that only listens, as upstream's did, receives nothing). Responses are read
 * one at a time ({@code request(1)} after each is handed over) so a full queue slows Falco's stream
 * through gRPC flow control instead of dropping alerts. When the stream ends the next attempt waits
 * per {@link Backoff}: 1 s, doubling, capped at 30 s, back to 1 s after a connection that lived 30
 * s.
 *
 * <p>{@link #connected()} is true from the moment the stream is ready on a live connection until it
 * ends.
 */
final class FalcoGrpcSubscriber implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(FalcoGrpcSubscriber.class);

  /** How often the empty request is repeated on an open stream. */
  static final Duration POLL = Duration.ofSeconds(1);

  private static final String[] PRIORITIES = {
    "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"
  };

  private final String target;
  private final Supplier<ManagedChannel> channels;
  private final Backoff backoff;
  private final Duration poll;
  private final FalcoAlertDecoder decoder = new FalcoAlertDecoder();
  private final AtomicBoolean connected = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object lock = new Object();
  private volatile Thread loop;
  private volatile ManagedChannel channel;
  private ScheduledExecutorService poller;

  FalcoGrpcSubscriber(String target, Supplier<ManagedChannel> channels, Backoff backoff) {
    this(target, channels, backoff, POLL);
  }

  FalcoGrpcSubscriber(
      String target, Supplier<ManagedChannel> channels, Backoff backoff, Duration poll) {
    this.target = target;
    this.channels = channels;
    this.backoff = backoff;
    this.poll = poll;
  }

  @Override
  public void start(EventSink sink) {
    synchronized (lock) {
      if (loop != null) {
        throw new IllegalStateException("the Falco gRPC subscriber is already started");
      }
      poller =
          Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "tfdrift-falco-grpc-poll"));
      loop = daemon(() -> run(sink), "tfdrift-falco-grpc");
      loop.start();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private void run(EventSink sink) {
    while (!closed.get()) {
      long started = System.nanoTime();
      String ended = attempt(sink);
      connected.set(false);
      if (closed.get()) {
        return;
      }
      Duration lived = Duration.ofNanos(System.nanoTime() - started);
      Duration delay = backoff.after(lived);
      log.warn(
          "Falco gRPC stream to {} ended ({}); reconnecting in {} ms",
          target,
          ended,
          delay.toMillis());
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One subscription, until its stream ends; returns why it ended. */
  private String attempt(EventSink sink) {
    ManagedChannel c;
    try {
      c = channels.get();
    } catch (RuntimeException e) {
      return "channel setup failed: " + e.getMessage();
    }
    channel = c;
    try {
      if (closed.get()) {
        return "closed";
      }
      Subscription subscription = new Subscription(sink);
      serviceGrpc.newStub(c).sub(subscription);
      subscription.done.await();
      return subscription.ended;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } finally {
      c.shutdownNow();
      channel = null;
    }
  }

  /** Receives one stream's responses and polls Falco with empty requests. */
  private final class Subscription implements ClientResponseObserver<request, response> {
    private final EventSink sink;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile String ended = "";
    private volatile ClientCallStreamObserver<request> requests;
    private java.util.concurrent.ScheduledFuture<?> polling;

    Subscription(EventSink sink) {
      this.sink = sink;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<request> stream) {
      requests = stream;
      stream.disableAutoRequestWithInitial(1);
      stream.setOnReadyHandler(this::ready);
      synchronized (lock) {
        if (!poller.isShutdown()) {
          polling =
              poller.scheduleWithFixedDelay(
                  this::sendRequest, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    }

    /** The stream is open on a live connection: say so, and send the first empty request. */
    private void ready() {
      if (connected.compareAndSet(false, true)) {
        log.info("Falco gRPC stream to {} established", target);
        synchronized (lock) {
          if (!poller.isShutdown()) {
            poller.execute(this::sendRequest);
          }
        }
      }
    }

    /** Only the poller thread writes to the request stream, so writes never overlap. */
    private void sendRequest() {
      ClientCallStreamObserver<request> stream = requests;
      try {
        if (stream != null && stream.isReady()) {
          stream.onNext(request.getDefaultInstance());
        }
      } catch (RuntimeException e) {
        log.debug("sending an empty request to Falco failed", e);
      }
    }

    @Override
    public void onNext(response value) {
      try {
        deliver(alert(value));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        requests.cancel("tfdrift is shutting down", e);
        return;
      }
      requests.request(1);
    }

    private void deliver(FalcoAlert alert) throws InterruptedException {
      String where = "falco-grpc " + target + " (rule '" + alert.rule() + "')";
      if (!FalcoAlertDecoder.supports(alert.source())) {
        sink.reject(where, "source '" + alert.source() + "' is not decoded by tfdrift");
        return;
      }
      AuditEvent event;
      try {
        event = decoder.decode(alert);
      } catch (IllegalArgumentException e) {
        sink.reject(where, e.getMessage());
        return;
      }
      sink.put(event);
    }

    @Override
    public void onError(Throwable t) {
      finish(Status.fromThrowable(t).toString());
    }

    @Override
    public void onCompleted() {
      finish("Falco completed the stream");
    }

    private void finish(String why) {
      ended = why;
      connected.set(false);
      if (polling != null) {
        polling.cancel(false);
      }
      done.countDown();
    }
  }

  /** A gRPC response as the alert {@code http_output} would have posted. */
  static FalcoAlert alert(response r) {
    Instant time =
        r.hasTime()
            ? Instant.ofEpochSecond(r.getTime().getSeconds(), r.getTime().getNanos())
            : Instant.EPOCH;
    int p = r.getPriorityValue();
    String source = r.getSource();
    if (source.isEmpty()) {
      source = legacySource(r.getSourceDeprecatedValue());
    }
    return new FalcoAlert(
        time,
        p >= 0 && p < PRIORITIES.length ? PRIORITIES[p] : "",
        r.getRule(),
        r.getOutput(),
        source,
        r.getHostname(),
        List.copyOf(r.getTagsList()),
        r.getOutputFieldsMap());
  }

  private static String legacySource(int value) {
    return switch (value) {
      case 0 -> "syscall";
      case 1 -> "k8s_audit";
      case 2 -> "internal";
      default -> "plugin";
    };
  }

  @Override
  public boolean connected() {
    return connected.get();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    synchronized (lock) {
      if (poller != null) {
        poller.shutdownNow();
      }
    }
    ManagedChannel c = channel;
    if (c != null) {
      c.shutdownNow();
    }
    Thread t = loop;
    if (t != null) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    connected.set(false);
  }
}
