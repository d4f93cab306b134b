package io.tfdrift.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tfdrift.api.Actor;
import io.tfdrift.api.DriftEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one JSON form of a {@link DriftEvent}: snake_case, a stable field order, published as {@code
 * docs/drift-event.schema.json}. Notifier payloads, the {@code jsonl} file and {@code tfdrift
 * replay --format json} all use it.
 */
public final class DriftEventJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private DriftEventJson() {}

  /**
   * The event as one line of compact JSON.
   *
   * @param event the drift event
   * @return the JSON text
   */
  public static String write(DriftEvent event) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(event, g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes the event as compact UTF-8 JSON.
   *
   * @param event the drift event
   * @param out where to write; not closed
   * @throws IOException if writing fails
   */
  public static void write(DriftEvent event, OutputStream out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(event, g);
    }
  }

  /**
   * Writes the event with a generator, e.g. inside a larger payload.
   *
   * @param event the drift event
   * @param g the generator
   * @throws IOException if writing fails
   */
  public static void write(DriftEvent event, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", event.id());
    g.writeStringField("kind", event.kind().label());
    g.writeStringField("severity", event.severity().label());
    g.writeStringField("provider", event.provider());
    writeResource(event.resource(), g);
    g.writeArrayFieldStart("changes");
    for (DriftEvent.Change change : event.changes()) {
      g.writeStartObject();
      g.writeStringField("attribute", change.attribute());
      g.writeFieldName("expected");
      writeValue(change.expected(), g);
      g.writeFieldName("actual");
      writeValue(change.actual(), g);
      g.writeEndObject();
    }
    g.writeEndArray();
    writeActor(event.actor(), g);
    writeEvent(event.event(), g);
    g.writeArrayFieldStart("matched_rules");
    for (String rule : event.matchedRules()) {
      g.writeString(rule);
    }
    g.writeEndArray();
    g.writeStringField("detected_at", time(event.detectedAt()));
    g.writeObjectFieldStart("labels");
    for (Map.Entry<String, String> label : new java.util.TreeMap<>(event.labels()).entrySet()) {
      g.writeStringField(label.getKey(), label.getValue());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void writeResource(DriftEvent.Resource r, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("resource");
    g.writeStringField("address", r.address());
    g.writeStringField("type", r.type());
    g.writeStringField("name", r.name());
    g.writeStringField("id", r.id());
    g.writeStringField("module", r.module());
    g.writeStringField("state", r.state());
    g.writeEndObject();
  }

  private static void writeActor(Actor a, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("actor");
    g.writeStringField("type", a.type());
    g.writeStringField("name", a.name());
    g.writeStringField("arn", a.arn());
    g.writeStringField("principal_id", a.principalId());
    g.writeStringField("account_id", a.accountId());
    g.writeEndObject();
  }

  private static void writeEvent(DriftEvent.Event e, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("event");
    g.writeStringField("id", e.id());
    g.writeStringField("source", e.source());
    g.writeStringField("name", e.name());
    g.writeStringField("time", time(e.time()));
    g.writeStringField("region", e.region());
    g.writeStringField("account_id", e.accountId());
    g.writeStringField("source_ip", e.sourceIp());
    g.writeStringField("user_agent", e.userAgent());
    g.writeEndObject();
  }

  private static void writeValue(Optional<Object> value, JsonGenerator g) throws IOException {
    if (value.isEmpty()) {
      g.writeNull();
    } else {
      writeTree(value.get(), g);
    }
  }

  /**
   * Writes a JSON tree of maps, lists, strings, numbers and booleans.
   *
   * @param value the tree
   * @param g the generator
   * @throws IOException if writing fails
   */
  public static void writeTree(Object value, JsonGenerator g) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Long || value instanceof Integer) {
      g.writeNumber(((Number) value).longValue());
    } else if (value instanceof BigInteger n) {
      g.writeNumber(n);
    } else if (value instanceof BigDecimal n) {
      g.writeNumber(n);
    } else if (value instanceof Number n) {
      g.writeNumber(n.doubleValue());
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : sorted(map).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeTree(e.getValue(), g);
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        writeTree(item, g);
      }
      g.writeEndArray();
    } else {
      g.writeString(value.toString());
    }
  }

  /** Keys sorted, so that the same tree always gives the same bytes. */
  private static Map<String, ?> sorted(Map<?, ?> map) {
    var out = new java.util.TreeMap<String, Object>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static String time(Instant instant) {
    return instant.toString();
  }
}
