package io.tfdrift.runtime;

import io.tfdrift.api.ConfigException;
import io.tfdrift.api.SourceException;
import io.tfdrift.api.StateException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code tfdrift} command. */
public final class Main {
  private Main() {}

  /** The top-level command; its subcommands do the work. */
  @Command(
      name = "tfdrift",
      description = "Real-time Terraform drift detection from cloud audit events.",
      mixinStandardHelpOptions = true,
      versionProvider = Main.Version.class)
  static final class Tfdrift implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--config",
        description =
            "Runs the daemon with this configuration: the same as tfdrift run --config F.")
    Path config;

    private final RunCommand run;

    Tfdrift(RunCommand run) {
      this.run = run;
    }

    @Override
    public Integer call() throws Exception {
      if (config == null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "name a command, e.g. tfdrift replay --help");
      }
      // The invocation upstream's documents teach: tfdrift --config F.
      run.config = config;
      return run.call();
    }
  }

  /** Supplies {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tfdrift " + VersionCommand.version()};
    }
  }

  /**
   * Runs the command line.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /**
   * Runs the command line with the given streams; used by tests.
   *
   * @param args the arguments
   * @param out standard output
   * @param err standard error
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    RunCommand run = new RunCommand(err);
    CommandLine cli =
        new CommandLine(new Tfdrift(run))
            .addSubcommand(run)
            .addSubcommand(new ReplayCommand(out, err))
            .addSubcommand(new DemoCommand(out, err))
            .addSubcommand(new ValidateCommand(out))
            .addSubcommand(new MappingsCommand(out, err))
            .addSubcommand(new PluginsCommand(out))
            .addSubcommand("drifts", DriftsCommand.create(out))
            .addSubcommand(new FalcoRulesCommand(out))
            .addSubcommand(new VersionCommand(out))
            .addSubcommand(new CompletionCommand(out))
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new java.io.PrintWriter(out, true))
            .setErr(new java.io.PrintWriter(err, true))
            .setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, err));
    return cli.execute(args);
  }

  /** Turns failures into messages: never a stack trace for a user's mistake. */
  private static int report(Exception e, PrintStream err) {
    if (e instanceof ConfigException config) {
      err.println("error: invalid configuration:");
      config.problems().forEach(p -> err.println("  - " + p));
    } else if (e instanceof java.io.IOException
        || e instanceof SourceException
        || e instanceof StateException) {
      // Their messages name the input and the fix; a stack trace would bury them.
      err.println("error: " + e.getMessage());
    } else {
      err.println("error: " + e);
      e.printStackTrace(err);
    }
    err.flush();
    return 1;
  }
}
