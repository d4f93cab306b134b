package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The tables against facts outside them: every Terraform type is a resource type of the provider
 * ({@code terraform-resource-types/aws.txt}, {@code google.txt}), every call name mapped by more
 * than one service is a listed, reviewed conflict ({@code mapping-fixtures/conflicts.txt}) that
 * resolves by service and never by guess, and every call name one service maps to several rows is a
 * listed shape conflict whose rows' {@code when:} shapes exclude each other on every fixture.
 */
class MappingConsistencyTest {

  @Test
  void everyTypeIsAResourceTypeOfTheProvider() {
    assertThat(unknownTypes("aws", "/terraform-resource-types/aws.txt")).isEmpty();
    assertThat(unknownTypes("gcp", "/terraform-resource-types/google.txt")).isEmpty();
  }

  private static Set<String> unknownTypes(String provider, String list) {
    Set<String> known = lines(list).collect(Collectors.toSet());
    Set<String> unknown = new TreeSet<>();
    for (MappedCall call : BuiltInTables.of(provider).calls()) {
      for (String type : call.type().split("\\|")) {
        if (!known.contains(type)) {
          unknown.add(call.service() + " " + call.action() + " -> " + type);
        }
      }
    }
    return unknown;
  }

  @Test
  void everySharedCallNameIsAListedConflict() {
    Map<String, Set<String>> shared = new TreeMap<>();
    for (String provider : List.of("aws", "gcp")) {
      Map<String, Set<String>> services = new TreeMap<>();
      for (MappedCall call : BuiltInTables.of(provider).calls()) {
        services.computeIfAbsent(call.action(), a -> new TreeSet<>()).add(call.service());
      }
      services.forEach(
          (action, s) -> {
            if (s.size() > 1) {
              shared.put(action, s);
            }
          });
    }
    Map<String, Set<String>> listed = new TreeMap<>();
    serviceConflicts()
        .forEach(
            l -> {
              String[] parts = l.split("\\s+");
              listed.put(parts[0], new TreeSet<>(List.of(parts).subList(1, parts.length)));
            });
    assertThat(shared)
        .as("call names mapped in several services; review and list them in conflicts.txt")
        .isEqualTo(listed);
  }

  @Test
  void aConflictResolvesByServiceAndNeverWithoutIt() {
    List<String> problems = new ArrayList<>();
    serviceConflicts()
        .forEach(
            l -> {
              String[] parts = l.split("\\s+");
              String action = parts[0];
              // GCP conflicts are resolved on an entry naming a Pub/Sub topic, which the shapes
              // of rows sharing a call within a service (topic | subscription) accept.
              String provider = parts[1].endsWith(".googleapis.com") ? "gcp" : "aws";
              MappingTable table = BuiltInTables.of(provider);
              List<String> resources = List.of("projects/p/topics/t");
              if (table.row(
                      AuditEvent.builder()
                          .provider(provider)
                          .service("")
                          .action(action)
                          .resources(resources)
                          .build())
                  != null) {
                problems.add(action + " maps without a service");
              }
              for (int i = 1; i < parts.length; i++) {
                EventMapping row =
                    table.row(
                        AuditEvent.builder()
                            .provider(provider)
                            .service(parts[i])
                            .action(action)
                            .resources(resources)
                            .build());
                if (row == null || !row.service().equals(parts[i])) {
                  problems.add(action + " does not resolve to " + parts[i]);
                }
              }
            });
    assertThat(problems).isEmpty();
  }

  @Test
  void everyCallSharedWithinAServiceIsAListedShapeConflict() {
    Map<String, Set<String>> shared = new TreeMap<>();
    for (String provider : List.of("aws", "gcp")) {
      sharedWithinAService(BuiltInTables.of(provider))
          .forEach(
              (call, rows) ->
                  shared.put(
                      call,
                      rows.stream()
                          .map(r -> r.shape().toString())
                          .collect(Collectors.toCollection(TreeSet::new))));
    }
    Map<String, Set<String>> listed = new TreeMap<>();
    shapeConflicts()
        .forEach(
            l -> {
              String[] halves = l.substring("shape ".length()).split(":", 2);
              Set<String> shapes = new TreeSet<>();
              for (String shape : halves[1].split("\\|")) {
                shapes.add(shape.strip());
              }
              listed.put(halves[0].strip(), shapes);
            });
    assertThat(shared)
        .as("calls one service maps to several rows; review and list them in conflicts.txt")
        .isEqualTo(listed);
  }

  @Test
  void shapesSharingACallExcludeEachOtherOnEveryFixture() {
    List<MappingFixturesTest.Fixture> fixtures = MappingFixturesTest.fixtures();
    List<String> problems = new ArrayList<>();
    for (String provider : List.of("aws", "gcp")) {
      for (List<EventMapping> rows : sharedWithinAService(BuiltInTables.of(provider)).values()) {
        for (EventMapping row : rows) {
          for (EventMapping other : rows) {
            if (other == row) {
              continue;
            }
            fixtures.stream()
                .filter(f -> f.provider().equals(provider) && f.row().equals(other.key()))
                .filter(f -> f.event().service().equals(other.service()))
                .filter(f -> row.appliesTo(f.event()))
                .forEach(f -> problems.add(row.key() + " also takes the fixture of " + f));
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** Rows sharing a call name and a service, by {@code "<call> <service>"}. */
  private static Map<String, List<EventMapping>> sharedWithinAService(MappingTable table) {
    Map<String, List<EventMapping>> byCall = new TreeMap<>();
    for (EventMapping row : table.rows()) {
      byCall.computeIfAbsent(row.action() + " " + row.service(), k -> new ArrayList<>()).add(row);
    }
    byCall.values().removeIf(rows -> rows.size() < 2);
    return byCall;
  }

  private static java.util.stream.Stream<String> serviceConflicts() {
    return lines("/mapping-fixtures/conflicts.txt").filter(l -> !l.startsWith("shape "));
  }

  private static java.util.stream.Stream<String> shapeConflicts() {
    return lines("/mapping-fixtures/conflicts.txt").filter(l -> l.startsWith("shape "));
  }

  private static java.util.stream.Stream<String> lines(String resource) {
    return MappingFixturesTest.text(resource)
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"));
  }
}
