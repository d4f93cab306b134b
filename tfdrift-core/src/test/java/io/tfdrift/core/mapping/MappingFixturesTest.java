package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ResourceMatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row of the built-in tables against a realistic record: {@code
 * src/test/resources/mapping-fixtures/<provider>/<table file>} holds, per call, the request and
 * response (or GCP resource name) such a call logs, and the type, identifiers and attribute values
 * the row must produce ({@code policy_delta} is the entry's IAM policy delta, {@code also} the
 * other resources it names, as {@code "<change> <type> <ids>"}). A row without a fixture, a fixture
 * without a row, an identifier path that no fixture exercises and a row extracting attributes
 * without a fixture expecting one all fail (a real record that lacks the optional fields stays a
 * fixture beside one that has them).
 */
class MappingFixturesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> PROVIDERS = List.of("aws", "gcp");

  /** One recorded-shape call and what its row must make of it. */
  record Fixture(
      String provider,
      String file,
      String row,
      AuditEvent event,
      String type,
      List<String> ids,
      Map<String, Object> attributes,
      List<String> also) {

    @Override
    public String toString() {
      return provider + "/" + file + " " + row + " (" + event.action() + ")";
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFixtureYieldsItsTypeIdentifiersAndAttributes() {
    return fixtures().stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(f)));
  }

  private static void check(Fixture f) {
    MappingTable table = BuiltInTables.of(f.provider());
    EventMapping row = table.row(f.event());
    assertThat(row).as("row for %s", f).isNotNull();
    assertThat(row.key()).isEqualTo(f.row());
    List<ResourceMatch> all = new ArrayList<>();
    row.map(f.event(), all);
    List<ResourceMatch> out = all.stream().filter(m -> m.type().equals(f.type())).toList();
    assertThat(out).as("matches of %s", f).isNotEmpty();
    assertThat(
            all.stream()
                .filter(m -> !m.type().equals(f.type()))
                .map(
                    m ->
                        m.change().name().toLowerCase(java.util.Locale.ROOT)
                            + " "
                            + m.type()
                            + " "
                            + String.join(" ", m.identifiers()))
                .toList())
        .as("the other resources %s names", f)
        .containsExactlyElementsOf(f.also());
    assertThat(out.stream().flatMap(m -> m.identifiers().stream()).toList())
        .as("identifiers of %s", f)
        .containsExactlyElementsOf(f.ids());
    assertThat(out).allSatisfy(m -> assertThat(m.change()).isEqualTo(row.change()));
    Map<String, AttributeChange> actual = out.get(0).attributes();
    f.attributes()
        .forEach(
            (name, expected) -> {
              assertThat(actual).as("attributes of %s", f).containsKey(name);
              if (expected != null) {
                AttributeChange change = actual.get(name);
                // A fixture may write deleted tags as the call names them, key and value.
                Object want =
                    change instanceof AttributeChange.DeleteKeys && expected instanceof Map<?, ?> m
                        ? List.copyOf(m.keySet())
                        : expected;
                assertThat(operand(change)).as("%s of %s", name, f).isEqualTo(want);
              }
            });
  }

  @Test
  void everyRowHasAFixtureAndEveryIdentifierPathIsExercised() {
    List<Fixture> all = fixtures();
    List<String> problems = new ArrayList<>();
    for (String provider : PROVIDERS) {
      MappingTable table = BuiltInTables.of(provider);
      Map<EventMapping, List<Fixture>> byRow = new HashMap<>();
      for (Fixture f : all) {
        if (f.provider().equals(provider)) {
          EventMapping row = table.row(f.event());
          if (row == null) {
            problems.add(f + ": no row");
          } else {
            byRow.computeIfAbsent(row, r -> new ArrayList<>()).add(f);
          }
        }
      }
      for (EventMapping row : table.rows()) {
        List<Fixture> cases = byRow.getOrDefault(row, List.of());
        if (cases.isEmpty()) {
          problems.add(provider + " " + row.service() + " " + row.key() + ": no fixture");
          continue;
        }
        if (!row.attributes().isEmpty() && cases.stream().allMatch(f -> f.attributes().isEmpty())) {
          problems.add(
              provider + " " + row.key() + ": extracts attributes but no fixture expects one");
        }
        for (IdTemplate id : row.ids()) {
          boolean exercised =
              cases.stream()
                  .anyMatch(
                      f -> {
                        List<String> found = new ArrayList<>();
                        id.forEach(f.event(), found::add);
                        return !found.isEmpty();
                      });
          if (!exercised) {
            problems.add(provider + " " + row.key() + ": no fixture exercises ids " + id);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** Every fixture of every table file listed in the catalogs. */
  static List<Fixture> fixtures() {
    List<Fixture> out = new ArrayList<>();
    for (String provider : PROVIDERS) {
      for (String file : catalog(provider)) {
        out.addAll(fixtures(provider, file));
      }
    }
    return out;
  }

  static List<String> catalog(String provider) {
    String text = text("/io/tfdrift/core/mapping/" + provider + "/catalog.txt");
    return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Fixture> fixtures(String provider, String file) {
    String name = "/mapping-fixtures/" + provider + "/" + file;
    Map<String, Object> doc;
    try {
      doc = (Map<String, Object>) plain(YAML.readValue(text(name), Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
    String service = (String) doc.get("service");
    List<Fixture> out = new ArrayList<>();
    Map<String, Object> events = (Map<String, Object>) doc.get("events");
    events.forEach(
        (row, spec) -> {
          List<Object> cases = spec instanceof List<?> l ? (List<Object>) l : List.of(spec);
          for (Object c : cases) {
            out.add(fixture(provider, file, service, row, (Map<String, Object>) c));
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Fixture fixture(
      String provider, String file, String service, String row, Map<String, Object> c) {
    String action = (String) c.getOrDefault("action", row.replaceFirst(" \\(.*\\)$", ""));
    Object resource = c.get("resource");
    List<String> resources =
        resource == null
            ? List.of()
            : resource instanceof List<?> l ? (List<String>) l : List.of((String) resource);
    Map<String, String> attributesOfEvent =
        c.get("policy_delta") == null
            ? Map.of()
            : Map.of(
                IamMemberDeltas.ATTRIBUTE,
                io.tfdrift.core.decode.JsonTrees.toJson(c.get("policy_delta")));
    AuditEvent event =
        AuditEvent.builder()
            .provider(provider)
            .service(service)
            .action(action)
            .accountId((String) c.getOrDefault("account", "123456789012"))
            .region((String) c.getOrDefault("region", "us-east-1"))
            .request((Map<String, Object>) c.getOrDefault("request", Map.of()))
            .response((Map<String, Object>) c.getOrDefault("response", Map.of()))
            .resources(resources)
            .attributes(attributesOfEvent)
            .build();
    Object ids = c.get("ids");
    List<String> idList =
        ids instanceof List<?> l
            ? l.stream().map(String::valueOf).toList()
            : List.of(String.valueOf(ids));
    Map<String, Object> attributes = (Map<String, Object>) c.getOrDefault("attributes", Map.of());
    return new Fixture(
        provider,
        file,
        row,
        event,
        (String) c.get("type"),
        idList,
        new LinkedHashMap<>(attributes),
        (List<String>) c.getOrDefault("also", List.of()));
  }

  /** JSON trees as decoders build them: integral numbers are {@code Long}, others BigDecimal. */
  static Object plain(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(plain(x)));
      return out;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      return new BigDecimal(v.toString());
    }
    return v;
  }

  static String text(String resource) {
    try (InputStream in = MappingFixturesTest.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from src/test/resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a fixture writes for a change: the new value, or the elements, entries or keys. */
  private static Object operand(AttributeChange change) {
    if (change instanceof AttributeChange.SetValue c) {
      return c.value();
    }
    if (change instanceof AttributeChange.AddToSet c) {
      return c.elements();
    }
    if (change instanceof AttributeChange.RemoveFromSet c) {
      return c.elements();
    }
    if (change instanceof AttributeChange.PutKeys c) {
      return c.entries();
    }
    return ((AttributeChange.DeleteKeys) change).keys();
  }
}
