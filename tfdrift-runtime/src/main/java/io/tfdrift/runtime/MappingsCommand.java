package io.tfdrift.runtime;

import io.tfdrift.core.decode.JsonTrees;
import io.tfdrift.core.mapping.MappedCall;
import io.tfdrift.core.mapping.MappingTable;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tfdrift mappings}: every mapped call, for users and docs. */
@Command(
    name = "mappings",
    description =
        "Lists every mapped cloud call: its Terraform type, identifier paths and extracted attributes.",
    mixinStandardHelpOptions = true)
final class MappingsCommand implements Callable<Integer> {
  @Option(names = "--provider", description = "aws or gcp (default: both).")
  String provider;

  @Option(names = "--format", description = "text (default) or json.", defaultValue = "text")
  ReplayCommand.Format format;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private final PrintStream out;

  MappingsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    List<String> providers = provider == null ? List.of("aws", "gcp") : List.of(provider);
    for (String p : providers) {
      if (!p.equals("aws") && !p.equals("gcp")) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--provider: '" + p + "'; use aws or gcp");
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    for (String p : providers) {
      List<MappedCall> calls = MappingTable.builtIn(p).calls();
      if (format == ReplayCommand.Format.json) {
        doc.put(p, json(calls));
      } else {
        text(p, calls);
      }
    }
    if (format == ReplayCommand.Format.json) {
      out.println(JsonTrees.toJson(doc));
    }
    out.flush();
    return 0;
  }

  private static Map<String, Object> json(List<MappedCall> calls) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("events", (long) calls.size());
    section.put("with_attributes", calls.stream().filter(c -> !c.attributes().isEmpty()).count());
    section.put(
        "calls",
        calls.stream()
            .map(
                c -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("service", c.service());
                  m.put("action", c.action());
                  if (!c.when().isEmpty()) {
                    m.put("when", c.when());
                  }
                  m.put("type", c.type());
                  m.put("change", c.change().name().toLowerCase(java.util.Locale.ROOT));
                  m.put("identifiers", c.identifiers());
                  m.put("attributes", c.attributes());
                  if (!c.outOfBand().isEmpty()) {
                    m.put("out_of_band", c.outOfBand());
                  }
                  return (Object) m;
                })
            .toList());
    return section;
  }

  private void text(String provider, List<MappedCall> calls) {
    long withAttributes = calls.stream().filter(c -> !c.attributes().isEmpty()).count();
    out.printf(
        "%s: %d calls, %d with attribute extraction%n", provider, calls.size(), withAttributes);
    String service = "";
    for (MappedCall c : calls) {
      if (!c.service().equals(service)) {
        service = c.service();
        out.println("  " + service);
      }
      out.printf(
          "    %-44s %-7s %s%n",
          c.action(), c.change().name().toLowerCase(java.util.Locale.ROOT), c.type());
      if (!c.when().isEmpty()) {
        out.println("        when: " + c.when());
      }
      out.println("        ids: " + String.join(" | ", c.identifiers()));
      c.attributes().forEach((name, from) -> out.println("        " + name + " <- " + from));
    }
  }
}
