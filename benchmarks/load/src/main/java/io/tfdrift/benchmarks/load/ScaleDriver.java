package io.tfdrift.benchmarks.load;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Runs 1, 2, 3… {@code tfdrift run} replicas as processes against one PostgreSQL and one broker
 * (SQS on ElasticMQ, or a KRaft Kafka broker, both in this process), publishes real-shaped
 * CloudTrail records ({@link ScaleRecords}), and waits until every expected drift is notified at a
 * counting webhook peer, the queue is empty and the outbox is empty. Reports events/s, CPU per
 * event for each replica (from {@code /proc}), PostgreSQL's and this process's, publication →
 * notification latency, and lost and duplicated notifications — which must be 0 and 0, also when a
 * replica is killed with SIGKILL mid-way or one joins (a Kafka rebalance). Exits 1 otherwise.
 */
public final class ScaleDriver {
  private static final PrintStream OUT = System.out;
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final ScaleOptions options;
  private final Path dir;

  ScaleDriver(ScaleOptions options, Path dir) {
    this.options = options;
    this.dir = dir;
  }

  /**
   * Runs the driver.
   *
   * @param args see {@code --help}
   * @throws Exception if a peer cannot be started
   */
  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      OUT.println(ScaleOptions.USAGE);
      return;
    }
    ScaleOptions options;
    try {
      options = ScaleOptions.parse(args, System.getenv("TFDRIFT_TEST_POSTGRES_URL"));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(ScaleOptions.USAGE);
      System.exit(2);
      return;
    }
    quietPeers();
    Path dir = Files.createTempDirectory("tfdrift-scale-");
    OUT.println("runs in " + dir + " (replica logs there); " + machine());
    List<ScaleResult> results = new ScaleDriver(options, dir).runAll();
    OUT.println();
    OUT.println(ScaleResult.HEADER);
    OUT.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    results.forEach(r -> OUT.println(r.row()));
    boolean exact = results.stream().allMatch(ScaleResult::exact);
    OUT.println(
        exact
            ? "every drift notified, none twice except what a killed replica had delivered and not"
                + " yet removed from the outbox ('again after kill')"
            : "FAILED: lost or duplicated");
    OUT.flush();
    System.exit(exact ? 0 : 1);
  }

  /** The broker and ElasticMQ log at INFO through the runtime's logback; keep warnings only. */
  static void quietPeers() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }

  static String machine() {
    String load = "?";
    try {
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      // not Linux
    }
    return Runtime.getRuntime().availableProcessors()
        + " CPUs, load average "
        + load
        + ", Java "
        + Runtime.version();
  }

  /** Every run of the options, each bus started once. */
  List<ScaleResult> runAll() throws Exception {
    ScaleRecords records =
        new ScaleRecords(options.events(), options.driftPercent(), options.accounts());
    Path state = dir.resolve("fleet.tfstate");
    Files.write(state, records.state());
    List<ScaleResult> results = new ArrayList<>();
    AuditBus sqs = null;
    AuditBus kafka = null;
    try {
      for (ScaleOptions.Run run : options.runs()) {
        AuditBus bus;
        if (run.bus().equals("sqs")) {
          bus = sqs == null ? (sqs = new SqsBus(options.visibilityTimeout())) : sqs;
        } else {
          bus = kafka == null ? (kafka = new KafkaBus(dir, options.partitions())) : kafka;
        }
        OUT.println("run " + run + " (" + machine() + ")");
        ScaleResult r = run(run, bus, records, state);
        OUT.println(ScaleResult.HEADER);
        OUT.println(r.row());
        results.add(r);
      }
    } finally {
      if (sqs != null) {
        sqs.close();
      }
      if (kafka != null) {
        kafka.close();
      }
    }
    return results;
  }

  private ScaleResult run(ScaleOptions.Run run, AuditBus bus, ScaleRecords records, Path state)
      throws Exception {
    String name = "r" + RUNS.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8);
    String schema = "scale_" + name.replace('-', '_');
    String store = createSchema(schema);
    String source = bus.open(name);
    List<Replica> replicas = new ArrayList<>();
    List<String> fates = new ArrayList<>();
    try (NotificationCounter counter = new NotificationCounter(records.events())) {
      for (int r = 1; r <= run.replicas(); r++) {
        replicas.add(start(name + "-" + r, state, source, counter, store));
        fates.add("ran");
      }
      awaitReady(replicas);
      replicas.forEach(Replica::markBaseline);
      PostgresCpu postgres = PostgresCpu.of(URI.create(options.postgres().substring(5)).getPort());
      long pg0 = postgres.nanos();
      long driver0 = ProcessSampler.processCpuNanos();
      long start = System.nanoTime();
      AtomicInteger published = new AtomicInteger();
      AtomicReference<Exception> publishFailed = new AtomicReference<>();
      boolean joins =
          run.action() == ScaleOptions.Action.JOIN || run.action() == ScaleOptions.Action.KILL_JOIN;
      // The last quarter waits for the joiner, so that it joins while records still arrive.
      CountDownLatch joinerReady = new CountDownLatch(joins ? 1 : 0);
      Thread publisher =
          new Thread(
              () -> publish(bus, records, counter, start, published, joinerReady, publishFailed),
              "scale-publisher");
      publisher.setDaemon(true);
      publisher.start();
      int drifts = records.drifts();
      boolean killed =
          run.action() == ScaleOptions.Action.NONE || run.action() == ScaleOptions.Action.JOIN;
      boolean joined =
          run.action() == ScaleOptions.Action.NONE || run.action() == ScaleOptions.Action.KILL;
      Replica joiner = null;
      long joinedBacklog = -1;
      long joinedPublished = -1;
      long deadline = start + TimeUnit.SECONDS.toNanos(options.timeoutSeconds());
      long end;
      while (true) {
        if (publishFailed.get() != null) {
          throw publishFailed.get();
        }
        int notified = counter.notified();
        if (!killed && notified >= drifts / 3) {
          Replica victim = replicas.get(run.replicas() - 1);
          counter.killed(victim.name);
          victim.kill();
          fates.set(run.replicas() - 1, "killed");
          killed = true;
        }
        if (!joined && killed && notified >= drifts / 4) {
          joiner = start(name + "-" + (replicas.size() + 1), state, source, counter, store);
          replicas.add(joiner);
          fates.add("joined");
          joined = true;
        }
        if (joiner != null && joinedBacklog < 0 && joiner.ready()) {
          joiner.markBaseline();
          joinedPublished = published.get();
          joinedBacklog = records.events() - joinedPublished + bus.backlog();
          joinerReady.countDown();
        }
        for (Replica r : replicas) {
          if (!r.killed()) {
            r.sampleCpu();
          }
        }
        if (!publisher.isAlive()
            && notified >= drifts
            && bus.backlog() == 0
            && outbox(store) == 0
            && (joiner == null || joinedBacklog >= 0)) {
          end = System.nanoTime();
          break;
        }
        if (System.nanoTime() > deadline) {
          end = System.nanoTime();
          OUT.println("  timed out: " + notified + " of " + drifts + " drifts notified");
          break;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
      List<ScaleResult.Share> shares = new ArrayList<>();
      for (int i = 0; i < replicas.size(); i++) {
        Replica r = replicas.get(i);
        r.sampleCpu();
        long events = r.killed() ? -1 : r.auditEvents();
        shares.add(new ScaleResult.Share(r.name, r.cpuSinceBaseline(), events, fates.get(i)));
      }
      long pg = postgres.found() ? postgres.nanos() - pg0 : -1;
      return new ScaleResult(
          run,
          records.events(),
          drifts,
          (end - start) / 1e9,
          List.copyOf(shares),
          pg,
          ProcessSampler.processCpuNanos() - driver0,
          ScaleResult.sorted(counter.latencies()),
          counter.lost(records),
          counter.duplicates(),
          counter.afterKill(),
          counter.unexpected(),
          joinedBacklog,
          joinedPublished);
    } finally {
      for (Replica r : replicas) {
        r.stop();
      }
      dropSchema(schema);
    }
  }

  private void publish(
      AuditBus bus,
      ScaleRecords records,
      NotificationCounter counter,
      long start,
      AtomicInteger published,
      CountDownLatch joinerReady,
      AtomicReference<Exception> failed) {
    try {
      double interval = options.rate() > 0 ? 1e9 / options.rate() : 0;
      long paused = 0;
      for (int i = 0; i < records.events(); i++) {
        if (i == records.events() * 3 / 4 && joinerReady.getCount() > 0) {
          long before = System.nanoTime();
          joinerReady.await();
          paused += System.nanoTime() - before;
        }
        long sent = System.nanoTime();
        if (interval > 0) {
          long due = start + paused + (long) (i * interval);
          while ((sent = System.nanoTime()) < due) {
            LockSupport.parkNanos(due - sent);
          }
          sent = due; // latency counts from when it was due, so a stalled sender hides nothing
        }
        counter.sent(i, sent);
        bus.publish(i, records.account(i), records);
        published.incrementAndGet();
        if (interval > 0) {
          bus.flush();
        }
      }
      bus.flush();
    } catch (Exception e) {
      failed.set(e);
    }
  }

  private Replica start(
      String replica, Path state, String source, NotificationCounter counter, String store)
      throws Exception {
    int port = Replica.freePort();
    Path config = dir.resolve(replica + ".yaml");
    Files.writeString(
        config,
        """
        providers:
          aws:
            state:
              name: fleet
              local_path: %s
        sources:
        %s
        server:
          listen: 127.0.0.1:%d
        notifications:
          webhook:
            url: %s
        store:
          type: postgres
          url: "%s"
          replica: %s
          lease: %s
        """
            .formatted(
                state,
                source.stripTrailing(),
                port,
                counter.url(replica),
                store,
                replica,
                options.lease()));
    return Replica.start(replica, config, port, options.heap(), dir);
  }

  private void awaitReady(List<Replica> replicas) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (Replica r : replicas) {
      while (!r.ready()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "replica " + r.name + " was not ready after 120 s:\n" + r.tail(dir));
        }
        Thread.sleep(100);
      }
    }
  }

  private String createSchema(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(options.postgres());
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    }
    String url = options.postgres();
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private void dropSchema(String schema) throws SQLException {
    try (Connection c = DriverManager.getConnection(options.postgres());
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  /** Notifications waiting in the shared outbox (none once every claim is delivered). */
  private static long outbox(String store) throws SQLException {
    try (Connection c = DriverManager.getConnection(store);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String format(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
