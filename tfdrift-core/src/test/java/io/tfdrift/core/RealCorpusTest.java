package io.tfdrift.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.detect.Values;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real-record corpus under {@code src/test/resources/real/} (see its README.md): real
 * CloudTrail and GCP audit records, one per file, each with the drift a careful platform engineer
 * expects written in {@code expectations.tsv}, checked against the engine run over the Terraform
 * states of the record's provider directory. A row with a {@code gap} documents a known wrong
 * answer: the record must still not match, so that fixing the engine forces the row to be updated.
 */
class RealCorpusTest {
  private static final Path REAL = Path.of("src/test/resources/real");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
  private static final String NOISE = "noise";
  private static final List<String> PROVIDERS = List.of("aws", "gcp");
  private static final Set<String> KINDS =
      Set.of("modified", "out_of_band", "deleted", "unmanaged", "none");
  private static final String EXPECTATIONS_HEADER = "record\tkind\taddress\tattributes\twhy\tgap";
  private static final String PROVENANCE_HEADER = "record\trepository\tcommit\tpath\tindex";

  /**
   * Floors asserted per directory when that directory exists. Issue 18's targets are 220 CloudTrail
   * records over 30 event sources, 70 GCP entries over 12 services, 80 noise records and 300
   * mutating records in all; the floors rise to them as the corpus grows, never fall.
   */
  private static final int MIN_AWS_RECORDS = 244;

  private static final int MIN_AWS_SERVICES = 30;
  private static final int MIN_GCP_RECORDS = 70;
  private static final int MIN_GCP_SERVICES = 12;
  private static final int MIN_AWS_NOISE = 75;
  private static final int MIN_NOISE = 80;
  private static final int MIN_MUTATING = 220;

  private static final Map<String, TfDrift> ENGINES = new HashMap<>();

  /** One record with its expectation rows. */
  record Case(String dir, String record, Path file, List<Row> rows) {
    @Override
    public String toString() {
      return dir + "/" + record;
    }
  }

  /** One row of expectations.tsv. */
  record Row(
      String record,
      String kind,
      String address,
      Map<String, String> attributes,
      String why,
      String gap,
      int line) {
    boolean hasGap() {
      return !gap.isBlank();
    }

    String show() {
      return kind
          + " "
          + address
          + (attributes.isEmpty() ? "" : " " + attributes)
          + (hasGap() ? "  [gap: " + gap + "]" : "");
    }
  }

  static Stream<Case> records() {
    List<Case> all = new ArrayList<>();
    for (String dir : dirs()) {
      Map<String, List<Row>> rows = expectations(dir);
      for (Path file : recordFiles(dir)) {
        String record = recordName(file);
        all.add(new Case(dir, record, file, rows.getOrDefault(record, List.of())));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void findsExactlyTheExpectedDrift(Case c) {
    assertThat(c.rows()).as("%s has no row in %s/expectations.tsv", c, c.dir()).isNotEmpty();
    Decoded decoded = decode(c.file());
    List<String> problems = new ArrayList<>(decoded.rejected());
    List<DriftEvent> found = List.of();
    String call = "not decoded";
    if (decoded.events().size() == 1) {
      AuditEvent event = decoded.events().get(0);
      call = event.service() + " " + event.action();
      found = engine(providerOf(c)).process(event).drift();
    } else if (decoded.rejected().isEmpty()) {
      problems.add("decodes to " + decoded.events().size() + " events instead of one");
    }
    problems.addAll(compare(c.rows(), found));
    boolean gap = c.rows().stream().anyMatch(Row::hasGap);
    String report =
        "\n"
            + c
            + " ("
            + call
            + ")\n  expected:\n"
            + c.rows().stream().map(r -> "    " + r.show()).collect(Collectors.joining("\n"))
            + "\n  actual:\n"
            + (found.isEmpty()
                ? "    none"
                : found.stream().map(d -> "    " + show(d)).collect(Collectors.joining("\n")));
    if (gap) {
      assertThat(problems)
          .as(
              "%s is listed as a known gap but the engine now gives the expected answer: remove the"
                  + " gap column and log the fix in real/README.md%s",
              c, report)
          .isNotEmpty();
    } else {
      assertThat(problems).as("%s%s", String.join("; ", problems), report).isEmpty();
    }
  }

  @Test
  void everyRecordHasProvenanceAndExpectationsAndEveryRowARecord() {
    for (String dir : dirs()) {
      Set<String> files =
          recordFiles(dir).stream()
              .map(RealCorpusTest::recordName)
              .collect(Collectors.toCollection(TreeSet::new));
      Set<String> provenance = provenance(dir).keySet();
      Set<String> expected = expectations(dir).keySet();
      assertThat(provenance).as("%s/PROVENANCE.tsv rows vs records/", dir).isEqualTo(files);
      assertThat(expected).as("%s/expectations.tsv records vs records/", dir).isEqualTo(files);
      if (!dir.equals(NOISE)) {
        continue;
      }
      for (String record : files) {
        assertThat(PROVIDERS.stream().anyMatch(p -> record.startsWith(p + "_")))
            .as("noise record %s starts with aws_ or gcp_", record)
            .isTrue();
      }
    }
  }

  @Test
  void expectationRowsAreWellFormed() {
    for (String dir : dirs()) {
      for (List<Row> rows : expectations(dir).values()) {
        for (Row row : rows) {
          String where = dir + "/expectations.tsv:" + row.line();
          assertThat(KINDS).as("%s kind", where).contains(row.kind());
          assertThat(row.why()).as("%s why", where).isNotBlank();
          if (row.kind().equals("none")) {
            assertThat(rows).as("%s: a 'none' row is the record's only row", where).hasSize(1);
          } else if (row.kind().equals("unmanaged")) {
            assertThat(row.address()).as("%s unmanaged address <type>:<id>", where).contains(":");
          } else {
            assertThat(row.address()).as("%s address", where).matches(".*[a-z0-9_]+\\..+");
          }
          if (!row.kind().equals("modified")) {
            assertThat(row.attributes()).as("%s attributes only for modified", where).isEmpty();
          }
        }
      }
    }
  }

  @Test
  void corpusReachesItsTargets() {
    Map<String, Integer> counts = new TreeMap<>();
    Map<String, Set<String>> services = new TreeMap<>();
    for (String dir : dirs()) {
      for (Path file : recordFiles(dir)) {
        String key = dir.equals(NOISE) ? NOISE + "/" + recordName(file).split("_", 2)[0] : dir;
        counts.merge(key, 1, Integer::sum);
        for (AuditEvent e : decode(file).events()) {
          services.computeIfAbsent(key, k -> new TreeSet<>()).add(e.service());
        }
      }
    }
    String summary = "records " + counts + ", services per dir " + sizes(services);
    if (Files.isDirectory(REAL.resolve("aws"))) {
      assertThat(counts.getOrDefault("aws", 0)).as(summary).isGreaterThanOrEqualTo(MIN_AWS_RECORDS);
      assertThat(services.get("aws")).as(summary).hasSizeGreaterThanOrEqualTo(MIN_AWS_SERVICES);
      assertThat(counts.getOrDefault(NOISE + "/aws", 0))
          .as(summary)
          .isGreaterThanOrEqualTo(MIN_AWS_NOISE);
    }
    if (Files.isDirectory(REAL.resolve("gcp"))) {
      assertThat(counts.getOrDefault("gcp", 0)).as(summary).isGreaterThanOrEqualTo(MIN_GCP_RECORDS);
      assertThat(services.get("gcp")).as(summary).hasSizeGreaterThanOrEqualTo(MIN_GCP_SERVICES);
      assertThat(counts.getOrDefault("aws", 0) + counts.getOrDefault("gcp", 0))
          .as(summary)
          .isGreaterThanOrEqualTo(MIN_MUTATING);
      assertThat(counts.getOrDefault(NOISE + "/aws", 0) + counts.getOrDefault(NOISE + "/gcp", 0))
          .as(summary)
          .isGreaterThanOrEqualTo(MIN_NOISE);
    }
  }

  /**
   * The score of today's engine on the whole corpus, gaps included, written to {@code
   * target/real-corpus-score.txt} so that a change can be measured before and after: expected
   * findings detected exactly, found with the wrong kind or attributes, or missed; and findings no
   * row expects (false positives), on mutating and on noise records.
   */
  @Test
  void scoresTheEngineOnTheWholeCorpus() throws IOException {
    int detected = 0;
    int misKinded = 0;
    int missed = 0;
    int falsePositives = 0;
    int noiseFalsePositives = 0;
    List<String> lines = new ArrayList<>();
    for (Case c : records().toList()) {
      Decoded decoded = decode(c.file());
      List<DriftEvent> found =
          decoded.events().size() == 1
              ? engine(providerOf(c)).process(decoded.events().get(0)).drift()
              : List.of();
      Map<String, DriftEvent> byAddress = new LinkedHashMap<>();
      found.forEach(d -> byAddress.put(addressOf(d), d));
      for (Row row : c.rows()) {
        if (row.kind().equals("none")) {
          continue;
        }
        DriftEvent d = byAddress.remove(row.address());
        if (d == null) {
          missed++;
          lines.add("missed      " + c + ": " + row.show());
        } else if (compare(List.of(row), List.of(d)).isEmpty()) {
          detected++;
        } else {
          misKinded++;
          lines.add("mis-kinded  " + c + ": " + row.show() + " <- " + show(d));
        }
      }
      for (DriftEvent d : byAddress.values()) {
        if (c.dir().equals(NOISE)) {
          noiseFalsePositives++;
        } else {
          falsePositives++;
        }
        lines.add("unexpected  " + c + ": " + show(d));
      }
    }
    String score =
        String.format(
            "detected %d, mis-kinded %d, missed %d, false positives %d on mutating records"
                + " and %d on noise records%n",
            detected, misKinded, missed, falsePositives, noiseFalsePositives);
    Path out = Path.of("target", "real-corpus-score.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, score + String.join(System.lineSeparator(), lines) + "\n");
    assertThat(detected + misKinded + missed).as(score).isPositive();
  }

  private static String addressOf(DriftEvent d) {
    return d.kind().label().equals("unmanaged")
        ? d.resource().type() + ":" + d.resource().id()
        : d.resource().address();
  }

  // ---------------------------------------------------------------- comparison

  /** What differs between the rows and the findings; empty when they agree. */
  static List<String> compare(List<Row> rows, List<DriftEvent> found) {
    List<String> problems = new ArrayList<>();
    List<Row> expected = rows.stream().filter(r -> !r.kind().equals("none")).toList();
    Map<String, DriftEvent> byKey = new LinkedHashMap<>();
    for (DriftEvent d : found) {
      if (byKey.put(key(d), d) != null) {
        problems.add("two findings for " + key(d));
      }
    }
    for (Row row : expected) {
      DriftEvent d = byKey.remove(row.kind() + " " + row.address());
      if (d == null) {
        problems.add("missing " + row.kind() + " " + row.address());
        continue;
      }
      if (row.kind().equals("modified")) {
        problems.addAll(compareChanges(row, d));
      }
    }
    byKey.keySet().forEach(k -> problems.add("unexpected " + k));
    return problems;
  }

  private static List<String> compareChanges(Row row, DriftEvent d) {
    List<String> problems = new ArrayList<>();
    Map<String, DriftEvent.Change> changes = new TreeMap<>();
    d.changes().forEach(ch -> changes.put(ch.attribute(), ch));
    if (!changes.keySet().equals(new TreeSet<>(row.attributes().keySet()))) {
      problems.add(
          "changed attributes " + changes.keySet() + " instead of " + row.attributes().keySet());
    }
    row.attributes()
        .forEach(
            (name, json) -> {
              DriftEvent.Change ch = changes.get(name);
              if (json.isEmpty() || ch == null) {
                return;
              }
              Object want = JsonTrees.parseObject("{\"v\":" + json + "}").get("v");
              Object got = ch.actual().orElse(null);
              if (!Values.equivalent(want, got)) {
                problems.add(name + " = " + JsonTrees.toJson(got) + " instead of " + json);
              }
            });
    return problems;
  }

  private static String key(DriftEvent d) {
    String kind = d.kind().label();
    return kind.equals("unmanaged")
        ? kind + " " + d.resource().type() + ":" + d.resource().id()
        : kind + " " + d.resource().address();
  }

  private static String show(DriftEvent d) {
    return key(d)
        + (d.changes().isEmpty()
            ? ""
            : " "
                + d.changes().stream()
                    .map(
                        ch ->
                            ch.attribute()
                                + "="
                                + ch.actual().map(JsonTrees::toJson).orElse("(absent)"))
                    .collect(Collectors.joining(", ", "{", "}")));
  }

  // ---------------------------------------------------------------- engine and files

  private static String providerOf(Case c) {
    return c.dir().equals(NOISE) ? c.record().split("_", 2)[0] : c.dir();
  }

  private static synchronized TfDrift engine(String provider) {
    return ENGINES.computeIfAbsent(provider, RealCorpusTest::newEngine);
  }

  private static TfDrift newEngine(String provider) {
    StateStore store = new StateStore(CLOCK);
    Path states = REAL.resolve(provider).resolve("states");
    if (Files.isDirectory(states)) {
      for (Path file : list(states, ".tfstate")) {
        String name = file.getFileName().toString().replaceFirst("\\.tfstate$", "");
        RefreshResult loaded =
            store.refresh(name, new InMemoryStateBackend("default").set(read(file)));
        assertThat(loaded.outcome())
            .as("%s: %s", file, loaded.message())
            .isEqualTo(RefreshResult.Outcome.LOADED);
      }
    }
    return TfDrift.builder()
        .states(store)
        .mappers(Samples.mappers())
        .rules(EngineSettings.defaultRules())
        .clock(CLOCK)
        .build();
  }

  /** What the built-in decoders made of one record file: its events and what they rejected. */
  record Decoded(List<AuditEvent> events, List<String> rejected) {}

  static Decoded decode(Path file) {
    List<AuditEvent> events = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    try {
      AuditFileReader.withBuiltInDecoders()
          .read(
              file,
              new AuditFileReader.Listener() {
                @Override
                public void onEvent(AuditEvent event) {
                  events.add(event);
                }

                @Override
                public void onRejected(String where, String problem) {
                  rejected.add("rejected " + where + ": " + problem);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Decoded(List.copyOf(events), List.copyOf(rejected));
  }

  static List<String> dirs() {
    return Stream.of("aws", "gcp", NOISE).filter(d -> Files.isDirectory(REAL.resolve(d))).toList();
  }

  static List<Path> recordFiles(String dir) {
    return list(REAL.resolve(dir).resolve("records"), ".json");
  }

  private static String recordName(Path file) {
    return file.getFileName().toString().replaceFirst("\\.json$", "");
  }

  private static List<Path> list(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String[]> tsv(Path file, String header, int columns) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(lines).as("%s is empty", file).isNotEmpty();
    assertThat(lines.get(0)).as("%s header", file).isEqualTo(header);
    List<String[]> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] cells = lines.get(i).split("\t", -1);
      if (cells.length == columns - 1) {
        cells = java.util.Arrays.copyOf(cells, columns);
        cells[columns - 1] = "";
      }
      assertThat(cells.length)
          .as("%s:%d has %d tab-separated cells: %s", file, i + 1, columns, lines.get(i))
          .isEqualTo(columns);
      out.add(cells);
    }
    return out;
  }

  private static Map<String, String[]> provenance(String dir) {
    Map<String, String[]> out = new TreeMap<>();
    for (String[] cells : tsv(REAL.resolve(dir).resolve("PROVENANCE.tsv"), PROVENANCE_HEADER, 5)) {
      assertThat(out.put(cells[0], cells)).as("%s PROVENANCE row twice", cells[0]).isNull();
    }
    return out;
  }

  private static Map<String, List<Row>> expectations(String dir) {
    Path file = REAL.resolve(dir).resolve("expectations.tsv");
    Map<String, List<Row>> out = new TreeMap<>();
    int line = 1;
    for (String[] c : tsv(file, EXPECTATIONS_HEADER, 6)) {
      line++;
      Row row = new Row(c[0], c[1], c[2], attributes(c[3]), c[4], c[5], line);
      out.computeIfAbsent(row.record(), k -> new ArrayList<>()).add(row);
    }
    return out;
  }

  /** {@code a,b=true,tags={"k":"v, w"}}: names, each with an optional compact JSON value. */
  static Map<String, String> attributes(String cell) {
    Map<String, String> out = new LinkedHashMap<>();
    if (cell.isBlank() || cell.equals("-")) {
      return out;
    }
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i <= cell.length(); i++) {
      char ch = i < cell.length() ? cell.charAt(i) : ',';
      if (quoted) {
        if (ch == '\\') {
          i++;
        } else if (ch == '"') {
          quoted = false;
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == '{' || ch == '[') {
        depth++;
      } else if (ch == '}' || ch == ']') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        String part = cell.substring(start, i).trim();
        int eq = part.indexOf('=');
        out.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
        start = i + 1;
      }
    }
    return out;
  }

  private static Map<String, Integer> sizes(Map<String, Set<String>> m) {
    Map<String, Integer> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.size()));
    return out;
  }
}
