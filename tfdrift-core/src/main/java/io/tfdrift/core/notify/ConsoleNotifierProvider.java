package io.tfdrift.core.notify;

import com.google.auto.service.AutoService;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.Severity;
import io.tfdrift.api.spi.Notifier;
import io.tfdrift.api.spi.NotifierProvider;
import java.io.PrintStream;

/**
 * Notifier {@code console}: drift as readable text on standard output, coloured by severity when
 * the output is a terminal ({@code color: auto}, the default), or always/never.
 */
@AutoService(NotifierProvider.class)
public final class ConsoleNotifierProvider implements NotifierProvider {

  /** Creates the provider; ServiceLoader calls this. */
  public ConsoleNotifierProvider() {}

  @Override
  public String type() {
    return "console";
  }

  @Override
  public Notifier create(ComponentConfig config) {
    String color = config.string("color", "auto");
    boolean ansi =
        switch (color) {
          case "auto" -> System.console() != null;
          case "always" -> true;
          case "never" -> false;
          default -> throw config.invalid("color", "'" + color + "'; use auto, always or never");
        };
    return new ConsoleNotifier(System.out, ansi);
  }

  /** Prints each drift event. */
  static final class ConsoleNotifier implements Notifier {
    private final PrintStream out;
    private final boolean ansi;

    ConsoleNotifier(PrintStream out, boolean ansi) {
      this.out = out;
      this.ansi = ansi;
    }

    @Override
    public void send(DriftEvent event) {
      String text = DriftText.format(event);
      synchronized (out) {
        out.print(ansi ? colour(event.severity()) + text + "\u001b[0m" : text);
        out.println();
        out.flush();
      }
    }

    private static String colour(Severity s) {
      return switch (s) {
        case CRITICAL -> "\u001b[1;31m";
        case HIGH -> "\u001b[31m";
        case MEDIUM -> "\u001b[33m";
        case LOW -> "\u001b[36m";
        case INFO -> "\u001b[37m";
      };
    }

    @Override
    public String toString() {
      return "ConsoleNotifier";
    }
  }
}
