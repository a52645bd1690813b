package dev.basin.core.storage;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work against a {@link MetadataStore}, run inside a transaction that the store owns.
 *
 * <p>The work must not commit, roll back, close the connection or change its auto-commit mode: the
 * store does that. It may throw any {@link RuntimeException} (for example a service's own
 * conditional-check failure), which the store rethrows unchanged to the caller after rolling back
 * this unit's changes.
 *
 * <p>A write unit may run more than once (when SQLite abandons a group transaction because of
 * another unit), so it must have no effects outside the connection other than its result.
 */
@FunctionalInterface
public interface SqlWork<T> {

  T run(Connection connection) throws SQLException;
}
