package io.tfdrift.core.state;

import io.tfdrift.api.StateException;
import io.tfdrift.api.spi.StateBackend;
import io.tfdrift.api.spi.StateDocument;
import io.tfdrift.api.spi.StateFetch;
import io.tfdrift.core.state.RefreshResult.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the current {@link StateIndex} of every configured state and refreshes it.
 *
 * <p>A refresh fetches one configured state with the version its last successful fetch returned,
 * parses every document, rebuilds the index from the last good load of every state and swaps it in.
 * A failed fetch or parse keeps serving that state's last good load and says so in the returned
 * {@link RefreshResult}. Readers call {@link #index()} and never block; refreshes of different
 * states may run concurrently.
 *
 * <p>One backend with several documents (workspaces) yields one state per document, named {@code
 * <state>/<workspace>}; a single document is named {@code <state>}.
 *
 * <pre>{@code
 * StateStore store = new StateStore();
 * RefreshResult result = store.refresh("prod-network", backend);
 * ManagedResource sg = store.index().lookup("aws_security_group", "sg-0a1b2c3d");
 * }</pre>
 */
public final class StateStore {

  private static final Logger log = LoggerFactory.getLogger(StateStore.class);

  private final Clock clock;
  private final AtomicReference<StateIndex> index = new AtomicReference<>(StateIndex.empty());
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  // Serialises rebuild-and-swap so two refreshes cannot publish indexes out of order.
  private final ReentrantLock rebuild = new ReentrantLock();

  /** A store using the system clock. */
  public StateStore() {
    this(Clock.systemUTC());
  }

  /**
   * A store using the given clock for result timestamps.
   *
   * @param clock the clock
   */
  public StateStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The current index. Never blocks.
   *
   * @return the index; {@link StateIndex#empty()} before the first successful load
   */
  public StateIndex index() {
    return index.get();
  }

  /**
   * The last refresh result of every configured state, by name.
   *
   * @return the results, sorted by state name
   */
  public Map<String, RefreshResult> results() {
    Map<String, RefreshResult> results = new TreeMap<>();
    entries.forEach(
        (name, entry) -> {
          RefreshResult last = entry.lastResult;
          if (last != null) {
            results.put(name, last);
          }
        });
    return Collections.unmodifiableMap(results);
  }

  /**
   * Fetches one configured state if it changed, and swaps in a new index if it did. Never throws
   * for a backend or parse failure: the failure is logged (warn, then debug while it repeats) and
   * returned, and the state's last good load stays in the index.
   *
   * @param stateName the configured state's name, e.g. {@code prod-network}
   * @param backend its backend
   * @return what happened
   */
  public RefreshResult refresh(String stateName, StateBackend backend) {
    Objects.requireNonNull(stateName, "stateName");
    Objects.requireNonNull(backend, "backend");
    Entry entry = entries.computeIfAbsent(stateName, name -> new Entry());
    entry.lock.lock();
    try {
      RefreshResult result = refresh(stateName, backend, entry);
      entry.lastResult = result;
      return result;
    } finally {
      entry.lock.unlock();
    }
  }

  /**
   * Stops serving a configured state and rebuilds the index without it.
   *
   * @param stateName the configured state's name
   */
  public void remove(String stateName) {
    if (entries.remove(stateName) != null) {
      rebuildIndex();
    }
  }

  private RefreshResult refresh(String stateName, StateBackend backend, Entry entry) {
    Instant attemptedAt = clock.instant();
    List<ParsedState> parsed;
    StateFetch fetch;
    try {
      fetch = backend.fetch(entry.version);
      if (!(fetch instanceof StateFetch.Changed changed)) {
        entry.lastSuccess = attemptedAt;
        entry.failures = 0;
        return result(stateName, entry, Outcome.UNCHANGED, "unchanged", attemptedAt);
      }
      parsed = parseAll(stateName, changed.documents());
    } catch (StateException e) {
      return failed(stateName, entry, e.getMessage(), e, attemptedAt);
    } catch (RuntimeException e) {
      // A third-party backend must never stop the refresh loop.
      String message = backend.location() + ": the state backend failed: " + e;
      return failed(stateName, entry, message, e, attemptedAt);
    }
    entry.states = parsed;
    entry.version = fetch.version();
    entry.lastSuccess = attemptedAt;
    entry.failures = 0;
    rebuildIndex();
    int count = count(parsed);
    log.info(
        "Loaded state {} from {}: {} managed instances in {} document(s), version {}",
        stateName,
        backend.location(),
        count,
        parsed.size(),
        fetch.version());
    return result(
        stateName,
        entry,
        Outcome.LOADED,
        "loaded " + count + " managed instances from " + parsed.size() + " document(s)",
        attemptedAt);
  }

  private static List<ParsedState> parseAll(String stateName, List<StateDocument> documents)
      throws StateException {
    List<ParsedState> parsed = new ArrayList<>(documents.size());
    for (StateDocument document : documents) {
      String name = documents.size() == 1 ? stateName : stateName + "/" + document.workspace();
      parsed.add(TerraformStateParser.parse(name, document));
    }
    return List.copyOf(parsed);
  }

  private RefreshResult failed(
      String stateName, Entry entry, String message, Exception e, Instant attemptedAt) {
    entry.failures++;
    if (entry.failures == 1 || !message.equals(entry.lastFailure)) {
      String serving =
          entry.lastSuccess == null
              ? "nothing loaded yet"
              : "still serving its last good load (" + count(entry.states) + " instances)";
      log.warn("Refreshing state {} failed; {}: {}", stateName, serving, message);
      log.debug("Refresh failure of state {}", stateName, e);
    } else {
      log.debug(
          "Refreshing state {} failed again ({} times in a row): {}",
          stateName,
          entry.failures,
          message);
    }
    entry.lastFailure = message;
    return result(stateName, entry, Outcome.FAILED, message, attemptedAt);
  }

  private static RefreshResult result(
      String stateName, Entry entry, Outcome outcome, String message, Instant attemptedAt) {
    return new RefreshResult(
        stateName,
        outcome,
        count(entry.states),
        message,
        attemptedAt,
        Optional.ofNullable(entry.lastSuccess));
  }

  private void rebuildIndex() {
    rebuild.lock();
    try {
      // Sorted by configured name, so ties between equal identifier claims resolve the same way
      // whatever order the refreshes ran in.
      List<ParsedState> all = new ArrayList<>();
      new TreeMap<>(entries).values().forEach(entry -> all.addAll(entry.states));
      StateIndex rebuilt = StateIndex.of(all);
      StateIndex previous = index.getAndSet(rebuilt);
      if (rebuilt.ambiguousIdentifiers() != previous.ambiguousIdentifiers()) {
        log.info(
            "{} identifiers are claimed equally by more than one instance of the same type;"
                + " lookups return the first (debug logging for {} lists them)",
            rebuilt.ambiguousIdentifiers(),
            StateIndex.class.getName());
      }
    } finally {
      rebuild.unlock();
    }
  }

  private static int count(List<ParsedState> states) {
    int count = 0;
    for (ParsedState state : states) {
      count += state.managed().size();
    }
    return count;
  }

  /** One configured state's last good load and refresh bookkeeping. */
  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    // Written under lock, read by rebuildIndex() from other refreshing threads.
    volatile List<ParsedState> states = List.of();
    volatile String version = "";
    volatile Instant lastSuccess;
    volatile RefreshResult lastResult;
    int failures;
    String lastFailure = "";
  }
}
