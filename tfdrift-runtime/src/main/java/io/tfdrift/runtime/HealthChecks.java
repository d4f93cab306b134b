package io.tfdrift.runtime;

import io.tfdrift.core.assembly.ConfiguredState;
import io.tfdrift.core.state.RefreshResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * What {@code /healthz} and {@code /ready} answer. Alive: running, with every detection worker
 * alive. Ready: every state loaded, and the sources connected, or standing by (a standby's states
 * are loaded for a quick takeover, and rollouts wait on it).
 */
final class HealthChecks {
  private final List<ConfiguredState> states;
  private final Map<String, RefreshResult> lastRefresh;
  private final Leadership leadership;
  private final BooleanSupplier running;
  private final DetectionWorkers workers;
  private final BooleanSupplier connected;
  private final int sourceCount;
  private final IntSupplier queueDepth;

  HealthChecks(
      List<ConfiguredState> states,
      Map<String, RefreshResult> lastRefresh,
      Leadership leadership,
      BooleanSupplier running,
      DetectionWorkers workers,
      BooleanSupplier connected,
      int sourceCount,
      IntSupplier queueDepth) {
    this.states = List.copyOf(states);
    this.lastRefresh = lastRefresh;
    this.leadership = leadership;
    this.running = running;
    this.workers = workers;
    this.connected = connected;
    this.sourceCount = sourceCount;
    this.queueDepth = queueDepth;
  }

  AdminServer.Check liveness() {
    int alive = workers.alive();
    boolean ok = running.getAsBoolean() && alive == workers.count();
    return new AdminServer.Check(
        ok, "{\"status\":\"" + (ok ? "ok" : "down") + "\",\"workers\":" + alive + "}");
  }

  AdminServer.Check readiness() {
    StringBuilder body = new StringBuilder();
    boolean statesReady = true;
    for (ConfiguredState s : states) {
      RefreshResult r = lastRefresh.get(s.settings().name());
      boolean serving = r != null && r.serving();
      statesReady &= serving;
      if (body.length() > 0) {
        body.append(',');
      }
      body.append('"')
          .append(json(s.settings().name()))
          .append("\":{\"ready\":")
          .append(serving)
          .append(",\"outcome\":\"")
          .append(r == null ? "pending" : r.outcome().name().toLowerCase(Locale.ROOT))
          .append("\",\"resources\":")
          .append(r == null ? 0 : r.resources())
          .append(",\"message\":\"")
          .append(json(r == null ? "not loaded yet" : r.message()))
          .append("\"}");
    }
    boolean leading = leadership.leading();
    boolean sourcesConnected = connected.getAsBoolean();
    boolean ready = running.getAsBoolean() && statesReady && (sourcesConnected || !leading);
    String answer =
        "{\"ready\":"
            + ready
            + ",\"role\":\""
            + (leading ? "leader" : "standby")
            + "\""
            + leadership.leader().map(l -> ",\"leader\":\"" + json(l) + "\"").orElse("")
            + ",\"checks\":{\"states\":{"
            + body
            + "},\"sources\":{\"connected\":"
            + sourcesConnected
            + ",\"count\":"
            + sourceCount
            + "},\"queue\":{\"depth\":"
            + queueDepth.getAsInt()
            + "}}}";
    return new AdminServer.Check(ready, answer);
  }

  private static String json(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
  }
}
