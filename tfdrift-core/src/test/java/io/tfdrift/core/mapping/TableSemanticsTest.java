package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AttributeChange;
import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ChangeKind;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.DriftKind;
import io.tfdrift.api.ManagedResource;
import io.tfdrift.api.ResourceMatch;
import io.tfdrift.core.detect.Detector;
import io.tfdrift.core.detect.Finding;
import io.tfdrift.core.detect.Values;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.state.ParsedState;
import io.tfdrift.core.state.StateIndex;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties every row of the built-in tables must have, checked on every fixture of {@code
 * src/test/resources/mapping-fixtures/} (see {@link MappingFixturesTest}) through the real
 * detector, not on hand-picked cases:
 *
 * <ul>
 *   <li>a call whose name implies a value ({@code Enable*}, {@code Stop*}, …) sets it, unless its
 *       row says why it stays {@code out_of_band};
 *   <li>nothing is invented: with any field of the record removed, no attribute becomes null,
 *       {@code {}} or {@code []};
 *   <li>the same value is no drift, and one other value is {@code modified} with exactly that
 *       attribute;
 *   <li>one resource, one finding.
 * </ul>
 */
class TableSemanticsTest {
  private static final Pattern IMPLIES_A_VALUE =
      Pattern.compile(
          "^(Enable|Disable|Start|Stop|Suspend|Resume|Activate|Deactivate|Pause|Unpause)"
              + "([A-Z0-9].*)?$");
  private static final Detector DETECTOR =
      new Detector(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  /**
   * Whether a call's name says what it sets: {@code EnableKeyRotation}, {@code ...stop}; a call
   * that removes the resource ({@code DisableSecurityHub} deletes the account's hub) is a deletion.
   */
  static boolean impliesAValue(EventMapping row) {
    if (row.change() == ChangeKind.DELETE) {
      return false;
    }
    String action = row.action();
    String last = action.substring(action.lastIndexOf('.') + 1);
    String capitalised =
        last.isEmpty() ? last : Character.toUpperCase(last.charAt(0)) + last.substring(1);
    return IMPLIES_A_VALUE.matcher(capitalised).matches();
  }

  private static List<EventMapping> allRows() {
    List<EventMapping> rows = new ArrayList<>();
    for (String provider : List.of("aws", "gcp")) {
      rows.addAll(BuiltInTables.of(provider).rows());
    }
    return rows;
  }

  private static List<ResourceMatch> map(AuditEvent event) {
    EventMapping row = BuiltInTables.of(event.provider()).row(event);
    if (row == null) {
      return List.of();
    }
    List<ResourceMatch> out = new ArrayList<>();
    row.map(event, out);
    return out;
  }

  private static List<ResourceMatch> primary(MappingFixturesTest.Fixture f) {
    return map(f.event()).stream().filter(m -> m.type().equals(f.type())).toList();
  }

  // ---- a call that implies a value sets it -------------------------------------------------

  @TestFactory
  Stream<DynamicTest> aCallThatImpliesAValueSetsIt() {
    Map<EventMapping, List<MappingFixturesTest.Fixture>> byRow = fixturesByRow();
    return allRows().stream()
        .filter(TableSemanticsTest::impliesAValue)
        .map(
            row ->
                DynamicTest.dynamicTest(
                    row.provider() + " " + row.service() + " " + row.key(),
                    () -> {
                      if (!row.outOfBand().isEmpty()) {
                        assertThat(row.attributes()).isEmpty();
                        return;
                      }
                      assertThat(row.attributes())
                          .as(
                              "%s implies a value: give it attributes (e.g. {value: true}) or"
                                  + " out_of_band: <reason> in %s",
                              row.key(), row.source())
                          .isNotEmpty();
                      assertThat(byRow.getOrDefault(row, List.of())).isNotEmpty();
                      for (MappingFixturesTest.Fixture f : byRow.get(row)) {
                        assertThat(primary(f))
                            .as("matches of %s", f)
                            .isNotEmpty()
                            .allSatisfy(m -> assertThat(m.attributes()).isNotEmpty());
                        assertModifiedWhenStateDiffers(f);
                      }
                    }));
  }

  @Test
  void rowsThatImplyAValueAreSweptAndTheDeliberateOnesListed() {
    List<EventMapping> implied =
        allRows().stream().filter(TableSemanticsTest::impliesAValue).toList();
    assertThat(implied).hasSizeGreaterThan(35);
    assertThat(implied.stream().filter(r -> !r.outOfBand().isEmpty()).count())
        .as("rows deliberately out_of_band")
        .isLessThan(implied.size() / 2);
    assertThat(allRows())
        .filteredOn(r -> !r.outOfBand().isEmpty())
        .allSatisfy(r -> assertThat(r.outOfBand()).hasSizeGreaterThan(10));
  }

  private static void assertModifiedWhenStateDiffers(MappingFixturesTest.Fixture f) {
    ResourceMatch m = primary(f).get(0);
    for (String name : m.attributes().keySet()) {
      List<Finding> drift = detectOn(f, name);
      assertThat(drift)
          .as("%s with %s changed in state", f, name)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.kind()).isEqualTo(DriftKind.MODIFIED);
                assertThat(d.changes())
                    .extracting(DriftEvent.Change::attribute)
                    .containsExactly(name);
                assertThat(d.changes().get(0).expected()).isPresent();
                assertThat(d.changes().get(0).actual()).isPresent();
              });
    }
  }

  // ---- the same value is no drift; one other value is one modified attribute ---------------

  @TestFactory
  Stream<DynamicTest> theSameValueIsNoDriftAndAnotherIsModified() {
    return MappingFixturesTest.fixtures().stream()
        .filter(f -> !primary(f).isEmpty())
        .filter(f -> primary(f).get(0).change() != ChangeKind.DELETE)
        .filter(f -> !primary(f).get(0).attributes().isEmpty())
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.toString(),
                    () -> {
                      assertThat(detectOn(f, null)).as("%s against the same values", f).isEmpty();
                      assertModifiedWhenStateDiffers(f);
                    }));
  }

  /**
   * Runs the detector on a fixture against a state holding every resource it names with exactly the
   * values the call carries, except {@code changed}, which holds another value; only the findings
   * for the fixture's type.
   */
  private static List<Finding> detectOn(MappingFixturesTest.Fixture f, String changed) {
    return detectOn(f, changed, changed == null);
  }

  private static List<Finding> detectOn(
      MappingFixturesTest.Fixture f, String changed, boolean everyResource) {
    List<ResourceMatch> matches = map(f.event());
    List<ManagedResource> resources = new ArrayList<>();
    int n = 0;
    for (ResourceMatch m : matches) {
      if (!m.type().equals(f.type())) {
        continue;
      }
      Map<String, Object> attributes = new LinkedHashMap<>();
      String id = m.identifiers().get(0);
      m.attributes()
          .forEach(
              (name, value) -> {
                Object held =
                    name.equals(changed) || "*".equals(changed)
                        ? otherStateValue(value)
                        : sameStateValue(value);
                if (held != null) {
                  attributes.put(name, held);
                }
              });
      attributes.putIfAbsent("id", id);
      resources.add(
          new ManagedResource(
              "test", f.type() + ".r" + n, "", f.type(), "r" + n++, id, attributes, Set.of()));
      if (!everyResource) {
        break;
      }
    }
    StateIndex index =
        StateIndex.of(
            List.of(new ParsedState("test", "default", "test", 1, "l", "1.9.0", resources, 0, 0)));
    return DETECTOR.detect(f.event(), matches, index).stream()
        .filter(d -> d.resource().type().equals(f.type()))
        .toList();
  }

  /** What state holds when it already has what the call sets. */
  private static Object sameStateValue(AttributeChange change) {
    if (change instanceof AttributeChange.AddToSet add) {
      return add.elements();
    }
    if (change instanceof AttributeChange.PutKeys put) {
      return put.entries();
    }
    if (change instanceof AttributeChange.RemoveFromSet) {
      return List.of();
    }
    if (change instanceof AttributeChange.DeleteKeys) {
      return Map.of();
    }
    Object value = ((AttributeChange.SetValue) change).value();
    if (value instanceof Map<?, ?> map) {
      // Policies are JSON text in state, in the provider's own key order and spacing.
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      Collections.reverse(entries);
      Map<Object, Object> reordered = new LinkedHashMap<>();
      entries.forEach(e -> reordered.put(e.getKey(), e.getValue()));
      return JsonTrees.toJson(reordered);
    }
    if (value instanceof List<?> list && list.size() > 1) {
      List<Object> reversed = new ArrayList<>(list);
      Collections.reverse(reversed);
      return reversed;
    }
    return value;
  }

  /** What state holds when the call changes it. */
  private static Object otherStateValue(AttributeChange change) {
    if (change instanceof AttributeChange.AddToSet add) {
      return SecurityGroupRules.areBlocks(add.elements()) ? List.of() : List.of("tfdrift-other");
    }
    if (change instanceof AttributeChange.PutKeys) {
      return Map.of("tfdrift_other", "x");
    }
    if (change instanceof AttributeChange.RemoveFromSet remove) {
      return remove.elements();
    }
    if (change instanceof AttributeChange.DeleteKeys delete) {
      Map<String, Object> held = new LinkedHashMap<>();
      delete.keys().forEach(k -> held.put(k, "held"));
      return held;
    }
    Object value = ((AttributeChange.SetValue) change).value();
    if (value instanceof Boolean b) {
      return !b;
    }
    if (value instanceof Number number) {
      return number.longValue() + 1;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> other = new LinkedHashMap<>(map);
      other.put("tfdrift_other", "x");
      return other;
    }
    if (value instanceof List<?> list) {
      List<Object> other = new ArrayList<>(list);
      other.add("tfdrift-other");
      return other;
    }
    return value + "-other";
  }

  // ---- nothing is invented -------------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> aFieldMissingFromTheRecordIsNeverAChangeToEmpty() {
    return MappingFixturesTest.fixtures().stream()
        .filter(f -> map(f.event()).stream().anyMatch(m -> !m.attributes().isEmpty()))
        .map(f -> DynamicTest.dynamicTest(f.toString(), () -> checkNothingInvented(f)));
  }

  private static void checkNothingInvented(MappingFixturesTest.Fixture f) {
    AuditEvent event = f.event();
    Set<String> emptyBefore = emptyAttributes(map(event));
    List<String> invented = new ArrayList<>();
    for (List<Object> path : paths("request", event.request())) {
      invented.addAll(inventedBy(without(event, path), path, emptyBefore));
    }
    for (List<Object> path : paths("response", event.response())) {
      invented.addAll(inventedBy(without(event, path), path, emptyBefore));
    }
    assertThat(invented).as("attributes made empty by a missing field in %s", f).isEmpty();
  }

  /**
   * Shapers for which a missing field has a meaning, with the reason: GCP logs requests as proto3
   * JSON, which leaves out empty fields, so setMetadata without items clears the metadata.
   */
  private static final Map<String, String> ABSENCE_MEANS_EMPTY =
      Map.of(" as gcp_metadata", "proto3 JSON leaves out empty repeated fields and strings");

  private static List<String> inventedBy(AuditEvent event, List<Object> path, Set<String> before) {
    List<String> out = new ArrayList<>();
    EventMapping row = BuiltInTables.of(event.provider()).row(event);
    for (ResourceMatch m : map(event)) {
      m.attributes()
          .forEach(
              (name, value) -> {
                boolean empty =
                    value instanceof AttributeChange.SetValue set && Values.isEmpty(set.value());
                EventMapping.AttributeRule rule = row.attributes().get(name);
                boolean meant =
                    rule != null
                        && ABSENCE_MEANS_EMPTY.keySet().stream()
                            .anyMatch(rule.description()::endsWith);
                if (empty && !meant && !before.contains(m.type() + "." + name)) {
                  out.add(m.type() + "." + name + " = " + value + " without " + path);
                }
              });
    }
    return out;
  }

  private static Set<String> emptyAttributes(List<ResourceMatch> matches) {
    Set<String> out = new LinkedHashSet<>();
    for (ResourceMatch m : matches) {
      m.attributes()
          .forEach(
              (name, value) -> {
                if (value instanceof AttributeChange.SetValue set && Values.isEmpty(set.value())) {
                  out.add(m.type() + "." + name);
                }
              });
    }
    return out;
  }

  /**
   * Every path to a map key in a tree, root first, whose removal leaves its map non-empty: a field
   * the carrier left out (removing the last key would leave an explicitly empty value, which is a
   * value).
   */
  private static List<List<Object>> paths(String root, Object tree) {
    List<List<Object>> out = new ArrayList<>();
    collect(List.of(root), tree, out);
    return out;
  }

  private static void collect(List<Object> at, Object tree, List<List<Object>> out) {
    if (tree instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        List<Object> next = new ArrayList<>(at);
        next.add(String.valueOf(e.getKey()));
        if (map.size() > 1 || at.size() == 1) {
          out.add(next);
        }
        collect(next, e.getValue(), out);
      }
    } else if (tree instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        List<Object> next = new ArrayList<>(at);
        next.add(i);
        collect(next, list.get(i), out);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static AuditEvent without(AuditEvent event, List<Object> path) {
    Map<String, Object> request = event.request();
    Map<String, Object> response = event.response();
    if (path.get(0).equals("request")) {
      request = (Map<String, Object>) removed(request, path, 1);
    } else {
      response = (Map<String, Object>) removed(response, path, 1);
    }
    return event.toBuilder().request(request).response(response).build();
  }

  private static Object removed(Object tree, List<Object> path, int at) {
    Object key = path.get(at);
    boolean last = at == path.size() - 1;
    if (tree instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v));
      if (last) {
        copy.remove(key);
      } else {
        copy.put((String) key, removed(copy.get(key), path, at + 1));
      }
      return copy;
    }
    if (tree instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list);
      int i = (Integer) key;
      if (last) {
        copy.remove(i);
      } else {
        copy.set(i, removed(copy.get(i), path, at + 1));
      }
      return copy;
    }
    return tree;
  }

  // ---- one resource, one finding ---------------------------------------------------------------

  @TestFactory
  Stream<DynamicTest> aCallTouchingSeveralResourcesGivesOneFindingEach() {
    return MappingFixturesTest.fixtures().stream()
        .filter(f -> primary(f).size() > 1)
        .map(
            f ->
                DynamicTest.dynamicTest(
                    f.toString(),
                    () -> {
                      List<ResourceMatch> matches = primary(f);
                      // Every resource held with another value of each attribute: each drifts.
                      List<Finding> drift = detectOn(f, "*", true);
                      long resources =
                          matches.stream().map(m -> m.identifiers().get(0)).distinct().count();
                      assertThat(drift.stream().map(d -> d.resource().address()).distinct())
                          .as("one finding per resource of %s", f)
                          .hasSize(drift.size());
                      assertThat(drift).hasSize((int) resources);
                    }));
  }

  private static Map<EventMapping, List<MappingFixturesTest.Fixture>> fixturesByRow() {
    Map<EventMapping, List<MappingFixturesTest.Fixture>> out = new LinkedHashMap<>();
    for (MappingFixturesTest.Fixture f : MappingFixturesTest.fixtures()) {
      EventMapping row = BuiltInTables.of(f.provider()).row(f.event());
      if (row != null) {
        out.computeIfAbsent(row, r -> new ArrayList<>()).add(f);
      }
    }
    return out;
  }
}
