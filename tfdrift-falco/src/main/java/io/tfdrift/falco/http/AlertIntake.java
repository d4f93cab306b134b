package io.tfdrift.falco.http;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.spi.EventSink;
import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.falco.FalcoAlert;
import io.tfdrift.falco.FalcoAlertDecoder;
import io.tfdrift.falco.FalcoAlertParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the receiver does with a request body once HTTP is done with it: parse and decode every
 * alert (one, or one per NDJSON line), hand the events to the sink, and say what to answer.
 * Transport-free, so that the HTTP server only moves bytes. Thread-safe.
 */
final class AlertIntake {

  /** The answer to one alert (Falco's usual request), serialised once. */
  private static final byte[] ONE_ACCEPTED =
      "{\"accepted\":1,\"ignored\":0}".getBytes(StandardCharsets.UTF_8);

  /**
   * The answer to a request.
   *
   * @param status the HTTP status
   * @param body the JSON body
   * @param retryAfter the {@code Retry-After} value, or {@code null}
   */
  record Answer(int status, byte[] body, String retryAfter) {}

  private final EventSink sink;
  private final DeliveryIds deliveries;
  private final FalcoAlertDecoder decoder = new FalcoAlertDecoder();

  AlertIntake(EventSink sink, DeliveryIds deliveries) {
    this.sink = sink;
    this.deliveries = deliveries;
  }

  /**
   * Takes the alerts of one request body.
   *
   * @param body the bytes (UTF-8 JSON)
   * @param length how many of them are the body
   * @param batch {@code true} for NDJSON, one alert per line
   * @param from who sent it, for the sink's rejections (e.g. {@code falco-http POST from 10.0.0.7})
   * @return the answer
   */
  Answer accept(byte[] body, int length, boolean batch, String from) {
    Taken taken = new Taken(batch ? 16 : 1);
    if (!batch) {
      String problem = take(body, 0, length, from, taken);
      return problem == null ? offer(taken) : refuse(from, problem);
    }
    int alerts = 0;
    int line = 0;
    for (int start = 0; start < length; ) {
      int end = lineEnd(body, start, length);
      line++;
      if (!blank(body, start, end)) {
        alerts++;
        String problem = take(body, start, end, from, taken);
        if (problem != null) {
          return refuse(from, "line " + line + ": " + problem);
        }
      }
      start = end + 1;
    }
    if (alerts == 0) {
      return refuse(from, "empty body; send one Falco alert as JSON");
    }
    return offer(taken);
  }

  /** The events of a request's alerts, their delivery ids, and how many had another source. */
  private static final class Taken {
    final List<AuditEvent> events;
    final List<String> ids;
    int ignored;

    Taken(int size) {
      events = new ArrayList<>(size);
      ids = new ArrayList<>(size);
    }
  }

  /** Parses and decodes one alert into {@code taken}; returns the problem, or {@code null}. */
  private String take(byte[] body, int start, int end, String from, Taken taken) {
    try {
      FalcoAlert alert = FalcoAlertParser.parse(body, start, end - start);
      if (!FalcoAlertDecoder.supports(alert.source())) {
        taken.ignored++;
        sink.reject(describe(from, alert.rule()), unsupported(alert));
        return null;
      }
      taken.events.add(decoder.decode(alert));
      taken.ids.add(alert.deliveryId());
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private Answer refuse(String from, String problem) {
    sink.reject(from, problem);
    return new Answer(400, error(problem), null);
  }

  private Answer offer(Taken taken) {
    List<AuditEvent> events = taken.events;
    List<String> ids = taken.ids;
    int ignored = taken.ignored;
    int accepted = 0;
    int duplicates = 0;
    for (int i = 0; i < events.size(); i++) {
      String id = ids.get(i);
      if (!deliveries.claim(id)) {
        duplicates++;
        continue;
      }
      if (!sink.offer(events.get(i))) {
        deliveries.release(id);
        Map<String, Object> busy = new LinkedHashMap<>();
        busy.put("error", "event queue full; retry later");
        busy.put("accepted", (long) accepted);
        return new Answer(503, json(busy), FalcoHttpReceiver.RETRY_AFTER_SECONDS);
      }
      accepted++;
    }
    if (accepted == 1 && ignored == 0 && duplicates == 0) {
      return new Answer(202, ONE_ACCEPTED, null);
    }
    Map<String, Object> ok = new LinkedHashMap<>();
    ok.put("accepted", (long) accepted);
    ok.put("ignored", (long) ignored);
    if (duplicates > 0) {
      ok.put("duplicates", (long) duplicates);
    }
    return new Answer(202, json(ok), null);
  }

  private static int lineEnd(byte[] body, int start, int length) {
    for (int i = start; i < length; i++) {
      if (body[i] == '\n') {
        return i;
      }
    }
    return length;
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

  private static String unsupported(FalcoAlert alert) {
    return "source '"
        + alert.source()
        + "' is not decoded by tfdrift (supported: "
        + String.join(", ", FalcoAlertDecoder.SOURCES)
        + ")";
  }

  private static String describe(String from, String rule) {
    return rule.isEmpty() ? from : from + " (rule '" + rule + "')";
  }

  static byte[] error(String message) {
    return json(Map.of("error", message));
  }

  static byte[] json(Map<String, Object> body) {
    return JsonTrees.toJson(body).getBytes(StandardCharsets.UTF_8);
  }
}
