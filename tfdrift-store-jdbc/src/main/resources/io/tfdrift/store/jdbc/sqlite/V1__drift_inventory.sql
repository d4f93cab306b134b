-- The drift inventory (SQLite). Times are epoch milliseconds, UTC.
CREATE TABLE drift (
  drift_key         TEXT    NOT NULL PRIMARY KEY,
  kind              TEXT    NOT NULL,
  status            TEXT    NOT NULL,
  severity          TEXT    NOT NULL,
  severity_rank     INTEGER NOT NULL,
  provider          TEXT    NOT NULL,
  state_name        TEXT    NOT NULL,
  address           TEXT    NOT NULL,
  resource_type     TEXT    NOT NULL,
  resource_id       TEXT    NOT NULL,
  attribute         TEXT    NOT NULL,
  actor             TEXT    NOT NULL,
  first_seen        INTEGER NOT NULL,
  last_seen         INTEGER NOT NULL,
  occurrences       INTEGER NOT NULL,
  ack_at            INTEGER,
  ack_by            TEXT,
  ack_note          TEXT,
  resolution        TEXT,
  resolved_at       INTEGER,
  resolved_by       TEXT,
  resolution_note   TEXT,
  event             TEXT    NOT NULL
);
CREATE INDEX drift_by_last_seen ON drift (last_seen);
CREATE INDEX drift_by_status ON drift (status, last_seen);
CREATE INDEX drift_by_resolved_at ON drift (resolved_at);
CREATE INDEX drift_by_first_seen ON drift (first_seen);

CREATE TABLE occurrence (
  drift_key  TEXT    NOT NULL,
  event_id   TEXT    NOT NULL,
  seq        INTEGER NOT NULL,
  time       INTEGER NOT NULL,
  actor      TEXT    NOT NULL,
  event      TEXT    NOT NULL,
  PRIMARY KEY (drift_key, event_id)
);
CREATE INDEX occurrence_by_seq ON occurrence (drift_key, seq);

CREATE TABLE outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  drift_key   TEXT    NOT NULL,
  notifier    TEXT    NOT NULL,
  transition  TEXT    NOT NULL,
  payload     TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  due_at      INTEGER NOT NULL,
  claimed_by  TEXT,
  attempts    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX outbox_by_due ON outbox (due_at, id);
