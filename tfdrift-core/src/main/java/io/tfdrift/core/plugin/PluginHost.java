package io.tfdrift.core.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.tfdrift.api.DriftEvent;
import io.tfdrift.api.spi.Plugin;
import io.tfdrift.api.spi.PluginContext;
import io.tfdrift.core.guard.LogThrottle;
import io.tfdrift.core.guard.TimedCall;
import io.tfdrift.core.guard.TimedCall.Outcome;
import io.tfdrift.core.guard.TimedCall.Result;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One running plugin: its own thread, on which every callback runs (so a plugin never sees two
 * callbacks at once and needs no locking) under the plugin's timeout; the caller gets a future that
 * completes with the outcome at the latest when the timeout fires, whatever the plugin does.
 * Outcomes go to the plugin's {@link HealthGate} (which decides whether the next callback runs),
 * its {@link PluginMeters} and the log (warn for the first few, then debug).
 */
final class PluginHost {
  private static final Logger log = LoggerFactory.getLogger(Plugins.class);

  /** Callbacks waiting for a slow plugin; beyond this they are rejected, not queued forever. */
  static final int QUEUE_CAPACITY = 1_000;

  private final PluginSettings settings;
  private final Plugin plugin;
  private final String version;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService timer;
  private final HealthGate gate;
  private final PluginMeters meters;
  private final AnnotationWindows annotations = new AnnotationWindows();
  private final LogThrottle failureLog = new LogThrottle(log);
  private final LogThrottle lateLog = new LogThrottle(log);

  PluginHost(
      PluginSettings settings,
      Plugin plugin,
      ClassLoader loader,
      ScheduledExecutorService timer,
      MeterRegistry registry,
      LongSupplier nanoTime) {
    this.settings = settings;
    this.plugin = plugin;
    this.version = versionOf(plugin);
    this.timer = timer;
    this.executor =
        new ThreadPoolExecutor(
            1,
            1,
            0L,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(QUEUE_CAPACITY),
            r -> {
              Thread t = new Thread(r, "tfdrift-plugin-" + settings.name());
              t.setDaemon(true);
              // Libraries inside a plugin jar (SDKs, ServiceLoader users) look for their own
              // classes through the context loader: make it the plugin's.
              t.setContextClassLoader(loader);
              return t;
            });
    this.gate =
        new HealthGate(
            settings.name(), version, settings.failureThreshold(), settings.cooldown(), nanoTime);
    this.meters = new PluginMeters(settings.name(), registry, gate::healthy);
  }

  private static String versionOf(Plugin plugin) {
    try {
      String v = plugin.version();
      return v == null || v.isBlank() ? "unknown" : v;
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  String name() {
    return settings.name();
  }

  String version() {
    return version;
  }

  PluginSettings settings() {
    return settings;
  }

  /**
   * Runs {@code init} and waits for it, at most the plugin's timeout.
   *
   * @return what it threw or why it did not finish; empty when it succeeded
   */
  Optional<Throwable> init(PluginContext context) {
    Result r = run("init", p -> p.init(context), settings.timeout(), false).join();
    boolean ok = r.outcome() == Outcome.OK;
    gate.initialised(ok, ok ? "" : describe("init", r));
    if (ok) {
      return Optional.empty();
    }
    return Optional.of(r.error() != null ? r.error() : new TimeoutException(describe("init", r)));
  }

  /**
   * Calls {@code onDriftDetected}; labels the plugin adds to the drift until the returned future
   * completes are collected by {@link #takeAnnotations}.
   */
  CompletableFuture<Result> onDrift(DriftEvent drift) {
    annotations.open(drift.id());
    return call("onDriftDetected", p -> p.onDriftDetected(drift));
  }

  /** Closes the drift's annotation window and returns the labels added in it, in order. */
  Map<String, String> takeAnnotations(String driftId) {
    return annotations.take(driftId);
  }

  void annotate(DriftEvent event, String key, String value) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (key.isBlank()) {
      throw new IllegalArgumentException(
          "plugin " + name() + ": an annotation key must not be blank");
    }
    boolean applied = annotations.add(event.id(), key, value);
    meters.annotation(applied);
    if (applied) {
      return;
    }
    lateLog.log(
        "plugin {} annotated drift {} with '{}' after its onDriftDetected callback had finished"
            + " (or timed out); notifiers already have it, so the label is not delivered."
            + " Annotate before onDriftDetected returns",
        name(),
        event.id(),
        key);
  }

  void emitted() {
    meters.emitted();
  }

  /** Calls {@code onStateRefresh} without waiting for it. */
  void onStateRefresh(io.tfdrift.api.spi.StateView view) {
    call("onStateRefresh", p -> p.onStateRefresh(view));
  }

  /**
   * Calls {@code close} and waits at most {@code budget} (and the plugin's timeout), then stops the
   * plugin's thread.
   *
   * @return whether the plugin closed in time without failing
   */
  boolean close(Duration budget) {
    Duration wait = budget.compareTo(settings.timeout()) < 0 ? budget : settings.timeout();
    Result r = run("close", Plugin::close, wait.isNegative() ? Duration.ZERO : wait, false).join();
    executor.shutdownNow();
    gate.closed();
    if (r.outcome() != Outcome.OK) {
      log.warn("plugin {}: {}", name(), describe("close", r));
    }
    return r.outcome() == Outcome.OK;
  }

  PluginHealth health() {
    return gate.health();
  }

  private CompletableFuture<Result> call(String callback, Consumer<Plugin> body) {
    if (!gate.admit()) {
      meters.call(Outcome.REJECTED);
      log.debug("plugin {}: {} skipped, the plugin is {}", name(), callback, health().status());
      return CompletableFuture.completedFuture(new Result(Outcome.REJECTED, null));
    }
    return run(callback, body, settings.timeout(), true);
  }

  /**
   * Runs a callback on the plugin's thread under {@code timeout}. The returned future completes
   * exactly once: when the callback returns or throws, when the timeout fires (the callback is then
   * interrupted), or at once when the queue is full. A guarded call updates the plugin's health and
   * counters before the future completes, so whoever waits for it sees them.
   */
  private CompletableFuture<Result> run(
      String callback, Consumer<Plugin> body, Duration timeout, boolean guarded) {
    return TimedCall.on(
        executor,
        timer,
        timeout,
        () -> body.accept(plugin),
        r -> {
          if (guarded) {
            record(callback, r);
          }
        });
  }

  private void record(String callback, Result r) {
    meters.call(r.outcome());
    if (r.outcome() != Outcome.OK) {
      failed(callback, r);
    } else if (gate.succeeded()) {
      log.info("plugin {} recovered: its callbacks run again", name());
    }
  }

  private void failed(String callback, Result r) {
    String why = describe(callback, r);
    HealthGate.Failure failure = gate.failed(why);
    Level level = failureLog.next();
    long n = failureLog.count();
    if (n == 1 && r.error() != null && r.outcome() == Outcome.ERROR) {
      log.warn("plugin {}: {}; detection continues", name(), why, r.error());
    } else if (level == Level.WARN) {
      log.warn("plugin {}: {}; detection continues ({} failures so far)", name(), why, n);
    } else {
      log.debug("plugin {}: {}", name(), why, r.error());
    }
    if (failure.becameUnhealthy()) {
      log.warn(
          "plugin {} is unhealthy after {} failures in a row (last: {}); its callbacks are skipped"
              + " for {}, then tried again. Detection and notifications continue without it",
          name(),
          failure.failures(),
          why,
          text(settings.cooldown()));
    }
  }

  private String describe(String callback, Result r) {
    return switch (r.outcome()) {
      case OK -> callback + " succeeded";
      case TIMEOUT ->
          callback
              + " did not return in time ("
              + settings.path()
              + ".timeout: "
              + text(settings.timeout())
              + ") and was interrupted";
      case ERROR -> callback + " threw " + oneLine(r.error());
      case REJECTED ->
          callback
              + " was rejected: "
              + (r.error() == null ? "the plugin is not healthy" : rejection());
    };
  }

  private String rejection() {
    return executor.isShutdown()
        ? "the plugin is closed"
        : QUEUE_CAPACITY + " callbacks are already waiting for it";
  }

  static String text(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }

  private static String oneLine(Throwable e) {
    String s = String.valueOf(e);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
