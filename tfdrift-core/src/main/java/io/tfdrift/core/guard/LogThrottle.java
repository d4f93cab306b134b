package io.tfdrift.core.guard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Logs a repeating problem at warn for its first {@value #FIRST} occurrences and every {@value
 * #EVERY}th after that, at debug otherwise: the first failures are seen, a failure that repeats
 * thousands of times a second does not flood the log, and the counters tell the whole story.
 * Thread-safe; one per kind of problem (per notifier, per plugin, ...), or {@link #keyed} for a
 * count per key.
 *
 * <pre>{@code
 * private final LogThrottle failures = new LogThrottle(log);
 * failures.log("notifier {}: delivery failed: {}", name, why);
 * }</pre>
 */
public final class LogThrottle {
  /** How many occurrences are logged at warn before the throttle drops to debug. */
  public static final int FIRST = 3;

  /** After the first ones, every this-many-th occurrence is logged at warn again. */
  public static final int EVERY = 100;

  private final Logger log;
  private final AtomicLong count = new AtomicLong();

  /**
   * A throttle for one kind of problem.
   *
   * @param log where lines go
   */
  public LogThrottle(Logger log) {
    this.log = log;
  }

  /**
   * Counts one occurrence and returns the level it should be logged at, for callers that log it
   * themselves (e.g. with a stack trace the first time).
   *
   * @return {@link Level#WARN} or {@link Level#DEBUG}
   */
  public Level next() {
    return level(count.incrementAndGet());
  }

  /**
   * The number of occurrences counted so far.
   *
   * @return the count
   */
  public long count() {
    return count.get();
  }

  /**
   * Counts one occurrence and logs it at the level {@link #next()} chooses.
   *
   * @param format the slf4j message format
   * @param args its arguments (a trailing throwable is logged as such)
   * @return the occurrence's number, from 1
   */
  public long log(String format, Object... args) {
    long n = count.incrementAndGet();
    log.atLevel(level(n)).log(format, args);
    return n;
  }

  /**
   * A throttle that counts each key on its own, e.g. per rejection reason.
   *
   * @param log where lines go
   * @param <K> the key type
   * @return the keyed throttle
   */
  public static <K> Keyed<K> keyed(Logger log) {
    return new Keyed<>(log);
  }

  static Level level(long occurrence) {
    return occurrence <= FIRST || occurrence % EVERY == 0 ? Level.WARN : Level.DEBUG;
  }

  /**
   * {@link LogThrottle} with a count per key.
   *
   * @param <K> the key type
   */
  public static final class Keyed<K> {
    private final Logger log;
    private final Map<K, AtomicLong> counts = new ConcurrentHashMap<>();

    private Keyed(Logger log) {
      this.log = log;
    }

    /**
     * Counts one occurrence of {@code key} and returns its level.
     *
     * @param key the key
     * @return {@link Level#WARN} or {@link Level#DEBUG}
     */
    public Level next(K key) {
      return level(counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet());
    }

    /**
     * Counts one occurrence of {@code key} and logs it.
     *
     * @param key the key
     * @param format the slf4j message format
     * @param args its arguments
     * @return the key's occurrence number, from 1
     */
    public long log(K key, String format, Object... args) {
      long n = counts.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
      log.atLevel(level(n)).log(format, args);
      return n;
    }
  }
}
