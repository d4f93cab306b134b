package io.tfdrift.testkit;

import io.tfdrift.api.Severity;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.DriftChange;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftPage;
import io.tfdrift.api.inventory.DriftQuery;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.DriftStatus;
import io.tfdrift.api.inventory.DriftSummary;
import io.tfdrift.api.inventory.Notification;
import io.tfdrift.api.inventory.Occurrence;
import io.tfdrift.api.inventory.PendingNotification;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.spi.DriftStore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A {@link DriftStore} in memory, for tests of code that uses the inventory. It keeps the same
 * contract as the bundled stores ({@link DriftStoreContractTest}): every method is atomic (one
 * lock), an occurrence is stored once, a notification is claimed by one owner until its lease ends.
 * Nothing survives {@link #close()}.
 */
public class InMemoryDriftStore implements DriftStore {
  private final Map<DriftKey, DriftRecord> drifts = new LinkedHashMap<>();
  private final Map<DriftKey, List<Occurrence>> occurrences = new HashMap<>();
  private final TreeMap<Long, Row> outbox = new TreeMap<>();
  private final Map<String, String> threads = new HashMap<>();
  private long nextId = 1;

  private static final class Row {
    final DriftKey key;
    final PendingNotification pending;
    final Instant createdAt;
    Instant dueAt = Instant.EPOCH;
    int attempts;

    Row(DriftKey key, PendingNotification pending, Instant createdAt) {
      this.key = key;
      this.pending = pending;
      this.createdAt = createdAt;
    }
  }

  /** An empty store. */
  public InMemoryDriftStore() {}

  @Override
  public synchronized Result apply(
      DriftKey key, Function<Optional<DriftRecord>, Optional<DriftChange>> decide)
      throws StoreException {
    return applyAll(List.of(new Update(key, decide))).get(0);
  }

  /** All or nothing, as one transaction: if a decision throws, what the list wrote is undone. */
  @Override
  public synchronized List<Result> applyAll(List<Update> updates) throws StoreException {
    List<Runnable> undo = new ArrayList<>();
    List<Result> results = new ArrayList<>(updates.size());
    try {
      for (Update u : updates) {
        results.add(applyOne(u.key(), u.decide(), undo));
      }
      return results;
    } catch (RuntimeException e) {
      for (int i = undo.size() - 1; i >= 0; i--) {
        undo.get(i).run();
      }
      throw e;
    }
  }

  private Result applyOne(
      DriftKey key,
      Function<Optional<DriftRecord>, Optional<DriftChange>> decide,
      List<Runnable> undo) {
    Optional<DriftChange> change = decide.apply(Optional.ofNullable(drifts.get(key)));
    if (change.isEmpty()) {
      return Result.UNCHANGED;
    }
    DriftChange ch = change.get();
    if (!ch.record().key().equals(key)) {
      throw new IllegalArgumentException(
          "a change of drift " + key + " returned a record of drift " + ch.record().key());
    }
    List<Occurrence> seen = occurrences.computeIfAbsent(key, k -> new ArrayList<>());
    if (ch.occurrence().isPresent()) {
      String id = ch.occurrence().get().eventId();
      if (seen.stream().anyMatch(o -> o.eventId().equals(id))) {
        return Result.DUPLICATE;
      }
      seen.add(0, ch.occurrence().get());
      undo.add(() -> seen.remove(0));
    }
    DriftRecord before = drifts.put(key, ch.record());
    undo.add(
        () -> {
          if (before == null) {
            drifts.remove(key);
          } else {
            drifts.put(key, before);
          }
        });
    for (PendingNotification n : ch.notifications()) {
      long id = nextId++;
      outbox.put(id, new Row(key, n, ch.record().lastSeen()));
      undo.add(() -> outbox.remove(id));
    }
    return Result.WRITTEN;
  }

  @Override
  public synchronized List<Notification> claim(String owner, int max, Instant now, Duration lease) {
    List<Notification> claimed = new ArrayList<>();
    for (Map.Entry<Long, Row> e : outbox.entrySet()) {
      Row row = e.getValue();
      if (claimed.size() == max) {
        break;
      }
      if (row.dueAt.isAfter(now)) {
        continue;
      }
      claimed.add(
          new Notification(
              e.getKey(),
              row.key,
              row.pending.notifier(),
              row.pending.transition(),
              row.pending.payload(),
              row.attempts,
              row.createdAt,
              Optional.ofNullable(threads.get(thread(row.key, row.pending.notifier())))));
      row.attempts++;
      row.dueAt = now.plus(lease);
    }
    return claimed;
  }

  @Override
  public synchronized void delivered(long id, Optional<String> thread) {
    Row row = outbox.remove(id);
    if (row != null && thread.isPresent()) {
      threads.put(thread(row.key, row.pending.notifier()), thread.get());
    }
  }

  @Override
  public synchronized void deliveredAll(List<Delivered> delivered) {
    for (Delivered d : delivered) {
      delivered(d.id(), d.thread());
    }
  }

  private static String thread(DriftKey key, String notifier) {
    return key.value() + '\n' + notifier;
  }

  @Override
  public synchronized void release(long id, Instant notBefore) {
    Row row = outbox.get(id);
    if (row != null) {
      row.dueAt = notBefore;
    }
  }

  @Override
  public synchronized DriftPage query(DriftQuery q) {
    List<DriftRecord> matching =
        drifts.values().stream().filter(matches(q)).sorted(order(q)).toList();
    int from = (int) Math.min(matching.size(), q.offset());
    int to = Math.min(matching.size(), from + q.limit());
    return new DriftPage(matching.subList(from, to), matching.size());
  }

  private static Predicate<DriftRecord> matches(DriftQuery q) {
    String text = q.text().toLowerCase(Locale.ROOT);
    return r ->
        (q.statuses().isEmpty() || q.statuses().contains(r.status()))
            && (q.severities().isEmpty() || q.severities().contains(r.severity()))
            && (q.kinds().isEmpty() || q.kinds().contains(r.kind()))
            && (q.resourceType().isEmpty() || q.resourceType().equals(r.resourceType()))
            && (q.state().isEmpty() || q.state().equals(r.state()))
            && (q.provider().isEmpty() || q.provider().equals(r.provider()))
            && (q.actor().isEmpty() || q.actor().equals(r.actor()))
            && (text.isEmpty()
                || List.of(r.address(), r.resourceId(), r.attribute(), r.actor()).stream()
                    .anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(text)));
  }

  private static Comparator<DriftRecord> order(DriftQuery q) {
    Comparator<DriftRecord> by =
        switch (q.sort()) {
          case LAST_SEEN -> Comparator.comparing(DriftRecord::lastSeen);
          case FIRST_SEEN -> Comparator.comparing(DriftRecord::firstSeen);
          case SEVERITY -> Comparator.comparing(DriftRecord::severity).reversed();
          case ADDRESS -> Comparator.comparing(DriftRecord::address);
          case OCCURRENCES -> Comparator.comparingLong(DriftRecord::occurrences);
        };
    if (q.descending()) {
      by = by.reversed();
    }
    return by.thenComparing(DriftRecord::lastSeen, Comparator.reverseOrder())
        .thenComparing(r -> r.key().value());
  }

  @Override
  public synchronized Optional<DriftRecord> find(DriftKey key) {
    return Optional.ofNullable(drifts.get(key));
  }

  @Override
  public synchronized List<Occurrence> occurrences(DriftKey key, int max) {
    List<Occurrence> seen = occurrences.getOrDefault(key, List.of());
    return List.copyOf(seen.subList(0, Math.min(max, seen.size())));
  }

  @Override
  public synchronized DriftSummary summary(Instant since) {
    Map<DriftStatus, Map<Severity, Long>> counts = new EnumMap<>(DriftStatus.class);
    TreeMap<LocalDate, long[]> days = new TreeMap<>();
    long resolvedCount = 0;
    Duration resolving = Duration.ZERO;
    for (DriftRecord r : drifts.values()) {
      counts
          .computeIfAbsent(r.status(), s -> new EnumMap<>(Severity.class))
          .merge(r.severity(), 1L, Long::sum);
      if (!r.firstSeen().isBefore(since)) {
        days.computeIfAbsent(day(r.firstSeen()), d -> new long[2])[0]++;
      }
      Optional<Instant> resolvedAt = r.resolution().map(Resolution::at);
      if (resolvedAt.isPresent() && !resolvedAt.get().isBefore(since)) {
        days.computeIfAbsent(day(resolvedAt.get()), d -> new long[2])[1]++;
        resolvedCount++;
        resolving = resolving.plus(Duration.between(r.firstSeen(), resolvedAt.get()));
      }
    }
    List<DriftSummary.Day> list = new ArrayList<>();
    days.forEach((d, n) -> list.add(new DriftSummary.Day(d, n[0], n[1])));
    Optional<Duration> mttr =
        resolvedCount == 0 ? Optional.empty() : Optional.of(resolving.dividedBy(resolvedCount));
    return new DriftSummary(counts, list, mttr);
  }

  private static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  @Override
  public synchronized int prune(Instant cutoff) {
    List<DriftKey> old =
        drifts.values().stream()
            .filter(r -> r.resolution().map(res -> res.at().isBefore(cutoff)).orElse(false))
            .map(DriftRecord::key)
            .toList();
    old.forEach(
        k -> {
          drifts.remove(k);
          occurrences.remove(k);
          threads.keySet().removeIf(t -> t.startsWith(k.value() + '\n'));
        });
    return old.size();
  }

  @Override
  public String location() {
    return "memory";
  }
}
