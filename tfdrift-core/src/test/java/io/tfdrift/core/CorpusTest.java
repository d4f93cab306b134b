package io.tfdrift.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.core.config.EngineSettings;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.core.state.RefreshResult;
import io.tfdrift.core.state.StateStore;
import io.tfdrift.testkit.InMemoryStateBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus under {@code src/test/resources/corpus/<case>/}: audit records ({@code records.*}), a
 * Terraform state ({@code state.tfstate}) and the drift they must produce ({@code expected.ndjson},
 * one DriftEvent per line, with {@code detected_at} fixed); each case's README.md says why each
 * line is right. Add a case by adding a directory. After a deliberate change, rewrite the expected
 * files with {@code -Dtfdrift.updateCorpus=true} and review the diff line by line.
 */
class CorpusTest {
  private static final Path CORPUS = Path.of("src/test/resources/corpus");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

  static Stream<String> cases() throws IOException {
    try (Stream<Path> dirs = Files.list(CORPUS)) {
      return dirs
          .filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void producesExactlyTheExpectedDrift(String name) throws Exception {
    Path dir = CORPUS.resolve(name);
    StateStore store = new StateStore(CLOCK);
    RefreshResult loaded =
        store.refresh(
            "corpus",
            new InMemoryStateBackend("default")
                .set(Files.readAllBytes(dir.resolve("state.tfstate"))));
    assertThat(loaded.outcome()).as(loaded.message()).isEqualTo(RefreshResult.Outcome.LOADED);
    TfDrift engine =
        TfDrift.builder()
            .states(store)
            .mappers(Samples.mappers())
            .rules(EngineSettings.defaultRules())
            .clock(CLOCK)
            .build();

    List<String> actual = new ArrayList<>();
    AuditFileReader.Summary summary =
        AuditFileReader.withBuiltInDecoders()
            .read(
                records(dir),
                new AuditFileReader.Listener() {
                  @Override
                  public void onEvent(AuditEvent event) {
                    engine.process(event).drift().forEach(d -> actual.add(DriftEventJson.write(d)));
                  }

                  @Override
                  public void onRejected(String where, String problem) {
                    throw new AssertionError(where + ": " + problem);
                  }
                });
    assertThat(summary.events()).isPositive();

    Path expectedFile = dir.resolve("expected.ndjson");
    if (Boolean.getBoolean("tfdrift.updateCorpus")) {
      Files.writeString(
          expectedFile,
          actual.isEmpty() ? "" : String.join("\n", actual) + "\n",
          StandardCharsets.UTF_8);
    }
    List<String> expected =
        Files.readAllLines(expectedFile, StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank())
            .toList();
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  private static Path records(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("records."))
          .findFirst()
          .orElseThrow();
    }
  }
}
