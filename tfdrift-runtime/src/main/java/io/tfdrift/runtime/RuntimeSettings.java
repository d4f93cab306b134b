package io.tfdrift.runtime;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tfdrift.api.ComponentConfig;
import io.tfdrift.api.ConfigException;
import io.tfdrift.core.notify.Notifications;
import io.tfdrift.core.plugin.Plugins;
import io.tfdrift.core.registry.ProviderKind;
import io.tfdrift.core.registry.ProviderRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The daemon's own sections: {@code falco}, {@code server}, {@code logging}, {@code performance},
 * {@code high_availability}, {@code notifications} and {@code plugins}. Reading them validates
 * every key and value, so {@code tfdrift validate} reports problems in the whole file.
 *
 * @param falcoEnabled whether Falco ingestion is on
 * @param falcoTransport {@code http} or {@code grpc}
 * @param serverListen the admin server's address
 * @param logLevel the root log level
 * @param logFormat {@code text} or {@code json}
 * @param queueCapacity the event queue's capacity
 */
record RuntimeSettings(
    boolean falcoEnabled,
    String falcoTransport,
    String serverListen,
    String logLevel,
    String logFormat,
    int queueCapacity) {

  static RuntimeSettings read(ComponentConfig root, ProviderRegistry registry) {
    List<String> problems = new ArrayList<>();
    ComponentConfig falco = root.child("falco");
    boolean falcoEnabled = get(problems, () -> falco.bool("enabled", false), false);
    String transport =
        get(problems, () -> oneOf(falco, "transport", "http", "http", "grpc"), "http");
    check(problems, () -> falco.string("listen", ":8765"));
    check(problems, () -> falco.string("hostname", "localhost"));
    check(problems, () -> falco.integer("port", 5060));
    check(problems, () -> falco.string("cert_file", ""));
    check(problems, () -> falco.string("key_file", ""));
    check(problems, () -> falco.string("ca_root_file", ""));
    check(problems, () -> falco.optionalSecret("auth_token"));

    ComponentConfig server = root.child("server");
    String listen = get(problems, () -> server.string("listen", ":8080"), ":8080");
    check(problems, () -> server.bool("debug", false));

    ComponentConfig logging = root.child("logging");
    String level =
        get(
            problems,
            () -> oneOf(logging, "level", "info", "trace", "debug", "info", "warn", "error"),
            "info");
    String format = get(problems, () -> oneOf(logging, "format", "text", "text", "json"), "text");

    ComponentConfig performance = root.child("performance");
    check(problems, () -> positive(performance, "event_worker_count", 10));
    check(problems, () -> positive(performance, "state_parser_workers", 5));
    check(problems, () -> positive(performance, "notifier_workers", 3));
    int capacity = get(problems, () -> positive(performance, "queue_capacity", 10_000), 10_000);

    check(problems, () -> HighAvailability.from(root.child("high_availability"), System.getenv()));

    check(
        problems,
        () ->
            Notifications.dispatcher(
                    root.child("notifications"), registry, 1, 1, new SimpleMeterRegistry())
                .close(Duration.ZERO));
    readPlugins(root.children("plugins"), registry, problems);
    for (ComponentConfig source : root.children("sources")) {
      check(
          problems,
          () ->
              registry
                  .get(ProviderKind.EVENT_SOURCE, source.string("type"), source.path() + ".type")
                  .create(source)
                  .close());
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new RuntimeSettings(falcoEnabled, transport, listen, level, format, capacity);
  }

  private static void readPlugins(
      List<ComponentConfig> plugins, ProviderRegistry registry, List<String> problems) {
    check(problems, () -> Plugins.check(plugins, registry));
  }

  private static String oneOf(ComponentConfig c, String key, String dflt, String... allowed) {
    String value = c.string(key, dflt).toLowerCase(Locale.ROOT);
    if (!List.of(allowed).contains(value)) {
      throw c.invalid(key, "'" + value + "'; use one of " + String.join(", ", allowed));
    }
    return value;
  }

  private static int positive(ComponentConfig c, String key, int dflt) {
    int value = c.integer(key, dflt);
    if (value <= 0) {
      throw c.invalid(key, value + " must be greater than 0");
    }
    return value;
  }

  private static <T> T get(List<String> problems, java.util.function.Supplier<T> read, T fallback) {
    try {
      return read.get();
    } catch (ConfigException e) {
      problems.addAll(e.problems());
      return fallback;
    }
  }

  private static void check(List<String> problems, Runnable read) {
    get(
        problems,
        () -> {
          read.run();
          return null;
        },
        null);
  }
}
