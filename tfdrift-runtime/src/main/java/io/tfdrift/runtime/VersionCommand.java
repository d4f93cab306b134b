package io.tfdrift.runtime;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tfdrift version}. */
@Command(name = "version", description = "Prints the version.", mixinStandardHelpOptions = true)
final class VersionCommand implements Callable<Integer> {
  private final PrintStream out;

  VersionCommand(PrintStream out) {
    this.out = out;
  }

  static String version() {
    String v = VersionCommand.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  @Override
  public Integer call() {
    out.println("tfdrift " + version() + " (Java " + Runtime.version() + ")");
    out.flush();
    return 0;
  }
}
