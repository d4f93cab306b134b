package io.tfdrift.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The replicas' webhook peer: counts each drift's {@code opened} notification by the record that
 * caused it ({@code event.id}, see {@link ScaleRecords#eventId(int)}) and records its latency from
 * the record's publication. A second notification of a record is a duplicate; anything else is
 * unexpected. One per run.
 */
final class NotificationCounter implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicIntegerArray counts;
  private final AtomicLongArray sentNanos;
  private final AtomicLongArray latencyNanos;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final AtomicInteger notified = new AtomicInteger();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger unexpected = new AtomicInteger();

  NotificationCounter(int events) throws IOException {
    counts = new AtomicIntegerArray(events);
    sentNanos = new AtomicLongArray(events);
    latencyNanos = new AtomicLongArray(events);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(threads);
    server.createContext(
        "/",
        e -> {
          try (e) {
            long now = System.nanoTime();
            JsonNode drift = JSON.readTree(e.getRequestBody().readAllBytes());
            count(ScaleRecords.index(drift.at("/event/id").asText()), drift, now);
            e.sendResponseHeaders(204, -1);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/drift";
  }

  /** Must happen before record {@code i} is published: its notification may come first. */
  void sent(int i, long nanos) {
    sentNanos.set(i, nanos);
  }

  private void count(int i, JsonNode drift, long now) {
    if (i < 0
        || i >= sentNanos.length()
        || !drift.at("/lifecycle/transition").asText().equals("opened")) {
      unexpected.incrementAndGet();
      return;
    }
    if (counts.incrementAndGet(i) > 1) {
      duplicates.incrementAndGet();
      return;
    }
    latencyNanos.set(i, Math.max(1, now - sentNanos.get(i)));
    notified.incrementAndGet();
  }

  int notified() {
    return notified.get();
  }

  int duplicates() {
    return duplicates.get();
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
