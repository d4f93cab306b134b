package io.tfdrift.benchmarks.load;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The driver's settings.
 *
 * @param resources resources in the generated state
 * @param warmup alerts sent at full speed first, not measured (the JIT compiles the path)
 * @param maxAlerts alerts of the max-throughput phase (0 skips it)
 * @param maxConnections keep-alive connections of the max-throughput phase
 * @param rate alerts per second of the fixed-rate phase
 * @param rateSeconds how long the fixed-rate phase lasts (0 skips it)
 * @param rateConnections keep-alive connections of the fixed-rate phase
 * @param workers the daemon's {@code performance.event_worker_count}
 * @param smoke whether this is the small verify run
 * @param store the drift inventory: {@code none} (every drift alert notified), {@code sqlite} (a
 *     file in the run's directory, the daemon's default) or a PostgreSQL JDBC URL
 */
record LoadOptions(
    int resources,
    int warmup,
    int maxAlerts,
    int maxConnections,
    int rate,
    int rateSeconds,
    int rateConnections,
    int workers,
    boolean smoke,
    String store) {

  static final String USAGE =
      """
      usage: java -jar benchmarks/load/target/load-driver.jar [options]
        --resources N        resources in the generated state (default 50000)
        --warmup N           unmeasured alerts first, at full speed (default 50000)
        --alerts N           alerts of the max-throughput phase, 0 to skip (default 200000)
        --connections M      keep-alive connections of the max-throughput phase (default 8)
        --rate R             alerts/s of the fixed-rate phase (default 5000)
        --seconds S          length of the fixed-rate phase, 0 to skip (default 30)
        --rate-connections M keep-alive connections of the fixed-rate phase (default 8)
        --workers W          the daemon's performance.event_worker_count (default 10, as shipped)
        --store S            the drift inventory: none, sqlite (the daemon's default) or a
                             jdbc:postgresql:// URL (default none). With a store every drift
                             alert opens a new drift, so --resources must be at least 10/9 of all
                             alerts sent (warm-up included)
        --smoke              a few seconds on a small state (what `verify` runs, with sqlite)""";

  static LoadOptions defaults() {
    return new LoadOptions(50_000, 50_000, 200_000, 8, 5_000, 30, 8, 10, false, "none");
  }

  static LoadOptions smokeRun() {
    return new LoadOptions(7_000, 1_000, 3_000, 2, 1_000, 2, 2, 2, true, "sqlite");
  }

  static LoadOptions parse(String[] args) {
    boolean smoke = List.of(args).contains("--smoke");
    LoadOptions base = smoke ? smokeRun() : defaults();
    Map<String, Integer> values = new LinkedHashMap<>();
    values.put("--resources", base.resources);
    values.put("--warmup", base.warmup);
    values.put("--alerts", base.maxAlerts);
    values.put("--connections", base.maxConnections);
    values.put("--rate", base.rate);
    values.put("--seconds", base.rateSeconds);
    values.put("--rate-connections", base.rateConnections);
    values.put("--workers", base.workers);
    String store = base.store;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals("--smoke")) {
        continue;
      }
      if (name.equals("--store") && i + 1 < args.length) {
        store = args[++i];
        if (!store.equals("none")
            && !store.equals("sqlite")
            && !store.startsWith("jdbc:postgresql://")) {
          throw new IllegalArgumentException(
              "--store takes none, sqlite or a jdbc:postgresql:// URL, not '" + store + "'");
        }
        continue;
      }
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("unknown option " + name);
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      values.put(name, number(name, args[++i]));
    }
    LoadOptions o =
        new LoadOptions(
            values.get("--resources"),
            values.get("--warmup"),
            values.get("--alerts"),
            values.get("--connections"),
            values.get("--rate"),
            values.get("--seconds"),
            values.get("--rate-connections"),
            values.get("--workers"),
            smoke,
            store);
    if (o.resources < 20 || o.maxConnections < 1 || o.rateConnections < 1 || o.workers < 1) {
      throw new IllegalArgumentException(
          "--resources must be at least 20, --connections, --rate-connections and --workers at"
              + " least 1");
    }
    if (o.rateSeconds > 0 && o.rate < 1) {
      throw new IllegalArgumentException("--rate must be at least 1 alert/s");
    }
    long total = (long) o.warmup + o.maxAlerts + (long) o.rate * o.rateSeconds;
    if (!o.store.equals("none") && o.resources * 9L / 10 < total) {
      throw new IllegalArgumentException(
          "with --store every drift alert must open a new drift, and "
              + total
              + " alerts need --resources "
              + (total * 10 / 9 + 1)
              + " or more");
    }
    return o;
  }

  private static int number(String name, String value) {
    try {
      int v = Integer.parseInt(value.replace("_", "").replace(",", ""));
      if (v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " takes a non-negative whole number, not '" + value + "'");
    }
  }

  String describe() {
    return String.format(
        Locale.ROOT,
        "%,d resources, warm-up %,d alerts, max phase %,d alerts on %d connections, fixed rate"
            + " %,d/s for %d s on %d connections, %d detection workers, store %s",
        resources,
        warmup,
        maxAlerts,
        maxConnections,
        rate,
        rateSeconds,
        rateConnections,
        workers,
        store.startsWith("jdbc:") ? "postgres" : store);
  }
}
