package io.tfdrift.falco.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.Secret;
import io.tfdrift.api.SourceException;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.api.spi.EventSource;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.falco.FalcoAlert;
import io.tfdrift.falco.FalcoAlertDecoder;
import io.tfdrift.falco.FalcoAlertParser;
import io.tfdrift.falco.http.FalcoHttpSourceProvider.ReceiverTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Falco {@code http_output} alerts: {@code POST /api/v1/falco/events}, one JSON alert per
 * request ({@code application/json}, as Falco sends it with {@code json_output: true}) or a batch
 * of alerts one per line ({@code application/x-ndjson}).
 *
 * <p>Statuses: 202 accepted (also for valid alerts of a source tfdrift does not decode, which are
 * reported to the sink as rejected); 400 with {@code {"error": ...}} naming the problem (bad JSON
 * with its line and column, no {@code source}, an alert that cannot be decoded; nothing of a bad
 * batch is taken); 401 missing or wrong bearer token; 404 other paths; 405 other methods; 413
 * bodies above 1 MiB; 415 other content types; 503 with {@code Retry-After} when the queue is full
 * ({@code accepted} in the body says how many alerts of a batch were taken before it filled). The
 * JDK server keeps connections alive between requests.
 */
final class FalcoHttpReceiver implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(FalcoHttpReceiver.class);

  static final String PATH = "/api/v1/falco/events";
  static final int MAX_BODY = 1 << 20;
  static final String RETRY_AFTER_SECONDS = "1";
  private static final int THREADS = 4;

  /** The JDK server's switch for {@code TCP_NODELAY} on accepted connections. */
  static final String NO_DELAY = "sun.net.httpserver.nodelay";

  /** The answer to one alert (Falco's usual request), serialised once. */
  private static final byte[] ONE_ACCEPTED =
      "{\"accepted\":1,\"ignored\":0}".getBytes(StandardCharsets.UTF_8);

  static {
    // The JDK server writes a response's headers and body as two segments. Without TCP_NODELAY,
    // Nagle holds the body back until the client acknowledges the headers, and the client's
    // kernel delays that ACK by up to 40 ms: a keep-alive connection (Falco's http_output keeps
    // one) then carries about 22 alerts a second (measured by benchmarks/load). The server reads
    // the property once, when the first server in the JVM is created; the daemon creates its
    // sources before its admin server. An explicit setting is left alone.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private final InetSocketAddress address;
  private final byte[] token;
  private final ReceiverTls tls;
  private final FalcoAlertDecoder decoder = new FalcoAlertDecoder();
  private volatile HttpServer server;
  private volatile ExecutorService executor;
  private volatile EventSink sink;

  FalcoHttpReceiver(InetSocketAddress address, Secret token, ReceiverTls tls) {
    this.address = address;
    this.token =
        token == null ? null : ("Bearer " + token.reveal()).getBytes(StandardCharsets.UTF_8);
    this.tls = tls;
  }

  @Override
  public synchronized void start(EventSink sink) throws SourceException {
    if (server != null) {
      throw new IllegalStateException("the Falco HTTP receiver is already started");
    }
    this.sink = sink;
    HttpServer created;
    try {
      created = tls == null ? HttpServer.create(address, 64) : https();
    } catch (IOException e) {
      throw new SourceException(
          "falco-http cannot listen on "
              + address
              + ": "
              + e.getMessage()
              + "; free the port or set falco.listen to another host:port",
          e);
    }
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "tfdrift-falco-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    created.setExecutor(executor);
    created.createContext("/", this::handle);
    created.start();
    server = created;
    log.info(
        "Falco HTTP receiver listening on {}{} ({})",
        tls == null ? "http://" : "https://",
        created.getAddress(),
        token == null ? "no authentication" : "bearer token");
  }

  private HttpsServer https() throws IOException {
    HttpsServer https = HttpsServer.create(address, 64);
    https.setHttpsConfigurator(
        new HttpsConfigurator(tls.context()) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
            parameters.setNeedClientAuth(tls.clientAuth());
            params.setSSLParameters(parameters);
          }
        });
    return https;
  }

  /**
   * The address the receiver listens on, with the real port when configured with port 0.
   *
   * @return the bound address
   */
  InetSocketAddress boundAddress() {
    HttpServer s = server;
    return s == null ? address : s.getAddress();
  }

  @Override
  public boolean connected() {
    return server != null;
  }

  @Override
  public synchronized void close() {
    HttpServer s = server;
    server = null;
    if (s != null) {
      s.stop(0);
      executor.shutdownNow();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      respond(exchange);
    } catch (IOException | RuntimeException e) {
      log.debug("Falco HTTP request from {} failed", exchange.getRemoteAddress(), e);
      throw e;
    }
  }

  private void respond(HttpExchange exchange) throws IOException {
    if (!PATH.equals(exchange.getRequestURI().getPath())) {
      send(exchange, 404, error("no such endpoint; Falco posts to " + PATH));
      return;
    }
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      send(exchange, 405, error("use POST"));
      return;
    }
    if (token != null && !authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tfdrift\"");
      send(exchange, 401, error("missing or wrong bearer token"));
      return;
    }
    Boolean batch = batch(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (batch == null) {
      send(
          exchange,
          415,
          error(
              "Content-Type must be application/json (one alert) or application/x-ndjson (one"
                  + " alert per line); set json_output: true in falco.yaml"));
      return;
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      rejected(exchange, "request body above " + MAX_BODY + " bytes");
      exchange.getResponseHeaders().set("Connection", "close");
      send(exchange, 413, error("body above 1 MiB (" + MAX_BODY + " bytes)"));
      return;
    }
    accept(exchange, body, batch);
  }

  private boolean authorised(String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(token, header.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code FALSE} for one alert, {@code TRUE} for NDJSON, {@code null} if unsupported. */
  private static Boolean batch(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String media =
        (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
            .trim()
            .toLowerCase(Locale.ROOT);
    return switch (media) {
      case "application/json" -> Boolean.FALSE;
      case "application/x-ndjson", "application/ndjson", "application/jsonl" -> Boolean.TRUE;
      default -> null;
    };
  }

  /**
   * The body, or {@code null} if it is larger than {@link #MAX_BODY}. Reads at most one byte more
   * than the limit whatever {@code Content-Length} says; answering before reading would reset the
   * connection under a client that is still sending, and it would never see the 413.
   */
  private static byte[] readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      int declared =
          exchange.getRequestHeaders().containsKey("Transfer-Encoding")
              ? -1
              : declaredLength(exchange.getRequestHeaders().getFirst("Content-Length"));
      if (declared >= 0) {
        // The usual case (Falco sends Content-Length): one exactly sized array, where reading up
        // to the limit allocated 8 KiB chunks and a copy (a third of the receiver's garbage). The
        // JDK server ends the body stream at Content-Length.
        byte[] body = new byte[declared];
        int read = in.readNBytes(body, 0, declared);
        return read == declared ? body : Arrays.copyOf(body, read);
      }
      byte[] body = in.readNBytes(MAX_BODY + 1);
      return body.length > MAX_BODY ? null : body;
    }
  }

  /** A Content-Length within {@link #MAX_BODY}, or -1 (absent, chunked, malformed or too big). */
  private static int declaredLength(String header) {
    if (header == null || header.isEmpty() || header.length() > 9) {
      return -1;
    }
    int n = 0;
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n <= MAX_BODY ? n : -1;
  }

  private void accept(HttpExchange exchange, byte[] body, boolean batch) throws IOException {
    List<AuditEvent> events = new ArrayList<>(batch ? 16 : 1);
    int ignored = 0;
    int[] lines = batch ? lineStarts(body) : new int[] {0, body.length};
    int alerts = 0;
    for (int i = 0; i + 1 < lines.length; i++) {
      int start = lines[i];
      int end = lines[i + 1];
      if (batch && blank(body, start, end)) {
        continue;
      }
      alerts++;
      String where = batch ? "line " + (i + 1) + ": " : "";
      FalcoAlert alert;
      try {
        alert = FalcoAlertParser.parse(body, start, end - start);
        if (!FalcoAlertDecoder.supports(alert.source())) {
          ignored++;
          sink.reject(describe(exchange, alert.rule()), unsupported(alert));
          continue;
        }
        events.add(decoder.decode(alert));
      } catch (IllegalArgumentException e) {
        rejected(exchange, where + e.getMessage());
        send(exchange, 400, error(where + e.getMessage()));
        return;
      }
    }
    if (alerts == 0) {
      rejected(exchange, "empty body");
      send(exchange, 400, error("empty body; send one Falco alert as JSON"));
      return;
    }
    for (int i = 0; i < events.size(); i++) {
      if (!sink.offer(events.get(i))) {
        exchange.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        Map<String, Object> busy = new LinkedHashMap<>();
        busy.put("error", "event queue full; retry later");
        busy.put("accepted", (long) i);
        send(exchange, 503, busy);
        return;
      }
    }
    if (events.size() == 1 && ignored == 0) {
      send(exchange, 202, ONE_ACCEPTED);
      return;
    }
    Map<String, Object> ok = new LinkedHashMap<>();
    ok.put("accepted", (long) events.size());
    ok.put("ignored", (long) ignored);
    send(exchange, 202, ok);
  }

  private static String unsupported(FalcoAlert alert) {
    return "source '"
        + alert.source()
        + "' is not decoded by tfdrift (supported: "
        + String.join(", ", FalcoAlertDecoder.SOURCES)
        + ")";
  }

  private void rejected(HttpExchange exchange, String problem) {
    sink.reject(describe(exchange, ""), problem);
  }

  private static String describe(HttpExchange exchange, String rule) {
    String from =
        "falco-http POST from " + exchange.getRemoteAddress().getAddress().getHostAddress();
    return rule.isEmpty() ? from : from + " (rule '" + rule + "')";
  }

  /** Offsets where lines start, plus the body length; a trailing newline adds no line. */
  private static int[] lineStarts(byte[] body) {
    int count = 1;
    for (byte b : body) {
      if (b == '\n') {
        count++;
      }
    }
    int[] starts = new int[count + 1];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < body.length; i++) {
      if (body[i] == '\n') {
        starts[n++] = i + 1;
      }
    }
    starts[n] = body.length;
    return starts;
  }

  private static boolean blank(byte[] body, int start, int end) {
    for (int i = start; i < end; i++) {
      byte b = body[i];
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }

  private static void send(HttpExchange exchange, int status, Map<String, Object> body)
      throws IOException {
    send(exchange, status, JsonTrees.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
