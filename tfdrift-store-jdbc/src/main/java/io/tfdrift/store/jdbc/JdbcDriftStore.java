package io.tfdrift.store.jdbc;

import io.tfdrift.api.DriftKind;
import io.tfdrift.api.Severity;
import io.tfdrift.api.StoreException;
import io.tfdrift.api.inventory.Acknowledgement;
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
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.DriftStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The drift store on a JDBC {@link DataSource}: every method is one transaction. See {@link
 * Dialect} for how SQLite and PostgreSQL keep writers of one drift, and claimers of one
 * notification, apart.
 */
final class JdbcDriftStore implements DriftStore {
  /** A new drift created by two writers at once: the loser retries on the winner's row. */
  private static final int CREATE_ATTEMPTS = 5;

  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  private static final String COLUMNS =
      "drift_key, kind, status, severity, severity_rank, provider, state_name, address,"
          + " resource_type, resource_id, attribute, actor, first_seen, last_seen, occurrences,"
          + " ack_at, ack_by, ack_note, resolution, resolved_at, resolved_by, resolution_note,"
          + " event";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String location;
  private final AutoCloseable closer;
  private final Clock clock;

  JdbcDriftStore(
      DataSource dataSource, Dialect dialect, String location, AutoCloseable closer, Clock clock) {
    this.clock = clock;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.location = location;
    this.closer = closer;
  }

  @Override
  public Result apply(DriftKey key, Function<Optional<DriftRecord>, Optional<DriftChange>> decide)
      throws StoreException {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        try {
          Optional<Result> result = applyOnce(c, key, decide);
          if (result.isPresent()) {
            if (result.get() == Result.WRITTEN) {
              c.commit();
            } else {
              c.rollback();
            }
            return result.get();
          }
          c.rollback();
          if (attempt == CREATE_ATTEMPTS) {
            throw new StoreException(
                location + ": drift " + key + " kept being created by another writer");
          }
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        }
      } catch (SQLException e) {
        throw failed("write drift " + key, e);
      }
    }
  }

  /** One try; empty when another writer created the drift first and the caller must retry. */
  private Optional<Result> applyOnce(
      Connection c, DriftKey key, Function<Optional<DriftRecord>, Optional<DriftChange>> decide)
      throws SQLException {
    Optional<DriftRecord> current = select(c, key);
    Optional<DriftChange> change = decide.apply(current);
    if (change.isEmpty()) {
      return Optional.of(Result.UNCHANGED);
    }
    DriftChange ch = change.get();
    if (!ch.record().key().equals(key)) {
      throw new IllegalArgumentException(
          "a change of drift " + key + " returned a record of drift " + ch.record().key());
    }
    if (ch.occurrence().isPresent() && !insertOccurrence(c, ch.record(), ch.occurrence().get())) {
      return Optional.of(Result.DUPLICATE);
    }
    if (current.isEmpty()) {
      if (!insertDrift(c, ch.record())) {
        return Optional.empty();
      }
    } else {
      updateDrift(c, ch.record());
    }
    insertOutbox(c, key, ch.notifications());
    return Optional.of(Result.WRITTEN);
  }

  private Optional<DriftRecord> select(Connection c, DriftKey key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM drift WHERE drift_key = ?" + dialect.lockRow)) {
      ps.setString(1, key.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(record(rs)) : Optional.empty();
      }
    }
  }

  private static boolean insertOccurrence(Connection c, DriftRecord record, Occurrence o)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO occurrence (drift_key, event_id, seq, time, actor, event)"
                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (drift_key, event_id) DO NOTHING")) {
      ps.setString(1, record.key().value());
      ps.setString(2, o.eventId());
      ps.setLong(3, record.occurrences());
      ps.setLong(4, o.time().toEpochMilli());
      ps.setString(5, o.actor());
      ps.setString(6, o.event());
      return ps.executeUpdate() == 1;
    }
  }

  private static boolean insertDrift(Connection c, DriftRecord r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO drift ("
                + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (drift_key) DO NOTHING")) {
      bind(ps, r);
      return ps.executeUpdate() == 1;
    }
  }

  private static void updateDrift(Connection c, DriftRecord r) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE drift SET drift_key = ?, kind = ?, status = ?, severity = ?,"
                + " severity_rank = ?, provider = ?, state_name = ?, address = ?,"
                + " resource_type = ?, resource_id = ?, attribute = ?, actor = ?, first_seen = ?,"
                + " last_seen = ?, occurrences = ?, ack_at = ?, ack_by = ?, ack_note = ?,"
                + " resolution = ?, resolved_at = ?, resolved_by = ?, resolution_note = ?,"
                + " event = ? WHERE drift_key = ?")) {
      int next = bind(ps, r);
      ps.setString(next, r.key().value());
      ps.executeUpdate();
    }
  }

  /** Binds every column in {@link #COLUMNS} order; returns the next parameter index. */
  private static int bind(PreparedStatement ps, DriftRecord r) throws SQLException {
    int i = 1;
    ps.setString(i++, r.key().value());
    ps.setString(i++, r.kind().label());
    ps.setString(i++, r.status().label());
    ps.setString(i++, r.severity().label());
    ps.setInt(i++, rank(r.severity()));
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

  private void insertOutbox(Connection c, DriftKey key, List<PendingNotification> notes)
      throws SQLException {
    if (notes.isEmpty()) {
      return;
    }
    long now = clock.millis();
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO outbox (drift_key, notifier, transition, payload, created_at, due_at)"
                + " VALUES (?, ?, ?, ?, ?, 0)")) {
      for (PendingNotification n : notes) {
        ps.setString(1, key.value());
        ps.setString(2, n.notifier());
        ps.setString(3, n.transition().label());
        ps.setString(4, n.payload());
        ps.setLong(5, now);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public List<Notification> claim(String owner, int max, Instant now, Duration lease)
      throws StoreException {
    String sql =
        "UPDATE outbox SET claimed_by = ?, due_at = ?, attempts = attempts + 1 WHERE id IN"
            + " (SELECT id FROM outbox WHERE due_at <= ? ORDER BY id LIMIT ?"
            + dialect.claimRows
            + ") RETURNING id, drift_key, notifier, transition, payload, attempts, created_at";
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      List<Notification> claimed = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql);
          PreparedStatement threads =
              c.prepareStatement(
                  "SELECT thread FROM notifier_thread WHERE drift_key = ? AND notifier = ?")) {
        ps.setString(1, owner);
        ps.setLong(2, now.plus(lease).toEpochMilli());
        ps.setLong(3, now.toEpochMilli());
        ps.setInt(4, max);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            claimed.add(
                new Notification(
                    rs.getLong(1),
                    new DriftKey(rs.getString(2)),
                    rs.getString(3),
                    Transition.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)),
                    rs.getString(5),
                    rs.getInt(6) - 1,
                    Instant.ofEpochMilli(rs.getLong(7)),
                    Optional.empty()));
          }
        }
        for (int i = 0; i < claimed.size(); i++) {
          Notification n = claimed.get(i);
          threads.setString(1, n.key().value());
          threads.setString(2, n.notifier());
          try (ResultSet rs = threads.executeQuery()) {
            if (rs.next()) {
              claimed.set(
                  i,
                  new Notification(
                      n.id(),
                      n.key(),
                      n.notifier(),
                      n.transition(),
                      n.payload(),
                      n.attempts(),
                      n.createdAt(),
                      Optional.of(rs.getString(1))));
            }
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
      claimed.sort(Comparator.comparingLong(Notification::id));
      return claimed;
    } catch (SQLException e) {
      throw failed("claim notifications", e);
    }
  }

  @Override
  public void delivered(long id, Optional<String> thread) throws StoreException {
    if (thread.isEmpty()) {
      update("remove delivered notification " + id, "DELETE FROM outbox WHERE id = ?", id);
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO notifier_thread (drift_key, notifier, thread)"
                    + " SELECT drift_key, notifier, ? FROM outbox WHERE id = ?"
                    + " ON CONFLICT (drift_key, notifier) DO UPDATE SET thread = excluded.thread")) {
          ps.setString(1, thread.get());
          ps.setLong(2, id);
          ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
          ps.setLong(1, id);
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failed("remove delivered notification " + id, e);
    }
  }

  @Override
  public void release(long id, Instant notBefore) throws StoreException {
    update(
        "release notification " + id,
        "UPDATE outbox SET claimed_by = NULL, due_at = ? WHERE id = ?",
        notBefore.toEpochMilli(),
        id);
  }

  private void update(String what, String sql, long... args) throws StoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setLong(i + 1, args[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failed(what, e);
    }
  }

  @Override
  public DriftPage query(DriftQuery q) throws StoreException {
    Where where = Where.of(q);
    String order =
        switch (q.sort()) {
          case LAST_SEEN -> "last_seen";
          case FIRST_SEEN -> "first_seen";
          case SEVERITY -> "severity_rank";
          case ADDRESS -> "address";
          case OCCURRENCES -> "occurrences";
        };
    String direction = q.descending() ? " DESC" : " ASC";
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM drift"
            + where.sql()
            + " ORDER BY "
            + order
            + direction
            + ", last_seen DESC, drift_key ASC LIMIT ? OFFSET ?";
    try (Connection c = dataSource.getConnection()) {
      List<DriftRecord> items = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int next = where.bind(ps);
        ps.setInt(next, q.limit());
        ps.setLong(next + 1, q.offset());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(record(rs));
          }
        }
      }
      long total;
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM drift" + where.sql())) {
        where.bind(ps);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
        }
      }
      return new DriftPage(items, Math.max(total, items.size()));
    } catch (SQLException e) {
      throw failed("query drifts", e);
    }
  }

  @Override
  public Optional<DriftRecord> find(DriftKey key) throws StoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM drift WHERE drift_key = ?")) {
      ps.setString(1, key.value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(record(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failed("read drift " + key, e);
    }
  }

  @Override
  public List<Occurrence> occurrences(DriftKey key, int max) throws StoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT event_id, time, actor, event FROM occurrence WHERE drift_key = ?"
                    + " ORDER BY seq DESC, time DESC LIMIT ?")) {
      ps.setString(1, key.value());
      ps.setInt(2, max);
      List<Occurrence> list = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          list.add(
              new Occurrence(
                  rs.getString(1),
                  Instant.ofEpochMilli(rs.getLong(2)),
                  rs.getString(3),
                  rs.getString(4)));
        }
      }
      return list;
    } catch (SQLException e) {
      throw failed("read occurrences of drift " + key, e);
    }
  }

  @Override
  public DriftSummary summary(Instant since) throws StoreException {
    long from = since.toEpochMilli();
    try (Connection c = dataSource.getConnection()) {
      Map<DriftStatus, Map<Severity, Long>> counts = new EnumMap<>(DriftStatus.class);
      try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT status, severity, COUNT(*) FROM drift GROUP BY status, severity");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts
              .computeIfAbsent(status(rs.getString(1)), s -> new EnumMap<>(Severity.class))
              .put(Severity.parse(rs.getString(2)), rs.getLong(3));
        }
      }
      TreeMap<Long, long[]> days = new TreeMap<>();
      perDay(c, "first_seen", from, days, 0);
      perDay(c, "resolved_at", from, days, 1);
      Optional<Duration> mttr = Optional.empty();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT COUNT(*), SUM(resolved_at - first_seen) FROM drift"
                  + " WHERE resolved_at IS NOT NULL AND resolved_at >= ?")) {
        ps.setLong(1, from);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getLong(1) > 0) {
            mttr = Optional.of(Duration.ofMillis(rs.getLong(2) / rs.getLong(1)));
          }
        }
      }
      List<DriftSummary.Day> list = new ArrayList<>();
      days.forEach(
          (day, n) -> list.add(new DriftSummary.Day(LocalDate.ofEpochDay(day), n[0], n[1])));
      return new DriftSummary(counts, list, mttr);
    } catch (SQLException e) {
      throw failed("summarise drifts", e);
    }
  }

  private static void perDay(
      Connection c, String column, long from, TreeMap<Long, long[]> days, int slot)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT "
                + column
                + " / "
                + DAY_MILLIS
                + ", COUNT(*) FROM drift WHERE "
                + column
                + " >= ? GROUP BY "
                + column
                + " / "
                + DAY_MILLIS)) {
      ps.setLong(1, from);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          days.computeIfAbsent(rs.getLong(1), d -> new long[2])[slot] = rs.getLong(2);
        }
      }
    }
  }

  @Override
  public int prune(Instant cutoff) throws StoreException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        for (String table : List.of("occurrence", "notifier_thread")) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM "
                      + table
                      + " WHERE drift_key IN (SELECT drift_key FROM drift"
                      + " WHERE status = 'resolved' AND resolved_at < ?)")) {
            ps.setLong(1, cutoff.toEpochMilli());
            ps.executeUpdate();
          }
        }
        int deleted;
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM drift WHERE status = 'resolved' AND resolved_at < ?")) {
          ps.setLong(1, cutoff.toEpochMilli());
          deleted = ps.executeUpdate();
        }
        c.commit();
        return deleted;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failed("prune resolved drifts", e);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception e) {
      throw new IllegalStateException(location + ": closing the store failed", e);
    }
  }

  private StoreException failed(String what, SQLException e) {
    return new StoreException(
        location + ": could not " + what + ": " + e.getMessage() + Hints.of(dialect, e), e);
  }

  private static DriftRecord record(ResultSet rs) throws SQLException {
    Optional<Acknowledgement> ack = Optional.empty();
    long ackAt = rs.getLong("ack_at");
    if (!rs.wasNull()) {
      ack =
          Optional.of(
              new Acknowledgement(
                  Instant.ofEpochMilli(ackAt), rs.getString("ack_by"), rs.getString("ack_note")));
    }
    Optional<Resolution> resolution = Optional.empty();
    String reason = rs.getString("resolution");
    if (reason != null) {
      resolution =
          Optional.of(
              new Resolution(
                  Resolution.Reason.valueOf(reason.toUpperCase(Locale.ROOT)),
                  Instant.ofEpochMilli(rs.getLong("resolved_at")),
                  rs.getString("resolved_by"),
                  rs.getString("resolution_note")));
    }
    return DriftRecord.builder()
        .key(new DriftKey(rs.getString("drift_key")))
        .kind(DriftKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)))
        .status(status(rs.getString("status")))
        .severity(Severity.parse(rs.getString("severity")))
        .provider(rs.getString("provider"))
        .state(rs.getString("state_name"))
        .address(rs.getString("address"))
        .resourceType(rs.getString("resource_type"))
        .resourceId(rs.getString("resource_id"))
        .attribute(rs.getString("attribute"))
        .actor(rs.getString("actor"))
        .firstSeen(Instant.ofEpochMilli(rs.getLong("first_seen")))
        .lastSeen(Instant.ofEpochMilli(rs.getLong("last_seen")))
        .occurrences(rs.getLong("occurrences"))
        .acknowledgement(ack)
        .resolution(resolution)
        .event(rs.getString("event"))
        .build();
  }

  private static DriftStatus status(String label) {
    return DriftStatus.valueOf(label.toUpperCase(Locale.ROOT));
  }

  /** Higher is more severe, so that ascending order is least severe first. */
  static int rank(Severity severity) {
    return Severity.values().length - 1 - severity.ordinal();
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
}
