package io.tfdrift.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/coverage.md} is generated from the built-in tables: this test fails while it is
 * stale, and rewrites it when run with {@code -Dtfdrift.updateCoverageDoc=true}.
 */
class CoverageDocTest {
  private static final Path DOC = Path.of("../docs/coverage.md");

  @Test
  void coverageDocMatchesTheTables() throws IOException {
    String actual = render();
    if (Boolean.getBoolean("tfdrift.updateCoverageDoc")) {
      Files.writeString(DOC, actual, StandardCharsets.UTF_8);
    }
    String expected = Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : "";
    assertThat(expected)
        .as(
            "docs/coverage.md is stale; regenerate it with ./mvnw -pl tfdrift-core test"
                + " -Dtest=CoverageDocTest -Dtfdrift.updateCoverageDoc=true")
        .isEqualTo(actual);
  }

  static String render() {
    StringBuilder out = new StringBuilder();
    out.append("# Coverage\n\n")
        .append("Generated from the mapping tables in `tfdrift-core/src/main/resources/")
        .append(
            "io/tfdrift/core/mapping/` by `CoverageDocTest`; do not edit by hand. Every row is\n")
        .append("exercised by a recorded-shape fixture under `tfdrift-core/src/test/resources/")
        .append("mapping-fixtures/`. `tfdrift mappings --format json` lists the same data.\n")
        .append("Each provider's last section lists its operational calls, which change nothing")
        .append(" Terraform models.\n\n")
        .append("| Provider | Calls | With attribute extraction |\n|---|---|---|\n");
    for (String provider : List.of("aws", "gcp")) {
      List<MappedCall> calls = BuiltInTables.of(provider).calls();
      long withAttributes = calls.stream().filter(c -> !c.attributes().isEmpty()).count();
      out.append("| ")
          .append(provider)
          .append(" | ")
          .append(calls.size())
          .append(" | ")
          .append(withAttributes)
          .append(" |\n");
    }
    for (String provider : List.of("aws", "gcp")) {
      out.append("\n## ").append(provider.equals("aws") ? "AWS" : "GCP").append('\n');
      String service = "";
      for (MappedCall c : sorted(BuiltInTables.of(provider).calls())) {
        if (!c.service().equals(service)) {
          service = c.service();
          out.append("\n### ")
              .append(service)
              .append("\n\n| Call | Change | Terraform type | Identifiers | Attributes |\n")
              .append("|---|---|---|---|---|\n");
        }
        out.append("| `")
            .append(c.action())
            .append(c.when().isEmpty() ? "`" : "` when " + code(c.when()))
            .append(" | ")
            .append(c.change().name().toLowerCase(Locale.ROOT))
            .append(" | ")
            .append(code(String.join(", ", c.type().split("\\|"))))
            .append(" | ")
            .append(code(String.join(" · ", c.identifiers())))
            .append(" | ");
        StringBuilder attrs = new StringBuilder();
        new java.util.TreeMap<>(c.attributes())
            .forEach(
                (name, from) ->
                    attrs
                        .append(attrs.length() == 0 ? "" : "<br>")
                        .append(code(name + " ← " + from)));
        if (!c.outOfBand().isEmpty()) {
          attrs.append("out of band: ").append(c.outOfBand());
        }
        out.append(attrs).append(" |\n");
      }
      operational(provider, out);
    }
    return out.toString();
  }

  /** The provider's operational calls ({@code operational.txt}), which are never drift. */
  private static void operational(String provider, StringBuilder out) {
    out.append("\n### Operational calls\n\n")
        .append("Successful calls whose effect no Terraform resource models (`")
        .append(provider)
        .append("/operational.txt`): never drift and never a blind spot, counted as\n")
        .append("`tfdrift_audit_events_total{outcome=\"operational\"}`.\n\n")
        .append("| Service | Call | Why no resource models it |\n|---|---|---|\n");
    OperationalCalls.of(provider)
        .forEach(
            (service, calls) ->
                calls.forEach(
                    (call, why) ->
                        out.append("| ")
                            .append(code(service))
                            .append(" | ")
                            .append(code(call))
                            .append(" | ")
                            .append(why.replace("|", "\\|"))
                            .append(" |\n")));
  }

  /**
   * Services in table order, calls by name (and attributes by name, above): the loader does not
   * keep the tables' key order.
   */
  private static List<MappedCall> sorted(List<MappedCall> calls) {
    List<String> services = calls.stream().map(MappedCall::service).distinct().toList();
    return calls.stream()
        .sorted(
            java.util.Comparator.comparingInt((MappedCall c) -> services.indexOf(c.service()))
                .thenComparing(MappedCall::action)
                .thenComparing(MappedCall::when))
        .toList();
  }

  private static String code(String text) {
    return "`" + text.replace("|", "\\|") + "`";
  }
}
