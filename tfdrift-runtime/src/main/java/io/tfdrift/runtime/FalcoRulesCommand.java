package io.tfdrift.runtime;

import io.tfdrift.falco.FalcoRules;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tfdrift falco-rules}: prints a Falco rules file to install next to its plugin. */
@Command(
    name = "falco-rules",
    description = {
      "Prints tfdrift's Falco rules for one plugin (cloudtrail or gcpaudit).",
      "Install: tfdrift falco-rules --plugin cloudtrail"
          + " > /etc/falco/rules.d/tfdrift_cloudtrail_rules.yaml"
    },
    mixinStandardHelpOptions = true)
final class FalcoRulesCommand implements Callable<Integer> {
  private final PrintStream out;

  @Spec CommandSpec spec;

  @Option(
      names = "--plugin",
      required = true,
      paramLabel = "PLUGIN",
      description = "the Falco plugin the rules are for: ${COMPLETION-CANDIDATES}",
      completionCandidates = Plugins.class)
  String plugin;

  FalcoRulesCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    if (!FalcoRules.PLUGINS.contains(plugin)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--plugin "
              + plugin
              + " has no tfdrift rules; use one of: "
              + String.join(", ", FalcoRules.PLUGINS));
    }
    out.print(FalcoRules.text(plugin));
    out.flush();
    return 0;
  }

  /** The plugins a rules file exists for. */
  static final class Plugins implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return FalcoRules.PLUGINS.iterator();
    }
  }
}
