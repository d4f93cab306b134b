package io.tfdrift.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The admin HTTP server on {@code server.listen}: {@code /healthz} (liveness), {@code /ready}
 * (readiness with the detail of each check; 503 when not ready), {@code /metrics} (Prometheus text)
 * and, with {@code server.debug: true}, {@code /debug/threads} (a thread dump).
 */
final class AdminServer implements AutoCloseable {
  private final HttpServer server;

  /** A readiness or liveness answer: whether it holds, and the JSON detail. */
  record Check(boolean ok, String json) {}

  AdminServer(
      InetSocketAddress address,
      Supplier<Check> liveness,
      Supplier<Check> readiness,
      PrometheusMeterRegistry metrics,
      boolean debug)
      throws IOException {
    server = HttpServer.create(address, 0);
    server.setExecutor(
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "tfdrift-admin");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/healthz", e -> answer(e, liveness.get()));
    server.createContext("/ready", e -> answer(e, readiness.get()));
    server.createContext(
        "/metrics",
        e -> send(e, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    if (debug) {
      server.createContext(
          "/debug/threads", e -> send(e, 200, "text/plain; charset=utf-8", threadDump()));
    }
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange e, Check check) throws IOException {
    send(e, check.ok() ? 200 : 503, "application/json", check.json());
  }

  private static void send(HttpExchange e, int status, String type, String body)
      throws IOException {
    try (e) {
      if (!e.getRequestMethod().equals("GET") && !e.getRequestMethod().equals("HEAD")) {
        e.getResponseHeaders().set("Allow", "GET");
        e.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      e.getResponseHeaders().set("Content-Type", type);
      e.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = e.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String threadDump() {
    StringBuilder out = new StringBuilder();
    for (ThreadInfo t : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
      out.append(t);
    }
    return out.toString();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
