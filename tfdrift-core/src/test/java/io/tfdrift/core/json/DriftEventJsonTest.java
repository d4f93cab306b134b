package io.tfdrift.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.testkit.DriftEvents;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
            base.labels(),
            Optional.empty());
    JsonNode changes = MAPPER.readTree(DriftEventJson.write(event)).get("changes");
    assertThat(changes.get(0).get("expected").toString())
        .isEqualTo("{\"Env\":\"prod\",\"Owner\":\"alice\"}");
    assertThat(changes.get(0).get("actual").isNull()).isTrue();
    assertThat(changes.get(1).get("expected").booleanValue()).isTrue();
    assertThat(changes.get(1).get("actual").longValue()).isEqualTo(12345678901234L);
  }

  private static DriftEvent resolved() {
    DriftEvent base = DriftEvents.instanceTypeChanged();
    Instant first = base.event().time();
    return base.withLifecycle(
        new DriftEvent.Lifecycle(
            DriftKey.of("modified", "prod", base.resource().address(), "instance_type"),
            Transition.RESOLVED,
            DriftStatus.RESOLVED,
            first,
            first.plusSeconds(60),
            2,
            Optional.of(
                new Resolution(
                    Resolution.Reason.REVERTED, first.plusSeconds(90), "alice", "set back"))));
  }

  @Test
  void readsBackWhatItWrote() {
    DriftEvent base = DriftEvents.instanceTypeChanged();
    DriftEvent withTrees =
        new DriftEvent(
            base.id(),
            base.kind(),
            base.severity(),
            base.provider(),
            base.resource(),
            List.of(
                new DriftEvent.Change(
                    "tags", Optional.of(Map.of("Env", "prod", "n", 3L)), Optional.empty()),
                new DriftEvent.Change("monitoring", Optional.of(true), Optional.of(List.of("a")))),
            base.actor(),
            base.event(),
            List.of("prod-rule"),
            base.detectedAt(),
            Map.of("team", "net"),
            Optional.empty());
    for (DriftEvent e : List.of(base, withTrees, resolved())) {
      assertThat(DriftEventJson.read(DriftEventJson.write(e))).isEqualTo(e);
    }
  }

  @Test
  void aTextThatIsNotADriftEventIsRefusedNamingTheField() {
    String json = DriftEventJson.write(resolved()).replace("\"reverted\"", "\"undone\"");
    assertThatThrownBy(() -> DriftEventJson.read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'reason'")
        .hasMessageContaining("'undone'");
  }

  /**
   * The schema and the writer must not drift apart: same fields, same order, all required but the
   * lifecycle, which only an inventory adds.
   */
  @Test
  void matchesThePublishedSchema() throws Exception {
    JsonNode schema = MAPPER.readTree(Files.readString(Path.of("../docs/drift-event.schema.json")));
    assertMatches(schema, MAPPER.readTree(DriftEventJson.write(resolved())), "");
    JsonNode plain = MAPPER.readTree(DriftEventJson.write(DriftEvents.instanceTypeChanged()));
    assertThat(plain.has("lifecycle")).as("no inventory, no lifecycle").isFalse();
  }

  private static void assertMatches(JsonNode schema, JsonNode json, String at) {
    if (schema.has("oneOf")) {
      for (JsonNode branch : schema.get("oneOf")) {
        if (branch.has("properties") && json.isObject()) {
          assertMatches(branch, json, at);
        }
      }
      return;
    }
    if (!schema.has("properties")) {
      return;
    }
    List<String> written = names(json.fieldNames());
    assertThat(written)
        .as("fields of %s", at.isEmpty() ? "the event" : at)
        .containsExactlyElementsOf(names(schema.get("properties").fieldNames()));
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.asText()));
    List<String> mandatory = new ArrayList<>(written);
    mandatory.remove("lifecycle");
    assertThat(required).as("required fields of %s", at).containsExactlyElementsOf(mandatory);
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
