package io.tfdrift.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of the PostgreSQL server listening on one port, from {@code /proc}: its postmaster (the
 * {@code postgres} process whose command line names {@code -p PORT}), the backends it forked, and
 * what its exited children used ({@code cutime + cstime}). Includes work for anyone else using the
 * same server, so measure on a server of one's own ({@code .ci/postgres} with {@code
 * TFDRIFT_TEST_POSTGRES_PORT} and {@code _DATA}).
 */
final class PostgresCpu {
  private static final Path PROC = Path.of("/proc");
  private static final long TICK_NANOS = 10_000_000L; // USER_HZ = 100 on Linux

  private final long postmaster;

  private PostgresCpu(long postmaster) {
    this.postmaster = postmaster;
  }

  /** The server on {@code port}, or none when it is not on this machine or not visible. */
  static PostgresCpu of(int port) {
    try (Stream<Path> pids = Files.list(PROC)) {
      long pid =
          pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
              .filter(p -> isPostmaster(p, port))
              .mapToLong(p -> Long.parseLong(p.getFileName().toString()))
              .findFirst()
              .orElse(-1);
      return new PostgresCpu(pid);
    } catch (IOException e) {
      return new PostgresCpu(-1);
    }
  }

  boolean found() {
    return postmaster > 0;
  }

  /** Nanoseconds of CPU the server has used so far, -1 if it was not found. */
  long nanos() {
    if (!found()) {
      return -1;
    }
    long ticks = 0;
    try (Stream<Path> pids = Files.list(PROC)) {
      for (Path p : (Iterable<Path>) pids::iterator) {
        long[] stat = stat(p);
        if (stat == null) {
          continue;
        }
        long pid = stat[0];
        if (pid == postmaster) {
          ticks += stat[2] + stat[3] + stat[4] + stat[5];
        } else if (stat[1] == postmaster) {
          ticks += stat[2] + stat[3];
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return ticks * TICK_NANOS;
  }

  private static boolean isPostmaster(Path proc, int port) {
    try {
      String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
      return cmdline.contains("postgres")
          && cmdline.contains(" -D ")
          && cmdline.contains(" -p " + port + " ");
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** pid, ppid, utime, stime, cutime, cstime; null if unreadable. */
  private static long[] stat(Path proc) {
    String name = proc.getFileName().toString();
    if (!name.chars().allMatch(Character::isDigit)) {
      return null;
    }
    try {
      String s = Files.readString(proc.resolve("stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // after "(comm) ": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
      return new long[] {
        Long.parseLong(name),
        Long.parseLong(f[1]),
        Long.parseLong(f[11]),
        Long.parseLong(f[12]),
        Long.parseLong(f[13]),
        Long.parseLong(f[14])
      };
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
