package io.tfdrift.state.gcp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process fake of the Cloud Storage JSON API, as much as reading states needs: object
 * metadata, media downloads (optionally pinned to a generation), listing by prefix, an OAuth token
 * endpoint, and errors (missing bucket or object, 401 without the expected token, 403 for denied
 * buckets, injected 503s). Every write gets a new generation, as in Cloud Storage.
 */
final class FakeGcs implements AutoCloseable {
  static final String TOKEN = "fake-access-token";

  private final HttpServer server;
  private final Map<String, Map<String, Stored>> buckets = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final AtomicLong generations = new AtomicLong(1_700_000_000_000_000L);
  private final AtomicInteger failures = new AtomicInteger();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean requireToken;

  private record Stored(byte[] content, long generation) {}

  FakeGcs() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void createBucket(String bucket) {
    buckets.putIfAbsent(bucket, new ConcurrentHashMap<>());
  }

  /** Stores an object and returns its new generation. */
  long put(String bucket, String name, byte[] content) {
    long generation = generations.incrementAndGet();
    buckets.get(bucket).put(name, new Stored(content, generation));
    return generation;
  }

  void delete(String bucket, String name) {
    buckets.get(bucket).remove(name);
  }

  void deny(String bucket) {
    denied.add(bucket);
  }

  void requireToken() {
    requireToken = true;
  }

  /** The next {@code count} storage requests answer 503. */
  void failNext(int count) {
    failures.set(count);
  }

  /** Storage requests since the last reset, as "METHOD /path kind status". */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void resetRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (path.equals("/token")) {
        exchange.getRequestBody().readAllBytes();
        json(
            exchange,
            200,
            "{\"access_token\":\""
                + TOKEN
                + "\",\"expires_in\":3600,"
                + "\"token_type\":\"Bearer\"}");
        return;
      }
      int status = storage(exchange, path, query(exchange.getRequestURI().getRawQuery()));
      requests.add(exchange.getRequestMethod() + " " + describe(path, exchange) + " " + status);
    }
  }

  private int storage(HttpExchange exchange, String path, Map<String, String> query)
      throws IOException {
    if (requireToken) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (!("Bearer " + TOKEN).equals(auth)) {
        return error(exchange, 401, "Anonymous caller does not have storage.objects.get access.");
      }
    }
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return error(exchange, 503, "Service unavailable, try again.");
    }
    String rest = path.startsWith("/download/") ? path.substring("/download".length()) : path;
    if (!rest.startsWith("/storage/v1/b/")) {
      return error(exchange, 501, "the fake does not serve " + path);
    }
    String[] parts = rest.substring("/storage/v1/b/".length()).split("/", 3);
    String bucket = decode(parts[0]);
    if (denied.contains(bucket)) {
      return error(
          exchange,
          403,
          "tfdrift@acme.iam.gserviceaccount.com does not have storage.objects.get access to the"
              + " Google Cloud Storage object.");
    }
    Map<String, Stored> objects = buckets.get(bucket);
    if (objects == null) {
      return error(exchange, 404, "The specified bucket does not exist.");
    }
    if (parts.length == 2 && parts[1].equals("o")) {
      return list(exchange, bucket, objects, query.getOrDefault("prefix", ""));
    }
    if (parts.length < 3 || !parts[1].equals("o")) {
      return error(exchange, 501, "the fake does not serve " + path);
    }
    String name = decode(parts[2]);
    Stored stored = objects.get(name);
    if (stored == null
        || (query.containsKey("generation")
            && Long.parseLong(query.get("generation")) != stored.generation())) {
      return error(exchange, 404, "No such object: " + bucket + "/" + name);
    }
    if ("media".equals(query.get("alt"))) {
      exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
      exchange.getResponseHeaders().add("x-goog-generation", Long.toString(stored.generation()));
      exchange.sendResponseHeaders(200, stored.content().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(stored.content());
      }
      return 200;
    }
    return json(exchange, 200, metadata(bucket, name, stored));
  }

  private int list(HttpExchange exchange, String bucket, Map<String, Stored> objects, String prefix)
      throws IOException {
    List<String> items = new ArrayList<>();
    new TreeMap<>(objects)
        .forEach(
            (name, stored) -> {
              if (name.startsWith(prefix)) {
                items.add(metadata(bucket, name, stored));
              }
            });
    return json(
        exchange,
        200,
        "{\"kind\":\"storage#objects\",\"items\":[" + String.join(",", items) + "]}");
  }

  private static String metadata(String bucket, String name, Stored stored) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("kind", "storage#object");
    fields.put("id", bucket + "/" + name + "/" + stored.generation());
    fields.put("name", name);
    fields.put("bucket", bucket);
    fields.put("generation", Long.toString(stored.generation()));
    fields.put("metageneration", "1");
    fields.put("size", Integer.toString(stored.content().length));
    fields.put("contentType", "application/json");
    List<String> pairs = new ArrayList<>();
    fields.forEach((k, v) -> pairs.add("\"" + k + "\":\"" + escape(v) + "\""));
    return "{" + String.join(",", pairs) + "}";
  }

  private static int error(HttpExchange exchange, int status, String message) throws IOException {
    String reason =
        switch (status) {
          case 401 -> "required";
          case 403 -> "forbidden";
          case 404 -> "notFound";
          default -> "backendError";
        };
    return json(
        exchange,
        status,
        "{\"error\":{\"code\":"
            + status
            + ",\"message\":\""
            + escape(message)
            + "\",\"errors\":[{\"message\":\""
            + escape(message)
            + "\",\"domain\":\"global\",\"reason\":\""
            + reason
            + "\"}]}}");
  }

  private static int json(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    return status;
  }

  private static String describe(String path, HttpExchange exchange) {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String kind =
        "media".equals(query.get("alt")) ? "media" : path.endsWith("/o") ? "list" : "metadata";
    String decoded =
        decode(path.replace("/download/storage/v1/b/", "/").replace("/storage/v1/b/", "/"));
    return decoded + " " + kind;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          decode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return out;
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
