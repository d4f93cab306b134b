package com.example.tfdrift.discord;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Discord's webhook endpoint, in-process: records every request and answers 204 No Content as
 * Discord does, or the responses a test queued (429 with Retry-After, 5xx, 404 ...).
 */
final class FakeDiscord implements AutoCloseable {
  /** One request as received. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {}

  /** One queued answer. */
  record Answer(int status, Map<String, String> headers, String body) {}

  static final String PATH = "/api/webhooks/1187654321098765432/s3cr3t-t0ken-AbCdEf";

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();

  FakeDiscord() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Answer answer;
          synchronized (this) {
            requests.add(
                new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            answer = answers.isEmpty() ? new Answer(204, Map.of(), "") : answers.poll();
          }
          answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
          byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  String webhookUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  synchronized void answer(int status, Map<String, String> headers, String body) {
    answers.add(new Answer(status, headers, body));
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
