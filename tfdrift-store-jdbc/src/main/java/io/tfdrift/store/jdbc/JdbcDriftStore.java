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
import io.tfdrift.api.inventory.Resolution;
import io.tfdrift.api.inventory.Transition;
import io.tfdrift.api.spi.DriftStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The drift store on a JDBC {@link DataSource}: every method is one transaction. See {@link
 * Dialect} for how SQLite and PostgreSQL keep writers of one drift, and claimers of one
 * notification, apart.
 */
final class JdbcDriftStore implements DriftStore {
  private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

  private static final String COLUMNS = DriftWrites.COLUMNS;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final String location;
  private final AutoCloseable closer;
  private final Clock clock;

  /**
   * SQLite has one writer at a time: the process's writers take turns here, in order, instead of in
   * SQLite's busy handler, which sleeps and retries (measured with the load driver: 668 alerts/s
   * through the busy handler, 1,408 in turns). PostgreSQL needs no such lock.
   */
  private final ReentrantLock writer;

  /** A write to the store. */
  @FunctionalInterface
  private interface Write<T> {
    T run() throws StoreException;
  }

  private <T> T write(Write<T> w) throws StoreException {
    if (writer == null) {
      return w.run();
    }
    writer.lock();
    try {
      return w.run();
    } finally {
      writer.unlock();
    }
  }

  JdbcDriftStore(
      DataSource dataSource, Dialect dialect, String location, AutoCloseable closer, Clock clock) {
    this.clock = clock;
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.location = location;
    this.closer = closer;
    this.writer = dialect == Dialect.SQLITE ? new ReentrantLock(true) : null;
  }

  @Override
  public Result apply(DriftKey key, Function<Optional<DriftRecord>, Optional<DriftChange>> decide)
      throws StoreException {
    return applyAll(List.of(new Update(key, decide))).get(0);
  }

  /**
   * One transaction for the whole list. The updates are applied in the order of their drift keys
   * (stable, so one drift's updates keep their order): every writer locks drift rows in the same
   * order, and two replicas' batches never wait for each other in a circle.
   */
  @Override
  public List<Result> applyAll(List<Update> updates) throws StoreException {
    if (updates.isEmpty()) {
      return List.of();
    }
    Integer[] order = new Integer[updates.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(i -> updates.get(i).key().value()));
    return write(() -> applyAllNow(updates, order));
  }

  private List<Result> applyAllNow(List<Update> updates, Integer[] order) throws StoreException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long now = clock.millis();
        DriftBatch batch = new DriftBatch(c, dialect, now);
        Result[] results = batch.decide(updates, order);
        if (batch.isEmpty()) {
          c.rollback();
          return List.of(results);
        }
        if (!batch.write()) {
          // another writer created one of the new drifts first: decide again on its row
          c.rollback();
          results = oneByOne(c, updates, order, now);
        }
        c.commit();
        return List.of(results);
      } catch (SQLException | StoreException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failed(
          updates.size() == 1
              ? "write drift " + updates.get(0).key()
              : "write " + updates.size() + " drift changes",
          e);
    }
  }

  private Result[] oneByOne(Connection c, List<Update> updates, Integer[] order, long now)
      throws SQLException, StoreException {
    Result[] results = new Result[updates.size()];
    try (DriftWrites writes = new DriftWrites(c, dialect, location, now)) {
      for (Integer i : order) {
        results[i] = writes.apply(updates.get(i));
      }
      writes.flush();
    }
    return results;
  }

  @Override
  public List<Notification> claim(String owner, int max, Instant now, Duration lease)
      throws StoreException {
    return write(() -> claimNow(owner, max, now, lease));
  }

  private List<Notification> claimNow(String owner, int max, Instant now, Duration lease)
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
    deliveredAll(List.of(new Delivered(id, thread)));
  }

  /** One transaction: the threads kept, then the notifications removed. */
  @Override
  public void deliveredAll(List<Delivered> delivered) throws StoreException {
    if (delivered.isEmpty()) {
      return;
    }
    write(
        () -> {
          deliveredNow(delivered);
          return null;
        });
  }

  private void deliveredNow(List<Delivered> delivered) throws StoreException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement threads =
              c.prepareStatement(
                  "INSERT INTO notifier_thread (drift_key, notifier, thread)"
                      + " SELECT drift_key, notifier, ? FROM outbox WHERE id = ?"
                      + " ON CONFLICT (drift_key, notifier) DO UPDATE SET thread = excluded.thread");
          PreparedStatement remove = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
        boolean anyThread = false;
        for (Delivered d : delivered) {
          if (d.thread().isPresent()) {
            threads.setString(1, d.thread().get());
            threads.setLong(2, d.id());
            threads.addBatch();
            anyThread = true;
          }
          remove.setLong(1, d.id());
          remove.addBatch();
        }
        if (anyThread) {
          threads.executeBatch();
        }
        remove.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failed(
          delivered.size() == 1
              ? "remove delivered notification " + delivered.get(0).id()
              : "remove " + delivered.size() + " delivered notifications",
          e);
    }
  }

  @Override
  public void release(long id, Instant notBefore) throws StoreException {
    write(
        () -> {
          releaseNow(id, notBefore);
          return null;
        });
  }

  /** One transaction, one JDBC batch. */
  @Override
  public void releaseAll(List<Long> ids, Instant notBefore) throws StoreException {
    if (ids.isEmpty()) {
      return;
    }
    write(
        () -> {
          try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE outbox SET claimed_by = NULL, due_at = ? WHERE id = ?")) {
              for (long id : ids) {
                ps.setLong(1, notBefore.toEpochMilli());
                ps.setLong(2, id);
                ps.addBatch();
              }
              ps.executeBatch();
              c.commit();
            } catch (SQLException | RuntimeException e) {
              c.rollback();
              throw e;
            }
          } catch (SQLException e) {
            throw failed("release " + ids.size() + " notifications", e);
          }
          return null;
        });
  }

  private void releaseNow(long id, Instant notBefore) throws StoreException {
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
    return write(() -> pruneNow(cutoff));
  }

  private int pruneNow(Instant cutoff) throws StoreException {
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

  static DriftRecord record(ResultSet rs) throws SQLException {
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
}
