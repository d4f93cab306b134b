package io.tfdrift.core.plugin;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Whether one plugin's callbacks may run: healthy after {@code init} succeeded; unhealthy after
 * {@code failure_threshold} failures in a row, when callbacks are refused until {@code cooldown}
 * has passed and then one trial call is let through; failed when {@code init} did not succeed;
 * closed at shutdown. Thread-safe. Time comes from a nanosecond ticker ({@link System#nanoTime} in
 * the daemon), so a test moves it instead of sleeping through a cooldown.
 */
final class HealthGate {

  /**
   * What a failure did to the gate.
   *
   * @param failures failures in a row, this one included
   * @param becameUnhealthy whether this failure made a healthy plugin unhealthy
   */
  record Failure(int failures, boolean becameUnhealthy) {}

  private final String name;
  private final String version;
  private final int failureThreshold;
  private final long cooldownNanos;
  private final LongSupplier nanoTime;

  private PluginHealth.Status status = PluginHealth.Status.FAILED;
  private int consecutiveFailures;
  private String lastError = "not initialised yet";
  private boolean probing;
  private long retryAtNanos;

  HealthGate(
      String name, String version, int failureThreshold, Duration cooldown, LongSupplier nanoTime) {
    this.name = name;
    this.version = version;
    this.failureThreshold = failureThreshold;
    this.cooldownNanos = cooldown.toNanos();
    this.nanoTime = nanoTime;
  }

  /** Records the outcome of {@code init}: healthy, or failed until restart with {@code error}. */
  synchronized void initialised(boolean ok, String error) {
    status = ok ? PluginHealth.Status.HEALTHY : PluginHealth.Status.FAILED;
    lastError = ok ? "" : error;
  }

  /**
   * Whether a callback may run now. An unhealthy plugin past its cooldown admits exactly one trial
   * call until that call succeeds or fails.
   */
  synchronized boolean admit() {
    return switch (status) {
      case HEALTHY -> true;
      case UNHEALTHY -> {
        if (probing || nanoTime.getAsLong() - retryAtNanos < 0) {
          yield false;
        }
        probing = true;
        yield true;
      }
      case FAILED, CLOSED -> false;
    };
  }

  /**
   * Records a successful callback.
   *
   * @return whether it made an unhealthy plugin healthy again
   */
  synchronized boolean succeeded() {
    consecutiveFailures = 0;
    probing = false;
    if (status != PluginHealth.Status.UNHEALTHY) {
      return false;
    }
    status = PluginHealth.Status.HEALTHY;
    lastError = "";
    return true;
  }

  /**
   * Records a failed or timed-out callback; a failed trial call starts another cooldown.
   *
   * @param why the failure, one line
   */
  synchronized Failure failed(String why) {
    int failures = ++consecutiveFailures;
    lastError = why;
    boolean becameUnhealthy = status == PluginHealth.Status.HEALTHY && failures >= failureThreshold;
    if (becameUnhealthy || (status == PluginHealth.Status.UNHEALTHY && probing)) {
      status = PluginHealth.Status.UNHEALTHY;
      probing = false;
      retryAtNanos = nanoTime.getAsLong() + cooldownNanos;
    }
    return new Failure(failures, becameUnhealthy);
  }

  /** Refuses every callback from now on. */
  synchronized void closed() {
    status = PluginHealth.Status.CLOSED;
  }

  /** Whether callbacks run without a cooldown or trial. */
  synchronized boolean healthy() {
    return status == PluginHealth.Status.HEALTHY;
  }

  /** The plugin's health as {@code tfdrift plugins} reports it. */
  synchronized PluginHealth health() {
    return new PluginHealth(name, version, status, consecutiveFailures, lastError);
  }
}
