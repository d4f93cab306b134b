package io.tfdrift.runtime;

import io.tfdrift.api.AuditEvent;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.StoreException;
import io.tfdrift.core.Detection;
import io.tfdrift.core.Outcome;
import io.tfdrift.core.assembly.Components;
import io.tfdrift.core.assembly.Pipeline;
import io.tfdrift.core.config.ConfigSection;
import io.tfdrift.core.config.StateSettings;
import io.tfdrift.core.decode.AuditFileReader;
import io.tfdrift.core.json.DriftEventJson;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.state.RefreshResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tfdrift replay}: audit log files in, drift out. */
@Command(
    name = "replay",
    description = {
      "Replays audit logs against Terraform state and prints the drift.",
      "Reads CloudTrail log files ({\"Records\":[...]}, .json or .json.gz, or directories of them),",
      "single CloudTrail records, EventBridge events, GCP audit log entries (JSON array or lines)",
      "and Falco alert JSON lines (file_output with json_output);",
      "the format is detected per file.",
      "Exit status: 0 no drift, 2 drift found, 3 no drift but part of the input could not be",
      "read (see --allow-bad-records), 1 error."
    },
    mixinStandardHelpOptions = true)
final class ReplayCommand implements Callable<Integer> {
  static final int EXIT_NO_DRIFT = 0;
  static final int EXIT_DRIFT = 2;
  static final int EXIT_UNREAD_INPUT = 3;

  @Option(names = "--config", description = "Configuration file (states, rules, principals).")
  Path config;

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description =
          "A Terraform state: a local path, s3://bucket/key or gs://bucket/object. Repeatable.")
  List<String> states = new ArrayList<>();

  @Option(
      names = "--format",
      description = "text (default) or json (one DriftEvent per line).",
      defaultValue = "text")
  Format format;

  @Option(
      names = "--notify",
      description =
          "Also deliver the drift to the notifiers in --config (a backfill), through the daemon's dispatcher.")
  boolean notify;

  @Option(
      names = "--store",
      description =
          "Also record the drift in the drift inventory of --config's store section (default: the"
              + " SQLite file tfdrift-data/drifts.db), to backfill it from log archives; with"
              + " --notify, notifiers hear of it as the daemon's would (opened, escalated, ...).")
  boolean store;

  @Option(
      names = "--allow-bad-records",
      description =
          "Exit 0 even when part of the input could not be read (a backfill that accepts"
              + " garbage or truncated records); they are still reported and counted.")
  boolean allowBadRecords;

  @Parameters(paramLabel = "FILES", arity = "1..*", description = "Audit log files or directories.")
  List<Path> inputs;

  enum Format {
    text,
    json
  }

  @Mixin PluginsDirOption pluginsDir = new PluginsDirOption();

  private final PrintStream out;
  private final PrintStream err;

  ReplayCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    if (notify && config == null) {
      err.println("error: --notify delivers to the notifiers of a configuration; add --config F");
      return 1;
    }
    List<StateSettings> cliStates = states.stream().map(CliState::parse).toList();
    try (Setup setup =
        Setup.load(
            Optional.ofNullable(config),
            pluginsDir.get(),
            Setup.scope(false, notify),
            cliStates,
            store)) {
      setup.warnings().forEach(w -> err.println("warning: " + w));
      Components components = setup.components();
      if (components.states().isEmpty()) {
        err.println(
            "error: no Terraform state; pass --state PATH or configure providers.<cloud>.state");
        return 1;
      }
      if (!loadStates(components)) {
        return 1;
      }
      int exit;
      try {
        exit =
            replay(
                components.pipeline(),
                AuditFileReader.withFormats(setup.registry().all(ProviderKind.AUDIT_FORMAT)));
      } catch (StoreFailure e) {
        err.println(
            "error: the drift store failed: "
                + e.getCause().getMessage()
                + "; drift after that event was not recorded. Recording is idempotent: run the"
                + " same replay again once the store is back");
        return 1;
      }
      if (components.outbox().isPresent()) {
        err.println("delivering the inventory's notifications...");
        if (!components.outbox().get().drain(Duration.ofMinutes(2))) {
          err.println(
              "notifications still pending after 2 minutes stay in the inventory's outbox for"
                  + " the daemon to deliver");
        }
      }
      if (notify) {
        err.println("delivering to notifiers...");
        boolean drained = components.dispatcher().close(Duration.ofMinutes(2));
        err.println(
            drained
                ? "all deliveries finished"
                : "deliveries still pending after 2 minutes were dead-lettered");
      }
      return exit;
    }
  }

  private boolean loadStates(Components components) {
    boolean ok = true;
    for (RefreshResult r : components.refreshAll()) {
      if (r.outcome() == RefreshResult.Outcome.FAILED) {
        err.println("error: state " + r.state() + ": " + r.message());
        ok = false;
      } else {
        err.println("loaded state " + r.state() + ": " + r.resources() + " resources");
      }
    }
    return ok;
  }

  private int replay(Pipeline pipeline, AuditFileReader reader) throws IOException {
    List<Path> files = files();
    Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    UnmappedTally unmapped = new UnmappedTally();
    long[] drift = {0};
    long rejected = 0;
    long events = 0;
    boolean progress = System.console() != null && files.size() > 1;
    for (int i = 0; i < files.size(); i++) {
      Path file = files.get(i);
      if (progress) {
        err.printf("\r[%d/%d] %s", i + 1, files.size(), file.getFileName());
      }
      AuditFileReader.Summary summary =
          reader.read(
              file,
              new AuditFileReader.Listener() {
                @Override
                public void onEvent(AuditEvent event) {
                  Detection d;
                  try {
                    d = pipeline.process(event);
                  } catch (StoreException e) {
                    throw new StoreFailure(e);
                  }
                  outcomes.merge(d.outcome(), 1L, Long::sum);
                  if (d.outcome() == Outcome.UNMAPPED) {
                    unmapped.add(event);
                  }
                  for (DriftEvent e : d.drift()) {
                    drift[0]++;
                    out.print(
                        format == Format.json
                            ? DriftEventJson.write(e) + "\n"
                            : io.tfdrift.core.notify.DriftText.format(e) + "\n");
                  }
                }

                @Override
                public void onRejected(String where, String problem) {
                  err.println("warning: " + where + ": " + problem);
                }
              });
      rejected += summary.rejected();
      events += summary.events();
    }
    if (progress) {
      err.println();
    }
    out.flush();
    err.println(summary(files.size(), events, drift[0], rejected, outcomes));
    if (unmapped.total() > 0) {
      err.println(unmapped.summary());
    }
    if (drift[0] > 0) {
      return EXIT_DRIFT;
    }
    if (rejected > 0 && !allowBadRecords) {
      err.println(
          "error: "
              + rejected
              + " input records could not be read (see warnings), so the absence of drift is not"
              + " proven; fix or remove that input, or pass --allow-bad-records to accept it");
      return EXIT_UNREAD_INPUT;
    }
    return EXIT_NO_DRIFT;
  }

  private static String summary(
      int files, long events, long drift, long rejected, Map<Outcome, Long> outcomes) {
    StringBuilder s = new StringBuilder();
    s.append("replayed ")
        .append(events)
        .append(" audit events from ")
        .append(files)
        .append(files == 1 ? " file" : " files");
    s.append(": ").append(drift).append(" drift");
    outcomes.forEach(
        (o, n) -> {
          if (o != Outcome.DRIFT) {
            s.append(", ").append(n).append(' ').append(o.label().replace('_', ' '));
          }
        });
    if (rejected > 0) {
      s.append(", ").append(rejected).append(" rejected (see warnings)");
    }
    return s.toString();
  }

  private List<Path> files() throws IOException {
    return logFiles(inputs);
  }

  /** The log files of the inputs: files as given, directories walked for *.json, *.gz, ... */
  static List<Path> logFiles(List<Path> inputs) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          walk.filter(Files::isRegularFile)
              .filter(ReplayCommand::looksLikeLog)
              .sorted()
              .forEach(out::add);
        }
      } else if (Files.isRegularFile(input)) {
        out.add(input);
      } else {
        throw new IOException("input " + input.toAbsolutePath() + " does not exist");
      }
    }
    return out;
  }

  private static boolean looksLikeLog(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".json")
        || name.endsWith(".gz")
        || name.endsWith(".ndjson")
        || name.endsWith(".jsonl");
  }

  /** The store failed during a replay: it stops, since later drift could not be recorded. */
  private static final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailure(StoreException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  /** A {@code --state} value as a state of its own. */
  static final class CliState {
    private CliState() {}

    static StateSettings parse(String value) {
      String backend;
      Map<String, Object> keys;
      String name;
      if (value.startsWith("s3://")) {
        String[] bk = bucketAndKey(value.substring(5), value);
        backend = "s3";
        keys = Map.of("backend", backend, "s3_bucket", bk[0], "s3_key", bk[1]);
        name = baseName(bk[1]);
      } else if (value.startsWith("gs://")) {
        String[] bk = bucketAndKey(value.substring(5), value);
        backend = "gcs";
        keys = Map.of("backend", backend, "gcs_bucket", bk[0], "gcs_object", bk[1]);
        name = baseName(bk[1]);
      } else {
        backend = "local";
        keys = Map.of("backend", backend, "local_path", value);
        name = baseName(value);
      }
      ComponentConfig section = ConfigSection.of("--state " + value, keys);
      section.string("backend");
      return new StateSettings(name, "cli", backend, section, "", Duration.ofMinutes(5));
    }

    private static String[] bucketAndKey(String rest, String value) {
      int slash = rest.indexOf('/');
      if (slash <= 0 || slash == rest.length() - 1) {
        throw new io.tfdrift.api.ConfigException(
            "--state",
            "'"
                + value
                + "' needs a bucket and an object, e.g. s3://my-bucket/prod/terraform.tfstate");
      }
      return new String[] {rest.substring(0, slash), rest.substring(slash + 1)};
    }

    private static String baseName(String path) {
      String name = path.substring(path.lastIndexOf('/') + 1);
      return name.endsWith(".tfstate")
          ? name.substring(0, name.length() - ".tfstate".length())
          : name;
    }
  }
}
