package io.tfdrift.runtime;

import io.tfdrift.core.assembly.ConfiguredState;
import io.tfdrift.core.json.JsonTrees;
import io.tfdrift.core.state.RefreshResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What {@code /healthz} and {@code /ready} answer. Alive: running, with every detection worker
 * alive. Ready: every state loaded, the drift store writable (when an inventory is kept), and the
 * sources connected, or standing by (a standby's states are loaded for a quick takeover, and
 * rollouts wait on it).
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
  private final Optional<Store> store;

  /**
   * The drift store's check: where it is and why it cannot be written now ({@code ""} if it can).
   */
  record Store(String location, Supplier<String> problem) {}

  HealthChecks(
      List<ConfiguredState> states,
      Map<String, RefreshResult> lastRefresh,
      Leadership leadership,
      BooleanSupplier running,
      DetectionWorkers workers,
      BooleanSupplier connected,
      int sourceCount,
      IntSupplier queueDepth,
      Optional<Store> store) {
    this.states = List.copyOf(states);
    this.lastRefresh = lastRefresh;
    this.leadership = leadership;
    this.running = running;
    this.workers = workers;
    this.connected = connected;
    this.sourceCount = sourceCount;
    this.queueDepth = queueDepth;
    this.store = store;
  }

  AdminServer.Check liveness() {
    int alive = workers.alive();
    boolean ok = running.getAsBoolean() && alive == workers.count();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ok ? "ok" : "down");
    body.put("workers", (long) alive);
    return new AdminServer.Check(ok, JsonTrees.toJson(body));
  }

  AdminServer.Check readiness() {
    Map<String, Object> byState = new LinkedHashMap<>();
    boolean statesReady = true;
    for (ConfiguredState s : states) {
      RefreshResult r = lastRefresh.get(s.settings().name());
      boolean serving = r != null && r.serving();
      statesReady &= serving;
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("ready", serving);
      state.put("outcome", r == null ? "pending" : r.outcome().name().toLowerCase(Locale.ROOT));
      state.put("resources", r == null ? 0L : (long) r.resources());
      state.put("message", r == null ? "not loaded yet" : r.message());
      byState.put(s.settings().name(), state);
    }
    boolean leading = leadership.leading();
    boolean sourcesConnected = connected.getAsBoolean();
    Optional<Map<String, Object>> storeCheck = store.map(HealthChecks::storeCheck);
    boolean storeOk = storeCheck.map(c -> (Boolean) c.get("ok")).orElse(true);
    boolean ready =
        running.getAsBoolean() && statesReady && storeOk && (sourcesConnected || !leading);
    return new AdminServer.Check(
        ready,
        readinessBody(
            ready,
            leading,
            leadership.leader(),
            byState,
            sourcesConnected,
            sourceCount,
            queueDepth.getAsInt(),
            storeCheck));
  }

  private static Map<String, Object> storeCheck(Store s) {
    String problem = s.problem().get();
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("ok", problem.isEmpty());
    check.put("location", s.location());
    if (!problem.isEmpty()) {
      check.put(
          "message",
          problem + "; drift is kept and retried, sources are pushed back until the store is back");
    }
    return check;
  }

  /**
   * The {@code /ready} body, written by the one JSON writer, so that a state name, a refresh
   * message or a leader identity with quotes or control characters still makes valid JSON.
   */
  static String readinessBody(
      boolean ready,
      boolean leading,
      Optional<String> leader,
      Map<String, Object> states,
      boolean connected,
      long sourceCount,
      long queueDepth,
      Optional<Map<String, Object>> store) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("ready", ready);
    body.put("role", leading ? "leader" : "standby");
    leader.ifPresent(l -> body.put("leader", l));
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("states", states);
    checks.put("sources", Map.of("connected", connected, "count", sourceCount));
    checks.put("queue", Map.of("depth", queueDepth));
    store.ifPresent(s -> checks.put("store", s));
    body.put("checks", checks);
    return JsonTrees.toJson(body);
  }
}
