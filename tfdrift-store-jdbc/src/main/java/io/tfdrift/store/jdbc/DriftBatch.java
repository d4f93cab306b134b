package io.tfdrift.store.jdbc;

import io.tfdrift.api.inventory.DriftChange;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.Occurrence;
import io.tfdrift.api.inventory.PendingNotification;
import io.tfdrift.api.spi.DriftStore.Result;
import io.tfdrift.api.spi.DriftStore.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A batch of drift updates in a constant number of round trips, whatever its size: the drifts read
 * (and locked, in key order) with one query, their stored occurrences of the batch's events with
 * another, every decision taken in memory in the batch's order (a later update of a drift sees the
 * earlier one; an event seen twice is a duplicate), then every row written with one JDBC batch per
 * statement. A database round trip costs a scheduling wake-up of the server on each side, so a
 * batch of 256 sightings written statement by statement waits 768 of them; this waits seven.
 *
 * <p>If another writer created one of the new drifts meanwhile (an insert that inserts nothing),
 * {@link #write} reports it and the caller rolls back and applies the batch update by update
 * ({@link DriftWrites}), which decides again on the winner's row.
 */
final class DriftBatch {
  private final Connection c;
  private final Dialect dialect;
  private final long now;

  /** The latest record of each drift the batch touched, in the order first touched. */
  private final Map<DriftKey, DriftRecord> latest = new LinkedHashMap<>();

  private final Set<DriftKey> created = new HashSet<>();
  private final List<DriftRecord> occurrenceOf = new ArrayList<>();
  private final List<Occurrence> occurrences = new ArrayList<>();
  private final List<DriftKey> outboxKeys = new ArrayList<>();
  private final List<PendingNotification> outbox = new ArrayList<>();

  DriftBatch(Connection c, Dialect dialect, long now) {
    this.c = c;
    this.dialect = dialect;
    this.now = now;
  }

  /**
   * Decides every update, in the order given by {@code order}. The events' occurrences are known
   * only once decided, so the decisions are taken, the stored occurrences among them read, and in
   * the rare case that one was stored already (a redelivered event) taken again knowing it: each
   * {@code decide} is a pure function.
   *
   * @return one result per update, in the order of {@code updates}
   */
  Result[] decide(List<Update> updates, Integer[] order) throws SQLException {
    Map<DriftKey, Optional<DriftRecord>> stored = select(updates);
    Result[] results = decideAll(updates, order, stored, new HashSet<>());
    Set<String> seen = storedOccurrences(stored);
    if (!seen.isEmpty()) {
      results = decideAll(updates, order, stored, seen);
    }
    return results;
  }

  private Result[] decideAll(
      List<Update> updates,
      Integer[] order,
      Map<DriftKey, Optional<DriftRecord>> stored,
      Set<String> seen) {
    latest.clear();
    created.clear();
    occurrenceOf.clear();
    occurrences.clear();
    outboxKeys.clear();
    outbox.clear();
    Map<DriftKey, Optional<DriftRecord>> current = new HashMap<>(stored);
    Result[] results = new Result[updates.size()];
    for (Integer i : order) {
      results[i] = decide(updates.get(i), current, seen);
    }
    return results;
  }

  private Result decide(Update u, Map<DriftKey, Optional<DriftRecord>> current, Set<String> seen) {
    DriftKey key = u.key();
    Optional<DriftRecord> before = current.get(key);
    Optional<DriftChange> change = u.decide().apply(before);
    if (change.isEmpty()) {
      return Result.UNCHANGED;
    }
    DriftChange ch = change.get();
    if (!ch.record().key().equals(key)) {
      throw new IllegalArgumentException(
          "a change of drift " + key + " returned a record of drift " + ch.record().key());
    }
    if (ch.occurrence().isPresent()) {
      if (!seen.add(occurrenceId(key, ch.occurrence().get().eventId()))) {
        return Result.DUPLICATE;
      }
      occurrenceOf.add(ch.record());
      occurrences.add(ch.occurrence().get());
    }
    if (before.isEmpty()) {
      created.add(key);
    }
    latest.put(key, ch.record());
    current.put(key, Optional.of(ch.record()));
    for (PendingNotification n : ch.notifications()) {
      outboxKeys.add(key);
      outbox.add(n);
    }
    return Result.WRITTEN;
  }

  /**
   * Writes every decided row.
   *
   * @return {@code false} if another writer created one of the new drifts first; the caller must
   *     roll back
   */
  boolean write() throws SQLException {
    if (!insertDrifts()) {
      return false;
    }
    if (!insertOccurrences()) {
      return false;
    }
    updateDrifts();
    insertOutbox();
    return true;
  }

  /** Whether anything is to be written. */
  boolean isEmpty() {
    return latest.isEmpty();
  }

  private Map<DriftKey, Optional<DriftRecord>> select(List<Update> updates) throws SQLException {
    TreeSet<String> keys = new TreeSet<>();
    updates.forEach(u -> keys.add(u.key().value()));
    Map<DriftKey, Optional<DriftRecord>> current = new HashMap<>();
    keys.forEach(k -> current.put(new DriftKey(k), Optional.empty()));
    String sql =
        "SELECT "
            + DriftWrites.COLUMNS
            + " FROM drift WHERE drift_key IN ("
            + marks(keys.size())
            + ") ORDER BY drift_key"
            + dialect.lockRow;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (String k : keys) {
        ps.setString(i++, k);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          DriftRecord r = JdbcDriftStore.record(rs);
          current.put(r.key(), Optional.of(r));
        }
      }
    }
    return current;
  }

  /**
   * Which of the decided occurrences of drifts that exist are stored already, as {@link
   * #occurrenceId}s. A drift that does not exist has none; the rows of those that do are locked by
   * {@link #select}, so no other writer adds one meanwhile.
   */
  private Set<String> storedOccurrences(Map<DriftKey, Optional<DriftRecord>> stored)
      throws SQLException {
    TreeSet<String> keys = new TreeSet<>();
    TreeSet<String> events = new TreeSet<>();
    for (int i = 0; i < occurrences.size(); i++) {
      DriftKey key = occurrenceOf.get(i).key();
      if (stored.get(key).isPresent()) {
        keys.add(key.value());
        events.add(occurrences.get(i).eventId());
      }
    }
    Set<String> found = new HashSet<>();
    if (keys.isEmpty()) {
      return found;
    }
    String sql =
        "SELECT drift_key, event_id FROM occurrence WHERE drift_key IN ("
            + marks(keys.size())
            + ") AND event_id IN ("
            + marks(events.size())
            + ")";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (String k : keys) {
        ps.setString(i++, k);
      }
      for (String e : events) {
        ps.setString(i++, e);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.add(occurrenceId(new DriftKey(rs.getString(1)), rs.getString(2)));
        }
      }
    }
    return found;
  }

  private static String occurrenceId(DriftKey key, String eventId) {
    return key.value() + '\n' + eventId;
  }

  private boolean insertDrifts() throws SQLException {
    if (created.isEmpty()) {
      return true;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO drift ("
                + DriftWrites.COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (drift_key) DO NOTHING")) {
      for (Map.Entry<DriftKey, DriftRecord> e : latest.entrySet()) {
        if (created.contains(e.getKey())) {
          DriftWrites.bind(ps, e.getValue());
          ps.addBatch();
        }
      }
      return allOne(ps.executeBatch());
    }
  }

  private boolean insertOccurrences() throws SQLException {
    if (occurrences.isEmpty()) {
      return true;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO occurrence (drift_key, event_id, seq, time, actor, event)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (drift_key, event_id) DO NOTHING")) {
      for (int i = 0; i < occurrences.size(); i++) {
        DriftRecord r = occurrenceOf.get(i);
        Occurrence o = occurrences.get(i);
        ps.setString(1, r.key().value());
        ps.setString(2, o.eventId());
        ps.setLong(3, r.occurrences());
        ps.setLong(4, o.time().toEpochMilli());
        ps.setString(5, o.actor());
        ps.setString(6, o.event());
        ps.addBatch();
      }
      return allOne(ps.executeBatch());
    }
  }

  private void updateDrifts() throws SQLException {
    if (latest.size() == created.size()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(DriftWrites.UPDATE_DRIFT)) {
      for (Map.Entry<DriftKey, DriftRecord> e : latest.entrySet()) {
        if (created.contains(e.getKey())) {
          continue;
        }
        int next = DriftWrites.bind(ps, e.getValue());
        ps.setString(next, e.getKey().value());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void insertOutbox() throws SQLException {
    if (outbox.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(DriftWrites.INSERT_OUTBOX)) {
      for (int i = 0; i < outbox.size(); i++) {
        DriftWrites.bindOutbox(ps, outboxKeys.get(i), outbox.get(i), now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Whether every statement of a batch changed one row (a driver that cannot tell: no). */
  private static boolean allOne(int[] counts) {
    for (int n : counts) {
      if (n != 1) {
        return false;
      }
    }
    return true;
  }

  private static String marks(int n) {
    return "?" + ", ?".repeat(Math.max(0, n - 1));
  }
}
