/**
 * The drift inventory on JDBC: {@code store.type: sqlite} (one file, the daemon's default) and
 * {@code store.type: postgres} (shared by every replica). One schema, migrated at start-up; one
 * implementation, with the few statements that differ chosen by {@link Dialect}.
 */
package io.tfdrift.store.jdbc;
