package dev.basin.s3.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prepared statements per connection, compiled once. A connection of a {@link
 * dev.basin.core.storage.MetadataStore} serves one unit of work at a time and is handed between
 * threads through the store's queues, so each connection's map needs no lock of its own.
 */
final class StatementCache {

  private final Map<Connection, Map<String, PreparedStatement>> byConnection =
      new ConcurrentHashMap<>();

  /** The statement for {@code sql} on {@code c}, parameters cleared. Do not close it. */
  PreparedStatement get(Connection c, String sql) throws SQLException {
    Map<String, PreparedStatement> statements =
        byConnection.computeIfAbsent(c, k -> new HashMap<>());
    PreparedStatement ps = statements.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = c.prepareStatement(sql);
      statements.put(sql, ps);
    } else {
      ps.clearParameters();
    }
    return ps;
  }
}
