package io.tfdrift.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The replicas' webhook peer: counts each drift's {@code opened} notification by the record that
 * caused it ({@code event.id}, see {@link ScaleRecords#eventId(int)}) and records its latency from
 * the record's publication. Each replica posts to its own path ({@link #url(String)}), so a second
 * notification of a record is told apart: redelivered after a kill (the killed replica delivered it
 * and died before removing it from the outbox: the at-least-once window) or any other duplicate.
 * Anything else is unexpected. One per run.
 */
final class NotificationCounter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicIntegerArray counts;
  private final AtomicLongArray sentNanos;
  private final AtomicLongArray latencyNanos;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final AtomicInteger notified = new AtomicInteger();
  private final AtomicReferenceArray<String> deliveredBy;
  private final Set<String> killed = ConcurrentHashMap.newKeySet();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger afterKill = new AtomicInteger();
  private final AtomicInteger unexpected = new AtomicInteger();

  NotificationCounter(int events) throws IOException {
    counts = new AtomicIntegerArray(events);
    sentNanos = new AtomicLongArray(events);
    latencyNanos = new AtomicLongArray(events);
    deliveredBy = new AtomicReferenceArray<>(events);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext(
        "/",
        e -> {
          try (e) {
            long now = System.nanoTime();
            JsonNode drift = JSON.readTree(e.getRequestBody().readAllBytes());
            String path = e.getRequestURI().getPath();
            String replica = path.substring(path.lastIndexOf('/') + 1);
            count(ScaleRecords.index(drift.at("/event/id").asText()), replica, drift, now);
            e.sendResponseHeaders(204, -1);
          }
        });
    server.start();
  }

  /** The webhook URL of one replica. */
  String url(String replica) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/drift/" + replica;
  }

  /** Called before a replica is killed: its undeleted deliveries may come again from others. */
  void killed(String replica) {
    killed.add(replica);
  }

  /** Must happen before record {@code i} is published: its notification may come first. */
  void sent(int i, long nanos) {
    sentNanos.set(i, nanos);
  }

  private void count(int i, String replica, JsonNode drift, long now) {
    if (i < 0
        || i >= sentNanos.length()
        || !drift.at("/lifecycle/transition").asText().equals("opened")) {
      unexpected.incrementAndGet();
      return;
    }
    if (counts.incrementAndGet(i) > 1) {
      String first = deliveredBy.get(i);
      if (first != null && killed.contains(first) && !first.equals(replica)) {
        afterKill.incrementAndGet();
      } else {
        duplicates.incrementAndGet();
      }
      return;
    }
    deliveredBy.set(i, replica);
    latencyNanos.set(i, Math.max(1, now - sentNanos.get(i)));
    notified.incrementAndGet();
  }

  int notified() {
    return notified.get();
  }

  int duplicates() {
    return duplicates.get();
  }

  /** Second notifications of drifts a killed replica had delivered (the at-least-once window). */
  int afterKill() {
    return afterKill.get();
  }

  int unexpected() {
    return unexpected.get();
  }

  /** Per record: 0 if it was not notified (or is not a drift), else its latency. */
  long[] latencies() {
    long[] out = new long[latencyNanos.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = latencyNanos.get(i);
    }
    return out;
  }

  /** Records of the expected ones that were not notified. */
  int lost(ScaleRecords records) {
    int lost = 0;
    for (int i = 0; i < records.events(); i++) {
      if (records.kind(i) == ScaleRecords.Kind.DRIFT && counts.get(i) == 0) {
        lost++;
      }
    }
    return lost;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
