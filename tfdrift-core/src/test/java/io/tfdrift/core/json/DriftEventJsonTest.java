package io.tfdrift.core.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.testkit.DriftEvents;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftEventJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String resource(String name) throws Exception {
    try (InputStream in = DriftEventJsonTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
  }

  @Test
  void writesTheGoldenForm() throws Exception {
    assertThat(DriftEventJson.write(DriftEvents.instanceTypeChanged()))
        .isEqualTo(resource("/json/drift-event.golden.json"));
  }

  @Test
  void writesAbsentValuesAsNullAndTreesWithSortedKeys() throws Exception {
    DriftEvent base = DriftEvents.instanceTypeChanged();
    Map<String, Object> tags = new LinkedHashMap<>();
    tags.put("Owner", "alice");
    tags.put("Env", "prod");
    DriftEvent event =
        new DriftEvent(
            base.id(),
            base.kind(),
            base.severity(),
            base.provider(),
            base.resource(),
            List.of(
                new DriftEvent.Change("tags", Optional.of(tags), Optional.empty()),
                new DriftEvent.Change(
                    "monitoring", Optional.of(true), Optional.of(12345678901234L))),
            base.actor(),
            base.event(),
            base.matchedRules(),
            base.detectedAt(),
            base.labels());
    JsonNode changes = MAPPER.readTree(DriftEventJson.write(event)).get("changes");
    assertThat(changes.get(0).get("expected").toString())
        .isEqualTo("{\"Env\":\"prod\",\"Owner\":\"alice\"}");
    assertThat(changes.get(0).get("actual").isNull()).isTrue();
    assertThat(changes.get(1).get("expected").booleanValue()).isTrue();
    assertThat(changes.get(1).get("actual").longValue()).isEqualTo(12345678901234L);
  }

  /** The schema and the writer must not drift apart: same fields, same order, all required. */
  @Test
  void matchesThePublishedSchema() throws Exception {
    JsonNode schema = MAPPER.readTree(Files.readString(Path.of("../docs/drift-event.schema.json")));
    JsonNode json = MAPPER.readTree(DriftEventJson.write(DriftEvents.instanceTypeChanged()));
    assertMatches(schema, json, "");
  }

  private static void assertMatches(JsonNode schema, JsonNode json, String at) {
    if (!schema.has("properties")) {
      return;
    }
    List<String> written = names(json.fieldNames());
    assertThat(written)
        .as("fields of %s", at.isEmpty() ? "the event" : at)
        .containsExactlyElementsOf(names(schema.get("properties").fieldNames()));
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    assertThat(required).as("required fields of %s", at).containsExactlyElementsOf(written);
    for (String field : written) {
      JsonNode child = schema.get("properties").get(field);
      JsonNode value = json.get(field);
      if (value.isArray() && child.has("items") && value.size() > 0) {
        assertMatches(child.get("items"), value.get(0), at + field + "[].");
      } else {
        assertMatches(child, value, at + field + ".");
      }
    }
  }

  private static List<String> names(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
