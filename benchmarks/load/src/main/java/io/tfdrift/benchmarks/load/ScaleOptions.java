package io.tfdrift.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scale driver's settings.
 *
 * @param runs what to run, in order
 * @param events records published per run
 * @param driftPercent the share of records that drift (each a different instance)
 * @param accounts accounts the records and the state's instances are spread over
 * @param partitions partitions of each Kafka topic
 * @param rate records per second published (0: as fast as the broker takes them)
 * @param heap each replica's {@code -Xmx}
 * @param postgres the PostgreSQL server (a schema per run is created in it and dropped after)
 * @param lease the replicas' {@code store.lease}
 * @param visibilityTimeout the SQS source's {@code visibility_timeout}
 * @param timeoutSeconds how long a run may take before its missing drifts count as lost
 */
record ScaleOptions(
    List<Run> runs,
    int events,
    int driftPercent,
    int accounts,
    int partitions,
    int rate,
    String heap,
    String postgres,
    String lease,
    String visibilityTimeout,
    int timeoutSeconds) {

  /** What a run does mid-way. */
  enum Action {
    NONE,
    /** SIGKILL the last replica once a third of the drifts are notified. */
    KILL,
    /** Start one more replica once a quarter of the drifts are notified (a rebalance). */
    JOIN,
    /** Both: the kill at a third, the joiner started right after it. */
    KILL_JOIN
  }

  /**
   * One run: a broker, the replicas started first, and an action mid-way.
   *
   * @param bus {@code sqs} or {@code kafka}
   * @param replicas replicas started before publishing
   * @param action what happens mid-way
   */
  record Run(String bus, int replicas, Action action) {
    /** {@code bus:replicas[:kill|join|kill+join]}. */
    static Run parse(String spec) {
      String[] p = spec.split(":");
      if (p.length < 2 || p.length > 3 || !(p[0].equals("sqs") || p[0].equals("kafka"))) {
        throw new IllegalArgumentException(
            "--runs: '" + spec + "' is not bus:replicas[:kill|join|kill+join] (bus sqs or kafka)");
      }
      int replicas;
      try {
        replicas = Integer.parseInt(p[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--runs: '" + spec + "': replicas must be a number");
      }
      Action action =
          p.length == 2
              ? Action.NONE
              : switch (p[2]) {
                case "kill" -> Action.KILL;
                case "join" -> Action.JOIN;
                case "kill+join" -> Action.KILL_JOIN;
                default ->
                    throw new IllegalArgumentException(
                        "--runs: '" + spec + "': the action is kill, join or kill+join");
              };
      if (replicas < 1 || (action != Action.NONE && action != Action.JOIN && replicas < 2)) {
        throw new IllegalArgumentException(
            "--runs: '" + spec + "': at least 1 replica, and 2 when one is killed");
      }
      return new Run(p[0], replicas, action);
    }

    @Override
    public String toString() {
      return bus
          + ":"
          + replicas
          + (action == Action.NONE
              ? ""
              : ":" + action.name().toLowerCase(Locale.ROOT).replace('_', '+'));
    }
  }

  static final String DEFAULT_RUNS =
      "sqs:1,sqs:2,sqs:3,sqs:3:kill,kafka:1,kafka:2,kafka:3,kafka:3:kill,kafka:2:join";

  static final String USAGE =
      """
      usage: java -cp benchmarks/load/target/load-driver.jar io.tfdrift.benchmarks.load.ScaleDriver [options]
        --runs LIST          runs, each bus:replicas[:kill|join|kill+join], bus sqs or kafka
                             (default %s)
        --events N           records published per run (default 20000)
        --drift-percent P    share of records that drift, each a different instance (default 20)
        --accounts A         accounts the records are spread over; the Kafka key (default 24)
        --partitions K       partitions of each Kafka topic (default 6)
        --rate R             records/s published, 0 = as fast as the broker takes them (default 0)
        --heap H             each replica's -Xmx (default 256m)
        --postgres URL       PostgreSQL JDBC URL (default $TFDRIFT_TEST_POSTGRES_URL)
        --lease D            the replicas' store.lease (default 10s; 3s gave duplicates, see README)
        --visibility D       the SQS source's visibility_timeout (default 5s)
        --timeout S          seconds a run may take (default 600)
        --smoke              kafka:2:kill+join and sqs:2:kill with 1,500 records each"""
          .formatted(DEFAULT_RUNS);

  static ScaleOptions parse(String[] args, String postgresFromEnv) {
    List<Run> runs = runs(DEFAULT_RUNS);
    int events = 20_000;
    int drift = 20;
    int accounts = 24;
    int partitions = 6;
    int rate = 0;
    String heap = "256m";
    String postgres = postgresFromEnv;
    String lease = "10s";
    String visibility = "5s";
    int timeout = 600;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--smoke")) {
        runs = runs("kafka:2:kill+join,sqs:2:kill");
        events = 1_500;
        rate = 150;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--runs" -> runs = runs(v);
        case "--events" -> events = positive(a, v);
        case "--drift-percent" -> drift = positive(a, v);
        case "--accounts" -> accounts = positive(a, v);
        case "--partitions" -> partitions = positive(a, v);
        case "--rate" -> rate = Integer.parseInt(v);
        case "--heap" -> heap = v;
        case "--postgres" -> postgres = v;
        case "--lease" -> lease = v;
        case "--visibility" -> visibility = v;
        case "--timeout" -> timeout = positive(a, v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (postgres == null || !postgres.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "a PostgreSQL server is needed: --postgres jdbc:postgresql://… or"
              + " TFDRIFT_TEST_POSTGRES_URL (export TFDRIFT_TEST_POSTGRES_URL=\"$(.ci/postgres)\")");
    }
    return new ScaleOptions(
        runs,
        events,
        drift,
        accounts,
        partitions,
        rate,
        heap,
        postgres,
        lease,
        visibility,
        timeout);
  }

  private static List<Run> runs(String list) {
    List<Run> out = new ArrayList<>();
    for (String spec : list.split(",")) {
      out.add(Run.parse(spec.trim()));
    }
    return List.copyOf(out);
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(option + " must be a positive number, was '" + value + "'");
  }
}
