package io.tfdrift.source.gcp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import com.google.pubsub.v1.SubscriberGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Pub/Sub subscription on a loopback gRPC server: the {@code Subscriber} service's {@code
 * StreamingPull}, {@code Acknowledge} and {@code ModifyAckDeadline}, with Pub/Sub's delivery rules
 * (a message stays outstanding until acknowledged; a deadline of 0 is a nack and redelivers it with
 * a new ack id and a higher delivery attempt).
 */
final class FakePubSub extends SubscriberGrpc.SubscriberImplBase implements AutoCloseable {

  /** One delivery of a message. */
  record Delivery(String ackId, String messageId, int attempt) {}

  private final Deque<PubsubMessage> pending = new ArrayDeque<>();
  private final Map<String, PubsubMessage> outstanding = new LinkedHashMap<>();
  private final Map<String, StreamObserver<StreamingPullResponse>> deliveredOn =
      new LinkedHashMap<>();
  private final Map<String, Integer> attempts = new LinkedHashMap<>();
  private final List<StreamObserver<StreamingPullResponse>> streams = new ArrayList<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<String> acked = new ArrayList<>();
  private final List<String> nacked = new ArrayList<>();
  private final List<String> subscriptions = new ArrayList<>();
  private Status refuseWith;
  private int refused;
  private int nextId;
  private final Server server;

  FakePubSub() throws IOException {
    server =
        Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
            .addService(this)
            .build()
            .start();
  }

  String endpoint() {
    return "127.0.0.1:" + server.getPort();
  }

  /** Publishes a message; returns its id. */
  synchronized String publish(String data) {
    String id = "m" + (++nextId);
    pending.add(
        PubsubMessage.newBuilder()
            .setMessageId(id)
            .setData(ByteString.copyFrom(data, StandardCharsets.UTF_8))
            .build());
    flush();
    return id;
  }

  /** Makes every new stream fail with this status (a missing subscription, say). */
  synchronized void refuseStreams(Status status) {
    refuseWith = status;
  }

  /** The ack deadline of every outstanding message expires: they are delivered again. */
  synchronized void expireDeadlines() {
    pending.addAll(outstanding.values());
    outstanding.clear();
    flush();
  }

  synchronized void awaitRefusals(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (refused < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + count + " refused streams, got " + refused);
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  synchronized List<String> acked() {
    return List.copyOf(acked);
  }

  synchronized List<String> nacked() {
    return List.copyOf(nacked);
  }

  synchronized List<String> subscriptions() {
    return List.copyOf(subscriptions);
  }

  synchronized void awaitAcks(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (acked.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + count + " acks, got " + acked);
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  synchronized void awaitNacks(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (nacked.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + count + " nacks, got " + nacked);
      }
      wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }
  }

  private void flush() {
    if (streams.isEmpty()) {
      return;
    }
    StreamObserver<StreamingPullResponse> out = streams.get(0);
    PubsubMessage message;
    while ((message = pending.poll()) != null) {
      String ackId = "ack-" + message.getMessageId() + "-" + deliveries.size();
      int attempt = attempts.merge(message.getMessageId(), 1, Integer::sum);
      outstanding.put(ackId, message);
      deliveredOn.put(ackId, out);
      deliveries.add(new Delivery(ackId, message.getMessageId(), attempt));
      out.onNext(
          StreamingPullResponse.newBuilder()
              .addReceivedMessages(
                  ReceivedMessage.newBuilder()
                      .setAckId(ackId)
                      .setMessage(message)
                      .setDeliveryAttempt(attempt))
              .build());
    }
    notifyAll();
  }

  private synchronized void ack(List<String> ackIds) {
    for (String ackId : ackIds) {
      if (outstanding.remove(ackId) != null) {
        acked.add(ackId);
      }
    }
    notifyAll();
  }

  private synchronized void modify(List<String> ackIds, int seconds) {
    if (seconds > 0) {
      return;
    }
    for (String ackId : ackIds) {
      PubsubMessage message = outstanding.remove(ackId);
      if (message != null) {
        nacked.add(ackId);
        pending.add(message);
      }
    }
    flush();
    notifyAll();
  }

  @Override
  public StreamObserver<StreamingPullRequest> streamingPull(
      StreamObserver<StreamingPullResponse> out) {
    synchronized (this) {
      if (refuseWith != null) {
        refused++;
        notifyAll();
        out.onError(refuseWith.asRuntimeException());
        return new StreamObserver<>() {
          @Override
          public void onNext(StreamingPullRequest value) {}

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {}
        };
      }
    }
    return new StreamObserver<>() {
      @Override
      public void onNext(StreamingPullRequest request) {
        synchronized (FakePubSub.this) {
          if (!request.getSubscription().isEmpty()) {
            subscriptions.add(request.getSubscription());
            streams.add(out);
          }
        }
        ack(request.getAckIdsList());
        for (int i = 0; i < request.getModifyDeadlineAckIdsCount(); i++) {
          modify(List.of(request.getModifyDeadlineAckIds(i)), request.getModifyDeadlineSeconds(i));
        }
        synchronized (FakePubSub.this) {
          flush();
        }
      }

      @Override
      public void onError(Throwable t) {
        closed();
      }

      @Override
      public void onCompleted() {
        closed();
        out.onCompleted();
      }

      /**
       * Messages still outstanding on a stream that ended are delivered again once their ack
       * deadline passes, as Pub/Sub does; the deadline here is 200 ms so that tests need not wait.
       * A nack or ack that arrives before it (ack ids stay valid after the stream) wins.
       */
      private void closed() {
        List<String> ackIds = new ArrayList<>();
        synchronized (FakePubSub.this) {
          streams.remove(out);
          deliveredOn
              .entrySet()
              .removeIf(
                  e -> {
                    if (e.getValue() != out) {
                      return false;
                    }
                    ackIds.add(e.getKey());
                    return true;
                  });
        }
        java.util.concurrent.CompletableFuture.runAsync(
            () -> {
              synchronized (FakePubSub.this) {
                for (String ackId : ackIds) {
                  PubsubMessage message = outstanding.remove(ackId);
                  if (message != null) {
                    pending.add(message);
                  }
                }
                flush();
              }
            },
            java.util.concurrent.CompletableFuture.delayedExecutor(
                200, java.util.concurrent.TimeUnit.MILLISECONDS));
      }
    };
  }

  @Override
  public void acknowledge(AcknowledgeRequest request, StreamObserver<Empty> out) {
    ack(request.getAckIdsList());
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void modifyAckDeadline(ModifyAckDeadlineRequest request, StreamObserver<Empty> out) {
    modify(request.getAckIdsList(), request.getAckDeadlineSeconds());
    out.onNext(Empty.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void close() {
    server.shutdownNow();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
