package io.tfdrift.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Secret;
import io.tfdrift.api.Severity;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.Acknowledgement;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftQuery;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.DriftSummary;
import io.tfdrift.api.inventory.Occurrence;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.spi.DriftStore;
import io.tfdrift.core.inventory.Inventory;
import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drift inventory over HTTP, under {@code /api/v1/} on the admin port (documented in {@code
 * docs/openapi.yaml}): list with filters, sorting and paging, one drift with its occurrences,
 * acknowledge, resolve, and a summary. Reads need a read or write bearer token when read tokens are
 * configured; writes need a write token and are off without one.
 */
final class InventoryApi implements HttpHandler {
  private static final Logger log = LoggerFactory.getLogger(InventoryApi.class);
  static final String PREFIX = "/api/v1/";
  private static final int MAX_OCCURRENCES = 100;
  private static final long MAX_BODY = 64 * 1024;

  private final DriftStore store;
  private final Inventory inventory;
  private final List<Secret> readTokens;
  private final List<Secret> writeTokens;
  private final Clock clock;

  InventoryApi(
      Inventory inventory, List<Secret> readTokens, List<Secret> writeTokens, Clock clock) {
    this.store = inventory.store();
    this.inventory = inventory;
    this.readTokens = List.copyOf(readTokens);
    this.writeTokens = List.copyOf(writeTokens);
    this.clock = clock;
  }

  /** An answer: a status and a JSON tree. */
  record Answer(int status, Object body) {
    static Answer error(int status, String message) {
      return new Answer(status, Map.of("error", message));
    }
  }

  /** A bad request parameter: answered 400 with its message. */
  static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public void handle(HttpExchange e) throws IOException {
    Answer answer;
    try {
      answer = route(e);
    } catch (BadRequest bad) {
      answer = Answer.error(400, bad.getMessage());
    } catch (StoreException failed) {
      log.warn(
          "Drift store failed answering {}: {}", e.getRequestURI().getPath(), failed.getMessage());
      answer = Answer.error(503, "the drift store is unavailable; /ready says why");
    }
    byte[] bytes = JsonTrees.toJson(answer.body()).getBytes(StandardCharsets.UTF_8);
    try (e) {
      e.getResponseHeaders().set("Content-Type", "application/json");
      e.getResponseHeaders().set("Cache-Control", "no-store");
      if (answer.status() == 401) {
        e.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tfdrift\"");
      }
      e.sendResponseHeaders(answer.status(), bytes.length);
      try (OutputStream out = e.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private Answer route(HttpExchange e) throws IOException, StoreException {
    String method = e.getRequestMethod();
    List<String> path = segments(e.getRequestURI().getRawPath());
    boolean write = method.equals("POST");
    Optional<Answer> denied = authorize(e.getRequestHeaders().getFirst("Authorization"), write);
    if (denied.isPresent()) {
      return denied.get();
    }
    if (path.equals(List.of("summary")) && method.equals("GET")) {
      return summary(query(e.getRequestURI().getRawQuery()));
    }
    if (path.size() >= 1 && path.get(0).equals("drifts")) {
      if (path.size() == 1 && method.equals("GET")) {
        return list(query(e.getRequestURI().getRawQuery()));
      }
      DriftKey key = new DriftKey(path.get(1));
      if (path.size() == 2 && method.equals("GET")) {
        return detail(key);
      }
      if (path.size() == 3 && write && path.get(2).equals("acknowledge")) {
        return acknowledge(key, body(e));
      }
      if (path.size() == 3 && write && path.get(2).equals("resolve")) {
        return resolve(key, body(e));
      }
    }
    return Answer.error(
        404,
        "no such endpoint: "
            + method
            + " "
            + e.getRequestURI().getPath()
            + "; see docs/openapi.yaml (GET /api/v1/drifts, GET /api/v1/drifts/{key}, POST"
            + " /api/v1/drifts/{key}/acknowledge, POST /api/v1/drifts/{key}/resolve, GET"
            + " /api/v1/summary)");
  }

  private Optional<Answer> authorize(String header, boolean write) {
    String token =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : "";
    if (write) {
      if (writeTokens.isEmpty()) {
        return Optional.of(
            Answer.error(
                403,
                "write endpoints are off: set server.api.write_tokens (secrets) to acknowledge or"
                    + " resolve drift over the API"));
      }
      return matches(token, writeTokens)
          ? Optional.empty()
          : Optional.of(Answer.error(401, "a write token is required (Authorization: Bearer …)"));
    }
    if (readTokens.isEmpty() || matches(token, readTokens) || matches(token, writeTokens)) {
      return Optional.empty();
    }
    return Optional.of(Answer.error(401, "a read token is required (Authorization: Bearer …)"));
  }

  private static boolean matches(String token, List<Secret> tokens) {
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    boolean any = false;
    for (Secret s : tokens) {
      any |= MessageDigest.isEqual(given, s.reveal().getBytes(StandardCharsets.UTF_8));
    }
    return any && given.length > 0;
  }

  private Answer list(Map<String, String> q) throws StoreException {
    DriftQuery.Builder b = DriftQuery.builder();
    b.statuses(enums(q, "status", DriftStatus.class, DriftStatus::label));
    b.severities(enums(q, "severity", Severity.class, Severity::label));
    b.kinds(enums(q, "kind", DriftKind.class, DriftKind::label));
    b.resourceType(q.getOrDefault("type", ""));
    b.state(q.getOrDefault("state", ""));
    b.provider(q.getOrDefault("provider", ""));
    b.actor(q.getOrDefault("actor", ""));
    b.text(q.getOrDefault("q", ""));
    DriftQuery.Sort sort =
        one(q, "sort", DriftQuery.Sort.class, DriftQuery.Sort::label, DriftQuery.Sort.LAST_SEEN);
    String order = q.getOrDefault("order", "desc");
    if (!order.equals("asc") && !order.equals("desc")) {
      throw new BadRequest("order must be asc or desc, not '" + order + "'");
    }
    int limit = (int) number(q, "limit", 50, 1, DriftQuery.MAX_LIMIT);
    long offset = number(q, "offset", 0, 0, Long.MAX_VALUE);
    DriftQuery query = b.sort(sort, order.equals("desc")).page(limit, offset).build();
    var page = store.query(query);
    List<Object> items = new ArrayList<>();
    page.items().forEach(r -> items.add(json(r)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", items);
    body.put("total", page.total());
    body.put("limit", limit);
    body.put("offset", offset);
    return new Answer(200, body);
  }

  private Answer detail(DriftKey key) throws StoreException {
    Optional<DriftRecord> record = store.find(key);
    if (record.isEmpty()) {
      return Answer.error(404, "no drift with key " + key);
    }
    Map<String, Object> body = json(record.get());
    List<Object> occurrences = new ArrayList<>();
    for (Occurrence o : store.occurrences(key, MAX_OCCURRENCES)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("event_id", o.eventId());
      m.put("time", o.time().toString());
      m.put("actor", o.actor());
      m.put("drift", JsonTrees.parseEmbedded(o.event()));
      occurrences.add(m);
    }
    body.put("occurrence_list", occurrences);
    return new Answer(200, body);
  }

  private Answer acknowledge(DriftKey key, Map<String, Object> body) throws StoreException {
    String by = text(body, "by", true);
    String note = text(body, "note", false);
    Acknowledgement ack = new Acknowledgement(clock.instant(), by, note);
    return change(key, () -> inventory.acknowledge(key, ack), "an open drift");
  }

  private Answer resolve(DriftKey key, Map<String, Object> body) throws StoreException {
    String by = text(body, "by", true);
    String reason = text(body, "reason", true);
    Resolution resolution = new Resolution(Resolution.Reason.MANUAL, clock.instant(), by, reason);
    return change(key, () -> inventory.resolve(key, resolution), "an open or acknowledged drift");
  }

  private Answer change(DriftKey key, StoreCall change, String expected) throws StoreException {
    Optional<DriftRecord> before = store.find(key);
    if (before.isEmpty()) {
      return Answer.error(404, "no drift with key " + key);
    }
    if (!change.run()) {
      DriftRecord now = store.find(key).orElse(before.get());
      return Answer.error(
          409, "drift " + key + " is " + now.status().label() + "; this needs " + expected);
    }
    return new Answer(200, json(store.find(key).orElseThrow()));
  }

  /** A change to the inventory: whether it was made. */
  @FunctionalInterface
  private interface StoreCall {
    boolean run() throws StoreException;
  }

  private Answer summary(Map<String, String> q) throws StoreException {
    long days = number(q, "days", 30, 1, 3650);
    DriftSummary s = store.summary(clock.instant().minus(Duration.ofDays(days)));
    Map<String, Object> counts = new LinkedHashMap<>();
    for (DriftStatus status : DriftStatus.values()) {
      Map<String, Object> bySeverity = new LinkedHashMap<>();
      for (Severity severity : Severity.values()) {
        bySeverity.put(severity.label(), s.count(status, severity));
      }
      counts.put(status.label(), bySeverity);
    }
    List<Object> perDay = new ArrayList<>();
    s.days()
        .forEach(
            d ->
                perDay.add(
                    Map.of(
                        "date",
                        d.date().toString(),
                        "opened",
                        d.opened(),
                        "resolved",
                        d.resolved())));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("counts", counts);
    body.put("days", perDay);
    body.put(
        "mean_time_to_resolve_seconds",
        s.meanTimeToResolve().map(Duration::toSeconds).orElse(null));
    return new Answer(200, body);
  }

  static Map<String, Object> json(DriftRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", r.key().value());
    m.put("kind", r.kind().label());
    m.put("status", r.status().label());
    m.put("severity", r.severity().label());
    m.put("provider", r.provider());
    m.put("state", r.state());
    m.put("address", r.address());
    m.put("resource_type", r.resourceType());
    m.put("resource_id", r.resourceId());
    m.put("attribute", r.attribute());
    m.put("actor", r.actor());
    m.put("first_seen", r.firstSeen().toString());
    m.put("last_seen", r.lastSeen().toString());
    m.put("occurrences", r.occurrences());
    m.put(
        "acknowledgement",
        r.acknowledgement()
            .map(a -> (Object) Map.of("at", a.at().toString(), "by", a.by(), "note", a.note()))
            .orElse(null));
    m.put(
        "resolution",
        r.resolution()
            .map(
                x ->
                    (Object)
                        Map.of(
                            "reason", x.reason().label(),
                            "at", x.at().toString(),
                            "by", x.by(),
                            "note", x.note()))
            .orElse(null));
    m.put("drift", JsonTrees.parseEmbedded(r.event()));
    return m;
  }

  private static Map<String, Object> body(HttpExchange e) throws IOException {
    byte[] bytes;
    try (InputStream in = e.getRequestBody()) {
      bytes = in.readNBytes((int) MAX_BODY + 1);
    }
    if (bytes.length > MAX_BODY) {
      throw new BadRequest("the body is larger than " + MAX_BODY + " bytes");
    }
    if (bytes.length == 0) {
      throw new BadRequest(
          "a JSON object body is required, e.g. {\"by\":\"alice\",\"reason\":\"…\"}");
    }
    try {
      return JsonTrees.parseObject(bytes);
    } catch (RuntimeException notJson) {
      throw new BadRequest("the body is not a JSON object: " + notJson.getMessage());
    }
  }

  private static String text(Map<String, Object> body, String key, boolean required) {
    Object v = body.get(key);
    if (v == null || (v instanceof String s && s.isBlank())) {
      if (required) {
        throw new BadRequest("'" + key + "' is required");
      }
      return "";
    }
    if (!(v instanceof String s)) {
      throw new BadRequest("'" + key + "' must be a string");
    }
    return s.strip();
  }

  private static <E extends Enum<E>> Set<E> enums(
      Map<String, String> q, String name, Class<E> type, Function<E, String> label) {
    String raw = q.getOrDefault(name, "");
    Set<E> set = EnumSet.noneOf(type);
    if (raw.isBlank()) {
      return set;
    }
    for (String part : raw.split(",")) {
      set.add(parse(name, part.strip().toLowerCase(Locale.ROOT), type, label));
    }
    return set;
  }

  private static <E extends Enum<E>> E one(
      Map<String, String> q, String name, Class<E> type, Function<E, String> label, E otherwise) {
    String raw = q.get(name);
    return raw == null || raw.isBlank() ? otherwise : parse(name, raw.strip(), type, label);
  }

  private static <E extends Enum<E>> E parse(
      String name, String value, Class<E> type, Function<E, String> label) {
    for (E e : type.getEnumConstants()) {
      if (label.apply(e).equals(value)) {
        return e;
      }
    }
    List<String> known = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      known.add(label.apply(e));
    }
    throw new BadRequest(name + " '" + value + "' is not one of " + String.join(", ", known));
  }

  private static long number(
      Map<String, String> q, String name, long otherwise, long min, long max) {
    String raw = q.get(name);
    if (raw == null || raw.isBlank()) {
      return otherwise;
    }
    try {
      long v = Long.parseLong(raw.strip());
      if (v < min || v > max) {
        throw new BadRequest(name + " must be " + min + " to " + max + ", not " + v);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new BadRequest(name + " must be a whole number, not '" + raw + "'");
    }
  }

  /** The path after {@code /api/v1/}, split at slashes, each segment percent-decoded. */
  static List<String> segments(String rawPath) {
    String rest = rawPath.startsWith(PREFIX) ? rawPath.substring(PREFIX.length()) : "";
    List<String> parts = new ArrayList<>();
    for (String s : rest.split("/")) {
      if (!s.isEmpty()) {
        parts.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return parts;
  }

  static Map<String, String> query(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          values.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return values;
  }
}
