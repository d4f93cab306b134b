package io.tfdrift.runtime;

import io.tfdrift.core.registry.DiscoveredProvider;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tfdrift plugins}: what discovery found. */
@Command(
    name = "plugins",
    description = "Lists every discovered provider: kind, type, class, jar and version.",
    mixinStandardHelpOptions = true)
final class PluginsCommand implements Callable<Integer> {
  private final PrintStream out;

  PluginsCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() {
    out.printf("%-16s %-14s %-60s %-40s %s%n", "KIND", "TYPE", "CLASS", "JAR", "VERSION");
    for (DiscoveredProvider p : Setup.discover().discovered()) {
      out.printf(
          "%-16s %-14s %-60s %-40s %s%n", p.kind(), p.type(), p.className(), p.jar(), p.version());
    }
    out.flush();
    return 0;
  }
}
