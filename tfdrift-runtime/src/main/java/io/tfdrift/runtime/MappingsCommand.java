package io.tfdrift.runtime;

import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.mapping.MappedCall;
import io.tfdrift.core.mapping.MappingTable;
import io.tfdrift.core.mapping.OperationalCalls;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tfdrift mappings}: every mapped call, for users and docs; with {@code --check FILES}, the
 * mutating calls of a log archive that no table maps.
 */
@Command(
    name = "mappings",
    description = {
      "Lists every mapped cloud call: its Terraform type, identifier paths and extracted attributes,",
      "and the operational calls, which change nothing Terraform models (never drift).",
      "With --check FILES: reads audit logs (as replay does) and lists every successful mutating",
      "call no built-in table maps, most frequent first; operational calls are counted apart.",
      "Exit status: 0 listed (or every mutating call mapped), 3 some calls not mapped, 1 error."
    },
    mixinStandardHelpOptions = true)
final class MappingsCommand implements Callable<Integer> {
  /** The exit status of {@code --check} when some mutating calls are not mapped. */
  static final int UNMAPPED = 3;

  @Option(
      names = "--check",
      description = "Read the audit log FILES and list the mutating calls no table maps.")
  boolean check;

  @picocli.CommandLine.Parameters(
      paramLabel = "FILES",
      arity = "0..*",
      description = "With --check: audit log files or directories.")
  List<java.nio.file.Path> inputs = new java.util.ArrayList<>();

  @Option(names = "--provider", description = "aws or gcp (default: both).")
  String provider;

  @Option(names = "--format", description = "text (default) or json.", defaultValue = "text")
  ReplayCommand.Format format;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;

  MappingsCommand(PrintStream out) {
    this(out, System.err);
  }

  MappingsCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws java.io.IOException {
    if (check) {
      return check();
    }
    if (!inputs.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "FILES are read only with --check: tfdrift mappings --check FILES");
    }
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
      Map<String, Map<String, String>> operational = OperationalCalls.of(p);
      if (format == ReplayCommand.Format.json) {
        Map<String, Object> section = json(calls);
        section.put("operational", json(operational));
        doc.put(p, section);
      } else {
        text(p, calls);
        text(operational);
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

  private static List<Object> json(Map<String, Map<String, String>> operational) {
    List<Object> out = new java.util.ArrayList<>();
    operational.forEach(
        (service, calls) ->
            calls.forEach(
                (call, why) -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("service", service);
                  m.put("action", call);
                  m.put("why", why);
                  out.add(m);
                }));
    return out;
  }

  private void text(Map<String, Map<String, String>> operational) {
    long n = operational.values().stream().mapToLong(Map::size).sum();
    out.printf("  operational, change nothing Terraform models (never drift): %d calls%n", n);
    operational.forEach(
        (service, calls) -> {
          out.println("    " + service);
          calls.forEach((call, why) -> out.printf("      %-42s %s%n", call, why));
        });
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

  private int check() throws java.io.IOException {
    if (inputs.isEmpty()) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--check needs the audit log FILES to read");
    }
    List<java.nio.file.Path> files = ReplayCommand.logFiles(inputs);
    Map<String, MappingTable> tables = new LinkedHashMap<>();
    for (String p : List.of("aws", "gcp")) {
      tables.put(p, MappingTable.builtIn(p));
    }
    UnmappedTally unmapped = new UnmappedTally();
    long[] counts = new long[3]; // events, mutating, rejected
    java.util.EnumMap<io.tfdrift.core.Outcome, long[]> neverDrift =
        new java.util.EnumMap<>(io.tfdrift.core.Outcome.class);
    io.tfdrift.core.decode.AuditFileReader reader =
        io.tfdrift.core.decode.AuditFileReader.withInstalledDecoders();
    for (java.nio.file.Path file : files) {
      reader.read(
          file,
          new io.tfdrift.core.decode.AuditFileReader.Listener() {
            @Override
            public void onEvent(io.tfdrift.api.AuditEvent event) {
              counts[0]++;
              // As the engine tells them: failed calls, reads, a long-running operation's later
              // entries, calls the cloud makes for itself and operational calls (which change
              // nothing Terraform models) are never drift, so no blind spot.
              var never = io.tfdrift.core.TfDrift.neverDrift(event);
              if (never.isPresent()) {
                neverDrift.computeIfAbsent(never.get(), o -> new long[1])[0]++;
                return;
              }
              counts[1]++;
              MappingTable table = tables.get(event.provider());
              if (table == null || !table.maps(event)) {
                unmapped.add(event);
              }
            }

            @Override
            public void onRejected(String where, String problem) {
              counts[2]++;
              err.println("warning: " + where + ": " + problem);
            }
          });
    }
    long cloudService = count(neverDrift, io.tfdrift.core.Outcome.CLOUD_SERVICE);
    long failedOrRead =
        count(neverDrift, io.tfdrift.core.Outcome.FAILED_CALL)
            + count(neverDrift, io.tfdrift.core.Outcome.READ_ONLY);
    long continuations = count(neverDrift, io.tfdrift.core.Outcome.OPERATION_CONTINUATION);
    long operational = count(neverDrift, io.tfdrift.core.Outcome.OPERATIONAL);
    if (format == ReplayCommand.Format.json) {
      Map<String, Object> doc = unmapped.json(counts[1]);
      Map<String, Object> withOthers = new LinkedHashMap<>();
      withOthers.put("events", counts[0]);
      withOthers.putAll(doc);
      withOthers.put("cloud_service_calls", cloudService);
      withOthers.put("failed_or_read_only_calls", failedOrRead);
      withOthers.put("operation_continuations", continuations);
      withOthers.put("operational_calls", operational);
      out.println(JsonTrees.toJson(withOthers));
    } else {
      out.printf(
          "checked %d audit events from %d %s: %d mutating calls, %d not mapped (%d distinct)%n",
          counts[0],
          files.size(),
          files.size() == 1 ? "file" : "files",
          counts[1],
          unmapped.total(),
          unmapped.calls().size());
      out.printf(
          "not counted: made by AWS services: %d, not drift; failed or read-only: %d;"
              + " later entries of GCP long-running operations: %d;"
              + " operational, change nothing Terraform models: %d%n",
          cloudService, failedOrRead, continuations, operational);
      for (UnmappedTally.Call c : unmapped.calls()) {
        out.printf("%7d  %-4s %s %s%n", c.count(), c.provider(), c.service(), c.action());
      }
    }
    if (counts[2] > 0) {
      err.println(counts[2] + " records could not be read (see warnings)");
    }
    out.flush();
    return unmapped.total() > 0 ? UNMAPPED : 0;
  }

  private static long count(
      Map<io.tfdrift.core.Outcome, long[]> counts, io.tfdrift.core.Outcome o) {
    long[] n = counts.get(o);
    return n == null ? 0 : n[0];
  }
}
