package io.tfdrift.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tfdrift.api.Actor;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
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
    if (event.lifecycle().isPresent()) {
      writeLifecycle(event.lifecycle().get(), g);
    }
    g.writeEndObject();
  }

  private static void writeLifecycle(DriftEvent.Lifecycle l, JsonGenerator g) throws IOException {
    g.writeObjectFieldStart("lifecycle");
    g.writeStringField("key", l.key().value());
    g.writeStringField("transition", l.transition().label());
    g.writeStringField("status", l.status().label());
    g.writeStringField("first_seen", time(l.firstSeen()));
    g.writeStringField("last_seen", time(l.lastSeen()));
    g.writeNumberField("occurrences", l.occurrences());
    g.writeFieldName("resolution");
    if (l.resolution().isEmpty()) {
      g.writeNull();
    } else {
      Resolution r = l.resolution().get();
      g.writeStartObject();
      g.writeStringField("reason", r.reason().label());
      g.writeStringField("at", time(r.at()));
      g.writeStringField("by", r.by());
      g.writeStringField("note", r.note());
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * Reads what {@link #write(DriftEvent)} wrote, e.g. a notification from the drift inventory's
   * outbox.
   *
   * @param json one drift event as JSON
   * @return the drift event
   * @throws IllegalArgumentException if the text is not a drift event, naming the field
   */
  public static DriftEvent read(String json) {
    Map<String, Object> o = JsonTrees.parseObject(json);
    List<DriftEvent.Change> changes = new ArrayList<>();
    for (Object c : list(o, "changes")) {
      Map<String, Object> change = object(c, "changes[]");
      changes.add(
          new DriftEvent.Change(
              text(change, "attribute"),
              Optional.ofNullable(change.get("expected")),
              Optional.ofNullable(change.get("actual"))));
    }
    Map<String, Object> r = object(o.get("resource"), "resource");
    Map<String, Object> a = object(o.get("actor"), "actor");
    Map<String, Object> e = object(o.get("event"), "event");
    Map<String, String> labels = new java.util.TreeMap<>();
    object(o.getOrDefault("labels", Map.of()), "labels")
        .forEach((k, v) -> labels.put(k, String.valueOf(v)));
    return new DriftEvent(
        text(o, "id"),
        label(DriftKind.values(), text(o, "kind"), DriftKind::label, "kind"),
        label(Severity.values(), text(o, "severity"), Severity::label, "severity"),
        text(o, "provider"),
        new DriftEvent.Resource(
            text(r, "address"),
            text(r, "type"),
            text(r, "name"),
            text(r, "id"),
            text(r, "module"),
            text(r, "state")),
        changes,
        new Actor(
            text(a, "type"),
            text(a, "name"),
            text(a, "arn"),
            text(a, "principal_id"),
            text(a, "account_id")),
        new DriftEvent.Event(
            text(e, "id"),
            text(e, "source"),
            text(e, "name"),
            instant(e, "time"),
            text(e, "region"),
            text(e, "account_id"),
            text(e, "source_ip"),
            text(e, "user_agent")),
        list(o, "matched_rules").stream().map(String::valueOf).toList(),
        instant(o, "detected_at"),
        labels,
        o.containsKey("lifecycle")
            ? Optional.of(lifecycle(object(o.get("lifecycle"), "lifecycle")))
            : Optional.empty());
  }

  private static DriftEvent.Lifecycle lifecycle(Map<String, Object> l) {
    Optional<Resolution> resolution =
        l.containsKey("resolution")
            ? Optional.of(resolution(object(l.get("resolution"), "lifecycle.resolution")))
            : Optional.empty();
    return new DriftEvent.Lifecycle(
        new DriftKey(text(l, "key")),
        label(Transition.values(), text(l, "transition"), Transition::label, "transition"),
        label(DriftStatus.values(), text(l, "status"), DriftStatus::label, "status"),
        instant(l, "first_seen"),
        instant(l, "last_seen"),
        l.get("occurrences") instanceof Number n ? n.longValue() : 0L,
        resolution);
  }

  private static Resolution resolution(Map<String, Object> r) {
    return new Resolution(
        label(Resolution.Reason.values(), text(r, "reason"), Resolution.Reason::label, "reason"),
        instant(r, "at"),
        text(r, "by"),
        text(r, "note"));
  }

  private static <E> E label(
      E[] values, String label, java.util.function.Function<E, String> name, String field) {
    for (E v : values) {
      if (name.apply(v).equals(label)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "drift event field '" + field + "' has unknown value '" + label + "'");
  }

  private static String text(Map<String, Object> o, String field) {
    Object v = o.get(field);
    return v == null ? "" : v.toString();
  }

  private static Instant instant(Map<String, Object> o, String field) {
    try {
      return Instant.parse(text(o, field));
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          "drift event field '" + field + "' is not an ISO-8601 time: '" + text(o, field) + "'", e);
    }
  }

  private static List<?> list(Map<String, Object> o, String field) {
    Object v = o.get(field);
    return v instanceof List<?> l ? l : List.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object v, String field) {
    if (v instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("drift event field '" + field + "' is not an object");
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
