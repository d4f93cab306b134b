package io.tfdrift.runtime;

import io.tfdrift.core.assembly.Assembly;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tfdrift validate}: every configuration problem with its key path. */
@Command(
    name = "validate",
    description = "Checks a configuration file: every problem with its key path; exit 1 if any.",
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "Configuration file.")
  Path config;

  @Mixin PluginsDirOption pluginsDir = new PluginsDirOption();

  private final PrintStream out;

  ValidateCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    // Builds every component once, starts nothing, closes them: no file, no port, no thread.
    try (Setup setup =
        Setup.load(
            Optional.of(config), pluginsDir.get(), Assembly.Scope.DAEMON, List.of(), true, false)) {
      setup.warnings().forEach(w -> out.println("warning: " + w));
      out.println(
          config
              + ": valid ("
              + setup.components().states().size()
              + " states, "
              + setup.components().settings().rules().rules().size()
              + " drift rules)");
    }
    out.flush();
    return 0;
  }
}
