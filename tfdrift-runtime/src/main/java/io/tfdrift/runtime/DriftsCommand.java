package io.tfdrift.runtime;

import io.tfdrift.core.json.JsonTrees;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tfdrift drifts list|show|ack|resolve}: the drift inventory of a running daemon, through
 * its {@code /api/v1} endpoints (the same ones the dashboard reads).
 */
@Command(
    name = "drifts",
    description = {
      "Lists, shows, acknowledges and resolves the drifts a running daemon keeps (its /api/v1).",
      "  tfdrift drifts list --server http://localhost:8080 --status open --severity critical",
      "  tfdrift drifts show KEY --server URL",
      "  tfdrift drifts resolve KEY --server URL --token-file F --reason 'reverted by hand'"
    },
    mixinStandardHelpOptions = true)
final class DriftsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a subcommand: list, show, ack or resolve");
  }

  /** The subcommands, wired to the given streams. */
  static CommandLine create(PrintStream out) {
    return new CommandLine(new DriftsCommand())
        .addSubcommand(new ListDrifts(out))
        .addSubcommand(new ShowDrift(out))
        .addSubcommand(new AcknowledgeDrift(out))
        .addSubcommand(new ResolveDrift(out));
  }

  /** Where the daemon is and how to prove who we are: shared by every subcommand. */
  static final class Server {
    @Option(
        names = "--server",
        paramLabel = "URL",
        defaultValue = "http://localhost:8080",
        description = "The daemon's admin address (server.listen); default ${DEFAULT-VALUE}.")
    String url;

    @Option(
        names = "--token",
        paramLabel = "T",
        description =
            "A bearer token (the daemon's server.read_token or write_token). Prefer --token-file:"
                + " a command line is visible to other users.")
    String token;

    @Option(
        names = "--token-file",
        paramLabel = "F",
        description = "A file holding the bearer token (surrounding whitespace is ignored).")
    Path tokenFile;

    InventoryClient client(CommandLine cli) throws IOException {
      if (token != null && tokenFile != null) {
        throw new CommandLine.ParameterException(cli, "give --token or --token-file, not both");
      }
      String t = token;
      if (tokenFile != null) {
        try {
          t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
          throw new InventoryClient.Failure("--token-file " + tokenFile + ": no such file");
        }
        if (t.isEmpty()) {
          throw new InventoryClient.Failure(
              "--token-file " + tokenFile + " is empty: it must hold the bearer token");
        }
      }
      return new InventoryClient(url, t == null ? "" : t.strip());
    }
  }

  /** {@code tfdrift drifts list}. */
  @Command(
      name = "list",
      description = {
        "Lists drifts, most recently seen first; filters combine (a comma gives several values).",
        "Exit status: 0 listed, 1 error."
      },
      mixinStandardHelpOptions = true)
  static final class ListDrifts implements Callable<Integer> {
    enum Format {
      table,
      json
    }

    @Mixin Server server;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--status", description = "open, acknowledged, resolved (comma-separated).")
    String status;

    @Option(
        names = "--severity",
        description = "critical, high, medium, low, info (comma-separated).")
    String severity;

    @Option(
        names = "--kind",
        description = "modified, out_of_band, deleted, unmanaged (comma-separated).")
    String kind;

    @Option(names = "--type", description = "A Terraform resource type, e.g. aws_instance.")
    String type;

    @Option(names = "--state", description = "A state's name.")
    String state;

    @Option(names = "--provider", description = "aws, gcp, ...")
    String provider;

    @Option(names = "--actor", description = "Who made the change (name or ARN).")
    String actor;

    @Option(
        names = {"--search", "-q"},
        paramLabel = "TEXT",
        description = "Text anywhere in the address, id, attribute or actor.")
    String text;

    @Option(
        names = "--sort",
        description = "last_seen (default), first_seen, severity, address, occurrences.")
    String sort;

    @Option(names = "--order", description = "desc (default) or asc.")
    String order;

    @Option(names = "--limit", description = "Drifts per page, 1 to 1000 (default 50).")
    Integer limit;

    @Option(names = "--offset", description = "Drifts to skip (paging).")
    Long offset;

    @Option(names = "--format", description = "table (default) or json.", defaultValue = "table")
    Format format;

    private final PrintStream out;

    ListDrifts(PrintStream out) {
      this.out = out;
    }

    @Override
    public Integer call() throws IOException {
      InventoryClient client = server.client(spec.commandLine());
      Map<String, Object> page = client.list(query());
      if (format == Format.json) {
        out.println(JsonTrees.toJson(page));
      } else {
        out.print(DriftText.table(page, client.server()));
      }
      out.flush();
      return 0;
    }

    String query() {
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("status", status);
      q.put("severity", severity);
      q.put("kind", kind);
      q.put("type", type);
      q.put("state", state);
      q.put("provider", provider);
      q.put("actor", actor);
      q.put("q", text);
      q.put("sort", sort);
      q.put("order", order);
      q.put("limit", limit);
      q.put("offset", offset);
      StringJoiner joined = new StringJoiner("&");
      q.forEach(
          (k, v) -> {
            if (v != null && !v.toString().isBlank()) {
              joined.add(k + "=" + URLEncoder.encode(v.toString().strip(), StandardCharsets.UTF_8));
            }
          });
      return joined.toString();
    }
  }

  /** {@code tfdrift drifts show KEY}. */
  @Command(
      name = "show",
      description = {
        "Shows one drift: its facts, the change (state -> cloud) and every occurrence.",
        "Exit status: 0 shown, 1 error (no such drift included)."
      },
      mixinStandardHelpOptions = true)
  static final class ShowDrift implements Callable<Integer> {
    enum Format {
      text,
      json
    }

    @Mixin Server server;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "KEY", description = "The drift's key (tfdrift drifts list shows it).")
    String key;

    @Option(names = "--format", description = "text (default) or json.", defaultValue = "text")
    Format format;

    private final PrintStream out;

    ShowDrift(PrintStream out) {
      this.out = out;
    }

    @Override
    public Integer call() throws IOException {
      Map<String, Object> drift = server.client(spec.commandLine()).show(key);
      out.print(format == Format.json ? JsonTrees.toJson(drift) + "\n" : DriftText.detail(drift));
      out.flush();
      return 0;
    }
  }

  /** What acknowledge and resolve share: the key, who, and why. */
  abstract static class Change implements Callable<Integer> {
    @Mixin Server server;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "KEY", description = "The drift's key (tfdrift drifts list shows it).")
    String key;

    @Option(
        names = "--by",
        paramLabel = "NAME",
        description = "Who does it (default: your user name, ${sys:user.name}).",
        defaultValue = "${sys:user.name}")
    String by;

    @Option(
        names = {"--reason", "--note"},
        required = true,
        paramLabel = "TEXT",
        description = "Why; kept with the drift and shown to everyone who looks at it.")
    String reason;

    private final PrintStream out;

    Change(PrintStream out) {
      this.out = out;
    }

    abstract String action();

    abstract String reasonField();

    abstract String done(Map<String, Object> drift);

    @Override
    public Integer call() throws IOException {
      if (reason.isBlank()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--reason must say why (it is kept with the drift)");
      }
      if (by == null || by.isBlank()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--by must name who does it");
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("by", by.strip());
      body.put(reasonField(), reason.strip());
      Map<String, Object> drift = server.client(spec.commandLine()).post(key, action(), body);
      out.println(done(drift));
      out.flush();
      return 0;
    }
  }

  /** {@code tfdrift drifts ack KEY --reason TEXT}. */
  @Command(
      name = "ack",
      aliases = "acknowledge",
      description = {
        "Acknowledges an open drift: notifiers stay quiet about it until it changes again.",
        "Needs a write token. Exit status: 0 acknowledged, 1 error."
      },
      mixinStandardHelpOptions = true)
  static final class AcknowledgeDrift extends Change {
    AcknowledgeDrift(PrintStream out) {
      super(out);
    }

    @Override
    String action() {
      return "acknowledge";
    }

    @Override
    String reasonField() {
      return "note";
    }

    @Override
    String done(Map<String, Object> drift) {
      Map<String, Object> ack = JsonTrees.object(drift, "acknowledgement");
      return "acknowledged "
          + DriftText.name(drift)
          + " by "
          + ack.get("by")
          + " at "
          + ack.get("at")
          + ": "
          + ack.get("note")
          + "\n  status: "
          + drift.get("status")
          + "; notifiers stay quiet until it changes again";
    }
  }

  /** {@code tfdrift drifts resolve KEY --reason TEXT}. */
  @Command(
      name = "resolve",
      description = {
        "Resolves an open or acknowledged drift by hand (reason: manual); notifiers hear of it.",
        "Needs a write token. Exit status: 0 resolved, 1 error."
      },
      mixinStandardHelpOptions = true)
  static final class ResolveDrift extends Change {
    ResolveDrift(PrintStream out) {
      super(out);
    }

    @Override
    String action() {
      return "resolve";
    }

    @Override
    String reasonField() {
      return "reason";
    }

    @Override
    String done(Map<String, Object> drift) {
      Map<String, Object> r = JsonTrees.object(drift, "resolution");
      return "resolved "
          + DriftText.name(drift)
          + " ("
          + r.get("reason")
          + ") by "
          + r.get("by")
          + " at "
          + r.get("at")
          + ": "
          + r.get("note")
          + "\n  open for "
          + DriftText.duration(
              String.valueOf(drift.get("first_seen")), String.valueOf(r.get("at")));
    }
  }
}
