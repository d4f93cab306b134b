package io.tfdrift.runtime;

import io.tfdrift.api.ComponentConfig;
import io.tfdrift.core.assembly.Assembly;
import io.tfdrift.core.assembly.StoreSettings;
import io.tfdrift.core.registry.ProviderKind;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
      out.println(deployment(setup));
    }
    out.flush();
    return 0;
  }

  /** Which ways of running replicas this store and these settings allow. */
  static String deployment(Setup setup) {
    boolean ha =
        HighAvailability.from(setup.root().child("high_availability"), System.getenv()).enabled();
    Optional<StoreSettings> store = setup.components().storeSettings();
    if (store.isEmpty() || store.get().type().equals(StoreSettings.NONE)) {
      return "inventory: none: every detection is notified as it comes, nothing is kept; run one"
          + " replica"
          + (ha ? " at a time (high_availability elects it)" : "");
    }
    String type = store.get().type();
    boolean shared =
        setup.registry().all(ProviderKind.DRIFT_STORE).get(type) != null
            && setup.registry().all(ProviderKind.DRIFT_STORE).get(type).shared();
    if (!shared) {
      return "inventory: "
          + type
          + ", for one process: run one replica; several replicas (active-active or"
          + " high_availability) need store.type: postgres";
    }
    if (ha) {
      return "inventory: "
          + type
          + ", shared by replicas; high_availability: one leader ingests at a time. With queue"
          + " sources (aws-sqs, gcp-pubsub, kafka) or Falco HTTP behind a Service, every replica"
          + " could ingest instead (high_availability.enabled: false)";
    }
    String active =
        "inventory: "
            + type
            + ", shared by replicas: every replica may ingest (queue sources as competing"
            + " consumers, Falco HTTP behind a Service); each drift is notified once";
    ComponentConfig falco = setup.root().child("falco");
    boolean grpc =
        falco.bool("enabled", false)
            && falco.string("transport", "http").toLowerCase(Locale.ROOT).equals("grpc");
    return grpc
        ? active
            + ". But falco.transport: grpc sends every alert to every subscriber, so N replicas"
            + " would each do all the work: keep one (high_availability.enabled: true) or use"
            + " transport: http behind a Service"
        : active;
  }
}
