package io.tfdrift.runtime;

import io.tfdrift.falco.FalcoRules;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tfdrift falco-rules}: prints the Falco rules file to install next to the plugins. */
@Command(
    name = "falco-rules",
    description = {
      "Prints the Falco rules for the cloudtrail and gcpaudit plugins that feed tfdrift.",
      "Install: tfdrift falco-rules > /etc/falco/rules.d/tfdrift_rules.yaml"
    },
    mixinStandardHelpOptions = true)
final class FalcoRulesCommand implements Callable<Integer> {
  private final PrintStream out;

  FalcoRulesCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    out.print(FalcoRules.text());
    out.flush();
    return 0;
  }
}
