-- What each notifier returned for a drift (a Slack message ts, a GitHub issue number), handed back
-- with the drift's later notifications to the same notifier.
CREATE TABLE notifier_thread (
  drift_key  TEXT    NOT NULL,
  notifier   TEXT    NOT NULL,
  thread     TEXT    NOT NULL,
  PRIMARY KEY (drift_key, notifier)
);
