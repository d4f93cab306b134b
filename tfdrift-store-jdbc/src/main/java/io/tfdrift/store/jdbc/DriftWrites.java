package io.tfdrift.store.jdbc;

import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.Acknowledgement;
import io.tfdrift.api.inventory.DriftChange;
import io.tfdrift.api.inventory.DriftKey;
import io.tfdrift.api.inventory.DriftRecord;
import io.tfdrift.api.inventory.Occurrence;
import io.tfdrift.api.inventory.PendingNotification;
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.spi.DriftStore.Result;
import io.tfdrift.api.spi.DriftStore.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The drift changes of one transaction, update by update (the fallback of {@link DriftBatch}, and
 * the way when another writer creates the same drifts at once): each statement is prepared once and
 * used for every update of the batch, and the outbox rows are inserted together at the end. Updates
 * run one after another on the same connection, so a later update of a drift reads what an earlier
 * one wrote.
 *
 * <p>A new drift's row is inserted before its occurrence: when another transaction created the same
 * drift first, the insert does nothing and nothing of this update was written yet, so it is decided
 * again on the winner's row (PostgreSQL's {@code ON CONFLICT} waits for that transaction to end,
 * and the next read sees its row).
 */
final class DriftWrites implements AutoCloseable {
  /** A new drift created by two writers at once: the loser decides again on the winner's row. */
  private static final int CREATE_ATTEMPTS = 5;

  static final String COLUMNS =
      "drift_key, kind, status, severity, severity_rank, provider, state_name, address,"
          + " resource_type, resource_id, attribute, actor, first_seen, last_seen, occurrences,"
          + " ack_at, ack_by, ack_note, resolution, resolved_at, resolved_by, resolution_note,"
          + " event";

  static final String UPDATE_DRIFT =
      "UPDATE drift SET drift_key = ?, kind = ?, status = ?, severity = ?,"
          + " severity_rank = ?, provider = ?, state_name = ?, address = ?,"
          + " resource_type = ?, resource_id = ?, attribute = ?, actor = ?,"
          + " first_seen = ?, last_seen = ?, occurrences = ?, ack_at = ?, ack_by = ?,"
          + " ack_note = ?, resolution = ?, resolved_at = ?, resolved_by = ?,"
          + " resolution_note = ?, event = ? WHERE drift_key = ?";

  static final String INSERT_OUTBOX =
      "INSERT INTO outbox (drift_key, notifier, transition, payload, created_at, due_at)"
          + " VALUES (?, ?, ?, ?, ?, 0)";

  private final Connection c;
  private final Dialect dialect;
  private final String location;
  private final long now;
  private final List<PreparedStatement> opened = new ArrayList<>();
  private PreparedStatement select;
  private PreparedStatement insertOccurrence;
  private PreparedStatement insertDrift;
  private PreparedStatement updateDrift;
  private PreparedStatement deleteDrift;
  private PreparedStatement insertOutbox;
  private int outboxRows;

  /**
   * @param c a connection in a transaction (auto-commit off)
   * @param now the outbox rows' creation time, epoch milliseconds
   */
  DriftWrites(Connection c, Dialect dialect, String location, long now) {
    this.c = c;
    this.dialect = dialect;
    this.location = location;
    this.now = now;
  }

  /** Applies one update; its outbox rows are written by {@link #flush}. */
  Result apply(Update u) throws SQLException, StoreException {
    DriftKey key = u.key();
    for (int attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
      Optional<DriftRecord> current = select(key);
      Optional<DriftChange> change = u.decide().apply(current);
      if (change.isEmpty()) {
        return Result.UNCHANGED;
      }
      DriftChange ch = change.get();
      if (!ch.record().key().equals(key)) {
        throw new IllegalArgumentException(
            "a change of drift " + key + " returned a record of drift " + ch.record().key());
      }
      Optional<Result> result = current.isEmpty() ? create(ch) : change(ch);
      if (result.isPresent()) {
        return result.get();
      }
    }
    throw new StoreException(location + ": drift " + key + " kept being created by another writer");
  }

  /** A new drift; empty if another writer created it first (nothing was written). */
  private Optional<Result> create(DriftChange ch) throws SQLException {
    if (!insertDrift(ch.record())) {
      return Optional.empty();
    }
    if (ch.occurrence().isPresent() && !insertOccurrence(ch.record(), ch.occurrence().get())) {
      // an occurrence without its drift (none is kept after a prune): take the insert back
      deleteDrift(ch.record().key());
      return Optional.of(Result.DUPLICATE);
    }
    queueOutbox(ch.record().key(), ch.notifications());
    return Optional.of(Result.WRITTEN);
  }

  /** A stored drift, locked by {@link #select} until the transaction ends. */
  private Optional<Result> change(DriftChange ch) throws SQLException {
    if (ch.occurrence().isPresent() && !insertOccurrence(ch.record(), ch.occurrence().get())) {
      return Optional.of(Result.DUPLICATE);
    }
    updateDrift(ch.record());
    queueOutbox(ch.record().key(), ch.notifications());
    return Optional.of(Result.WRITTEN);
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    opened.add(ps);
    return ps;
  }

  private Optional<DriftRecord> select(DriftKey key) throws SQLException {
    if (select == null) {
      select = prepare("SELECT " + COLUMNS + " FROM drift WHERE drift_key = ?" + dialect.lockRow);
    }
    select.setString(1, key.value());
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? Optional.of(JdbcDriftStore.record(rs)) : Optional.empty();
    }
  }

  private boolean insertOccurrence(DriftRecord record, Occurrence o) throws SQLException {
    if (insertOccurrence == null) {
      insertOccurrence =
          prepare(
              "INSERT INTO occurrence (drift_key, event_id, seq, time, actor, event)"
                  + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (drift_key, event_id) DO NOTHING");
    }
    PreparedStatement ps = insertOccurrence;
    ps.setString(1, record.key().value());
    ps.setString(2, o.eventId());
    ps.setLong(3, record.occurrences());
    ps.setLong(4, o.time().toEpochMilli());
    ps.setString(5, o.actor());
    ps.setString(6, o.event());
    return ps.executeUpdate() == 1;
  }

  private boolean insertDrift(DriftRecord r) throws SQLException {
    if (insertDrift == null) {
      insertDrift =
          prepare(
              "INSERT INTO drift ("
                  + COLUMNS
                  + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT (drift_key) DO NOTHING");
    }
    bind(insertDrift, r);
    return insertDrift.executeUpdate() == 1;
  }

  private void updateDrift(DriftRecord r) throws SQLException {
    if (updateDrift == null) {
      updateDrift = prepare(UPDATE_DRIFT);
    }
    int next = bind(updateDrift, r);
    updateDrift.setString(next, r.key().value());
    updateDrift.executeUpdate();
  }

  private void deleteDrift(DriftKey key) throws SQLException {
    if (deleteDrift == null) {
      deleteDrift = prepare("DELETE FROM drift WHERE drift_key = ?");
    }
    deleteDrift.setString(1, key.value());
    deleteDrift.executeUpdate();
  }

  private void queueOutbox(DriftKey key, List<PendingNotification> notes) throws SQLException {
    if (notes.isEmpty()) {
      return;
    }
    if (insertOutbox == null) {
      insertOutbox = prepare(INSERT_OUTBOX);
    }
    for (PendingNotification n : notes) {
      bindOutbox(insertOutbox, key, n, now);
      insertOutbox.addBatch();
      outboxRows++;
    }
  }

  /** Binds the parameters of {@link #INSERT_OUTBOX}. */
  static void bindOutbox(PreparedStatement ps, DriftKey key, PendingNotification n, long now)
      throws SQLException {
    ps.setString(1, key.value());
    ps.setString(2, n.notifier());
    ps.setString(3, n.transition().label());
    ps.setString(4, n.payload());
    ps.setLong(5, now);
  }

  /** Writes the outbox rows of every update applied. */
  void flush() throws SQLException {
    if (outboxRows > 0) {
      insertOutbox.executeBatch();
      outboxRows = 0;
    }
  }

  /** Binds every column in {@link #COLUMNS} order; returns the next parameter index. */
  static int bind(PreparedStatement ps, DriftRecord r) throws SQLException {
    int i = 1;
    ps.setString(i++, r.key().value());
    ps.setString(i++, r.kind().label());
    ps.setString(i++, r.status().label());
    ps.setString(i++, r.severity().label());
    ps.setInt(i++, JdbcDriftStore.rank(r.severity()));
    ps.setString(i++, r.provider());
    ps.setString(i++, r.state());
    ps.setString(i++, r.address());
    ps.setString(i++, r.resourceType());
    ps.setString(i++, r.resourceId());
    ps.setString(i++, r.attribute());
    ps.setString(i++, r.actor());
    ps.setLong(i++, r.firstSeen().toEpochMilli());
    ps.setLong(i++, r.lastSeen().toEpochMilli());
    ps.setLong(i++, r.occurrences());
    Optional<Acknowledgement> ack = r.acknowledgement();
    setMillis(ps, i++, ack.map(Acknowledgement::at));
    setString(ps, i++, ack.map(Acknowledgement::by));
    setString(ps, i++, ack.map(Acknowledgement::note));
    Optional<Resolution> res = r.resolution();
    setString(ps, i++, res.map(x -> x.reason().label()));
    setMillis(ps, i++, res.map(Resolution::at));
    setString(ps, i++, res.map(Resolution::by));
    setString(ps, i++, res.map(Resolution::note));
    ps.setString(i++, r.event());
    return i;
  }

  private static void setString(PreparedStatement ps, int i, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setString(i, value.get());
    } else {
      ps.setNull(i, Types.VARCHAR);
    }
  }

  private static void setMillis(PreparedStatement ps, int i, Optional<Instant> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setLong(i, value.get().toEpochMilli());
    } else {
      ps.setNull(i, Types.BIGINT);
    }
  }

  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement ps : opened) {
      try {
        ps.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
