package io.tfdrift.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tfdrift.core.config.ConfigSection;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The admin HTTP server on {@code server.listen}: {@code /healthz} (liveness), {@code /ready}
 * (readiness with the detail of each check; 503 when not ready), {@code /metrics} (Prometheus text)
 * and, with {@code server.debug: true}, {@code /debug/threads} (a thread dump) and {@code
 * /debug/jfr} (a Flight Recorder recording: {@code POST /debug/jfr/start?settings=profile}, {@code
 * POST /debug/jfr/stop}, {@code GET /debug/jfr/download}, status at {@code GET /debug/jfr}).
 */
final class AdminServer implements AutoCloseable {
  private final HttpServer server;
  private final JfrRecorder jfr = new JfrRecorder();

  /** A readiness or liveness answer: whether it holds, and the JSON detail. */
  record Check(boolean ok, String json) {}

  AdminServer(
      InetSocketAddress address,
      Supplier<Check> liveness,
      Supplier<Check> readiness,
      PrometheusMeterRegistry metrics,
      boolean debug,
      Map<String, HttpHandler> more)
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
    more.forEach(server::createContext);
    if (debug) {
      server.createContext(
          "/debug/threads", e -> send(e, 200, "text/plain; charset=utf-8", threadDump()));
      server.createContext("/debug/jfr", this::jfr);
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

  private void jfr(HttpExchange e) throws IOException {
    String path = e.getRequestURI().getPath();
    String method = e.getRequestMethod();
    Map<String, String> query = InventoryApi.query(e.getRequestURI().getRawQuery());
    try (e) {
      JfrRecorder.Answer answer;
      switch (path) {
        case "/debug/jfr/start" -> {
          if (!method.equals("POST")) {
            answer = new JfrRecorder.Answer(405, "{\"error\":\"use POST\"}");
          } else {
            answer = startJfr(query);
          }
        }
        case "/debug/jfr/stop" ->
            answer =
                method.equals("POST")
                    ? jfr.stop()
                    : new JfrRecorder.Answer(405, "{\"error\":\"use POST\"}");
        case "/debug/jfr/download" -> {
          downloadJfr(e);
          return;
        }
        case "/debug/jfr", "/debug/jfr/" -> answer = jfr.status();
        default ->
            answer =
                new JfrRecorder.Answer(
                    404,
                    "{\"error\":\"unknown path; use /debug/jfr, /debug/jfr/start, /debug/jfr/stop"
                        + " or /debug/jfr/download\"}");
      }
      byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
      e.getResponseHeaders().set("Content-Type", "application/json");
      e.sendResponseHeaders(answer.status(), bytes.length);
      e.getResponseBody().write(bytes);
    }
  }

  private JfrRecorder.Answer startJfr(Map<String, String> query) {
    Duration max;
    try {
      max =
          ConfigSection.of("max_duration", query).duration("max_duration", Duration.ofMinutes(10));
    } catch (io.tfdrift.api.ConfigException bad) {
      return new JfrRecorder.Answer(
          400, "{\"error\":\"max_duration is not a duration; write e.g. 60s or 10m\"}");
    }
    return jfr.start(query.getOrDefault("settings", "default"), max);
  }

  private void downloadJfr(HttpExchange e) throws IOException {
    Path file = jfr.dump();
    if (file == null) {
      byte[] body =
          "{\"error\":\"no recording; POST /debug/jfr/start first\"}"
              .getBytes(StandardCharsets.UTF_8);
      e.getResponseHeaders().set("Content-Type", "application/json");
      e.sendResponseHeaders(404, body.length);
      e.getResponseBody().write(body);
      return;
    }
    try {
      e.getResponseHeaders().set("Content-Type", "application/octet-stream");
      e.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"tfdrift.jfr\"");
      e.sendResponseHeaders(200, Files.size(file));
      try (OutputStream out = e.getResponseBody()) {
        Files.copy(file, out);
      }
    } finally {
      Files.deleteIfExists(file);
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
    jfr.close();
    server.stop(0);
  }
}
