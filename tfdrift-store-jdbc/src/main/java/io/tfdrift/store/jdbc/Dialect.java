package io.tfdrift.store.jdbc;

/** What differs between the SQL of SQLite and PostgreSQL: row locks and the schema folder. */
enum Dialect {
  /**
   * SQLite: every write transaction starts with {@code BEGIN IMMEDIATE} (the connection's
   * transaction mode), which takes the database's write lock, so no row lock is needed.
   */
  SQLITE("sqlite", "", ""),
  /**
   * PostgreSQL: one drift's writers queue on its row; replicas claim distinct outbox rows without
   * waiting for each other.
   */
  POSTGRES("postgres", " FOR UPDATE", " FOR UPDATE SKIP LOCKED");

  final String folder;
  final String lockRow;
  final String claimRows;

  Dialect(String folder, String lockRow, String claimRows) {
    this.folder = folder;
    this.lockRow = lockRow;
    this.claimRows = claimRows;
  }
}
