package io.tfdrift.benchmarks.load;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of the process's threads by role, read from {@code /proc/self/task/<tid>/stat} (user
 * plus system time, in clock ticks of 10 ms): where a phase's CPU went, including the JVM's own
 * threads (GC, JIT) that no Java profiler samples. Empty where {@code /proc} does not exist.
 */
final class ThreadCpu {
  private static final Path TASKS = Path.of("/proc/self/task");
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  /** Thread name prefixes (as /proc shows them, at most 15 characters) and their roles. */
  private static final String[][] ROLES = {
    {"tfdrift-falco-h", "receiver (Netty I/O threads: read, parse, decode, enqueue, answer)"},
    {
      "tfdrift-detect-", "detection workers (engine, rules, hand-over to the inventory or dispatch)"
    },
    {"tfdrift-group-c", "group commit (inventory writes, one transaction per batch)"},
    {"tfdrift-outbox", "outbox relay (claims notifications, removes delivered ones)"},
    {"tfdrift-notifie", "notifier workers"},
    {"GC Thread", "GC"},
    {"G1 ", "GC"},
    {"VM Thread", "GC"},
    {"C2 CompilerThre", "JIT"},
    {"C1 CompilerThre", "JIT"},
  };

  /** The role of the load driver's sender threads, which report their own CPU time. */
  static final String SENDERS = "load driver senders (client)";

  private ThreadCpu() {}

  /** CPU nanoseconds per role so far. */
  static Map<String, Long> byRole() {
    Map<String, Long> out = new LinkedHashMap<>();
    if (!Files.isDirectory(TASKS)) {
      return out;
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException gone) {
          continue; // the thread ended
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        String[] fields = stat.substring(close + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        out.merge(role(name), ticks * NANOS_PER_TICK, Long::sum);
      }
    } catch (IOException | RuntimeException e) {
      return new LinkedHashMap<>();
    }
    return out;
  }

  private static String role(String name) {
    for (String[] role : ROLES) {
      if (name.startsWith(role[0])) {
        return role[1];
      }
    }
    return "other JVM and driver threads";
  }

  /** The difference {@code after - before}, as "role 45 us/alert (38%)" lines, largest first. */
  static String describe(Map<String, Long> before, Map<String, Long> after, int alerts) {
    Map<String, Long> spent = new TreeMap<>();
    after.forEach((role, nanos) -> spent.put(role, nanos - before.getOrDefault(role, 0L)));
    long total = spent.values().stream().mapToLong(Long::longValue).sum();
    if (total <= 0) {
      return "  (no per-thread CPU: /proc/self/task is not readable)";
    }
    return spent.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .map(
            e ->
                String.format(
                    Locale.ROOT,
                    "  %5.1f us/alert %4.0f%%  %s",
                    e.getValue() / 1000.0 / alerts,
                    100.0 * e.getValue() / total,
                    e.getKey()))
        .collect(Collectors.joining("\n"));
  }
}
