package dev.basin.dynamodb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.basin.core.storage.MetadataStore;
import dev.basin.core.storage.SqliteMetadataStore;
import dev.basin.core.storage.StorageException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DynamoDB's tables and items on SQLite: one database per account and region ({@code
 * <dir>/<account>/<region>.db}), opened on first use.
 *
 * <p>Why per account and region rather than per table: DynamoDB table names are scoped to an
 * account and region, so that is the natural namespace; one database there means one writer thread
 * and one group commit shared by all of its tables (a busy emulator with hundreds of tables would
 * otherwise run hundreds of writer threads and fsync each separately), CreateTable and DeleteTable
 * are row operations rather than file creations, and a future TransactWriteItems across tables of
 * one account is a single SQLite transaction. Different accounts or regions never share a writer.
 *
 * <p>Items are rows {@code (table_id, hk, rk)} of a {@code WITHOUT ROWID} table, whose primary key
 * index is the item order: {@code hk} and {@code rk} are the {@link KeyCodec} encodings of the
 * partition and sort key ({@code rk} empty for hash-only tables), so a range scan on the index
 * returns items in DynamoDB's sort order. The item itself is CBOR, which keeps binaries as bytes.
 *
 * <p>Secondary indexes are rows {@code (table_id, index_name, ihk, irk, hk, rk)} of {@code
 * ddb_index_item} holding the projected item ({@link SecondaryIndexStore}); every item write here
 * maintains them in the same unit of work, so an index never disagrees with its table.
 *
 * <p>The static methods run inside a unit of work of {@link #database}: callers compose them into
 * one read or write transaction (a conditional write reads, checks and writes in one unit).
 */
public final class DynamoDbStore implements AutoCloseable {
  // Attribute names reach 65,535 bytes, above Jackson's default name limit.
  private static final ObjectMapper CBOR =
      new ObjectMapper(
          CBORFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(1 << 20).build())
              .build());
  private static final ObjectMapper JSON = new ObjectMapper();

  static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE ddb_table (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_ms INTEGER NOT NULL,
            definition TEXT NOT NULL
          );
          CREATE TABLE ddb_item (
            table_id INTEGER NOT NULL,
            hk BLOB NOT NULL,
            rk BLOB NOT NULL,
            size INTEGER NOT NULL,
            item BLOB NOT NULL,
            PRIMARY KEY (table_id, hk, rk)
          ) WITHOUT ROWID;
          """,
          """
          CREATE TABLE ddb_index_item (
            table_id INTEGER NOT NULL,
            index_name TEXT NOT NULL,
            ihk BLOB NOT NULL,
            irk BLOB NOT NULL,
            hk BLOB NOT NULL,
            rk BLOB NOT NULL,
            size INTEGER NOT NULL,
            item BLOB NOT NULL,
            PRIMARY KEY (table_id, index_name, ihk, irk, hk, rk)
          ) WITHOUT ROWID;
          """,
          StreamStore.MIGRATION);

  private final Path dir;
  private final SqliteMetadataStore.Options options;
  private final Map<String, SqliteMetadataStore> databases = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private DynamoDbStore(Path dir, SqliteMetadataStore.Options options) {
    this.dir = dir;
    this.options = options;
  }

  public static DynamoDbStore open(Path dir, SqliteMetadataStore.Options options) {
    return new DynamoDbStore(dir, options);
  }

  /** The database of one account and region, opened (and created) on first use. */
  public MetadataStore database(String account, String region) {
    if (closed) {
      throw new IllegalStateException("DynamoDB store is closed");
    }
    String key = account + "/" + region;
    SqliteMetadataStore db = databases.get(key);
    if (db != null) {
      return db;
    }
    checkSegment(account);
    checkSegment(region);
    return databases.computeIfAbsent(
        key,
        k ->
            SqliteMetadataStore.open(
                dir.resolve(account).resolve(region + ".db"), MIGRATIONS, options));
  }

  /**
   * The databases of every account and region that has one on disk or open, opening them: what a
   * background task such as the TTL sweeper walks.
   */
  public List<MetadataStore> databases() {
    if (java.nio.file.Files.isDirectory(dir)) {
      try (var accounts = java.nio.file.Files.list(dir)) {
        for (Path account : accounts.toList()) {
          if (!java.nio.file.Files.isDirectory(account)) {
            continue;
          }
          try (var files = java.nio.file.Files.list(account)) {
            for (Path file : files.toList()) {
              String name = file.getFileName().toString();
              if (name.endsWith(".db")) {
                try {
                  database(
                      account.getFileName().toString(),
                      name.substring(0, name.length() - ".db".length()));
                } catch (IllegalArgumentException e) {
                  // not one of ours
                }
              }
            }
          }
        }
      } catch (IOException e) {
        throw new StorageException("cannot list " + dir, e);
      }
    }
    return List.copyOf(databases.values());
  }

  private static void checkSegment(String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        throw new IllegalArgumentException("invalid account or region: " + segment);
      }
    }
    if (segment.isEmpty()) {
      throw new IllegalArgumentException("empty account or region");
    }
  }

  @Override
  public void close() {
    closed = true;
    for (SqliteMetadataStore db : databases.values()) {
      db.close();
    }
  }

  // ---------------------------------------------------------------- tables

  /** The table named {@code name}, or null. */
  public static TableDef table(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT id, created_ms, definition FROM ddb_table WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? tableOf(r.getLong(1), name, r.getLong(2), r.getString(3)) : null;
      }
    }
  }

  /** The table with the store id {@code id}, or null. */
  public static TableDef table(Connection c, long id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT name, created_ms, definition FROM ddb_table WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? tableOf(id, r.getString(1), r.getLong(2), r.getString(3)) : null;
      }
    }
  }

  /** All tables, by name. */
  public static List<TableDef> tables(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT id, name, created_ms, definition FROM ddb_table ORDER BY name")) {
      List<TableDef> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          tables.add(tableOf(r.getLong(1), r.getString(2), r.getLong(3), r.getString(4)));
        }
      }
      return tables;
    }
  }

  /**
   * Up to {@code limit} tables whose names sort after {@code after} (null: from the start), by
   * name.
   */
  public static List<String> tableNames(Connection c, String after, int limit) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT name FROM ddb_table WHERE name > ? ORDER BY name LIMIT ?")) {
      s.setString(1, after == null ? "" : after);
      s.setInt(2, limit);
      List<String> names = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
      return names;
    }
  }

  /** Inserts a table; false if one of that name exists. */
  public static boolean insertTable(
      Connection c, String name, ObjectNode definition, long createdMillis) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO ddb_table (name, created_ms, definition) VALUES (?, ?, ?)"
                + " ON CONFLICT (name) DO NOTHING")) {
      s.setString(1, name);
      s.setLong(2, createdMillis);
      s.setString(3, definition.toString());
      return s.executeUpdate() == 1;
    }
  }

  /** Replaces a table's definition. */
  public static void updateTable(Connection c, long id, ObjectNode definition) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("UPDATE ddb_table SET definition = ? WHERE id = ?")) {
      s.setString(1, definition.toString());
      s.setLong(2, id);
      s.executeUpdate();
    }
  }

  /** Deletes a table and its items. */
  public static void deleteTable(Connection c, long id) throws SQLException {
    SecondaryIndexStore.deleteAll(c, id, null);
    try (PreparedStatement s = c.prepareStatement("DELETE FROM ddb_item WHERE table_id = ?")) {
      s.setLong(1, id);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM ddb_table WHERE id = ?")) {
      s.setLong(1, id);
      s.executeUpdate();
    }
  }

  /** {@code [itemCount, totalSize]} of a table. */
  public static long[] tableStats(Connection c, long id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*), coalesce(sum(size), 0) FROM ddb_item WHERE table_id = ?")) {
      s.setLong(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2)};
      }
    }
  }

  private static TableDef tableOf(long id, String name, long created, String definitionText) {
    ObjectNode definition;
    try {
      definition = (ObjectNode) JSON.readTree(definitionText);
    } catch (JsonProcessingException e) {
      throw new StorageException("corrupt definition of table " + name, e);
    }
    String hashName = null;
    String rangeName = null;
    for (JsonNode element : definition.path("KeySchema")) {
      if (element.path("KeyType").asText().equals("HASH")) {
        hashName = element.path("AttributeName").asText();
      } else {
        rangeName = element.path("AttributeName").asText();
      }
    }
    String hashType = null;
    String rangeType = null;
    for (JsonNode attribute : definition.path("AttributeDefinitions")) {
      String attributeName = attribute.path("AttributeName").asText();
      if (attributeName.equals(hashName)) {
        hashType = attribute.path("AttributeType").asText();
      } else if (attributeName.equals(rangeName)) {
        rangeType = attribute.path("AttributeType").asText();
      }
    }
    return new TableDef(
        id,
        name,
        new KeySchema(hashName, hashType, rangeName, rangeType),
        definition,
        created,
        IndexDef.parse(definition));
  }

  // ---------------------------------------------------------------- items

  /** The item with the encoded key, or null. */
  public static ItemRow item(Connection c, long tableId, byte[] hk, byte[] rk) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT size, item FROM ddb_item WHERE table_id = ? AND hk = ? AND rk = ?")) {
      s.setLong(1, tableId);
      s.setBytes(2, hk);
      s.setBytes(3, rk);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? new ItemRow(hk, rk, decode(r.getBytes(2)), r.getLong(1)) : null;
      }
    }
  }

  /**
   * Inserts or replaces an item, maintaining the table's indexes and appending the change to the
   * table's stream ({@link StreamStore}).
   *
   * @param old the item stored under the same key (as read in this unit of work), or null
   * @param nowMillis the time of the change on Basin's clock, for its stream record
   * @throws dev.basin.core.protocol.AwsException ValidationException when an index key attribute of
   *     the item has the wrong type or is empty; nothing is written then
   */
  public static void putItem(Connection c, TableDef table, ItemRow old, ItemRow row, long nowMillis)
      throws SQLException {
    if (!table.indexes().isEmpty()) {
      SecondaryIndexStore.checkItem(table, row.item());
      if (old != null) {
        SecondaryIndexStore.remove(c, table, old);
      }
      SecondaryIndexStore.add(c, table, row);
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT OR REPLACE INTO ddb_item (table_id, hk, rk, size, item) VALUES (?, ?, ?, ?, ?)")) {
      s.setLong(1, table.id());
      s.setBytes(2, row.hashKey());
      s.setBytes(3, row.rangeKey());
      s.setLong(4, row.size());
      s.setBytes(5, encode(row.item()));
      s.executeUpdate();
    }
    StreamStore.append(c, table, old == null ? null : old.item(), row.item(), nowMillis, false);
  }

  /**
   * Deletes a stored item (as read in this unit of work), maintaining the table's indexes and
   * appending the removal to the table's stream.
   *
   * @param byService whether DynamoDB itself deletes the item (TTL expiry): its stream record then
   *     names the service as {@code userIdentity}
   */
  public static void deleteItem(
      Connection c, TableDef table, ItemRow old, long nowMillis, boolean byService)
      throws SQLException {
    if (!table.indexes().isEmpty()) {
      SecondaryIndexStore.remove(c, table, old);
    }
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM ddb_item WHERE table_id = ? AND hk = ? AND rk = ?")) {
      s.setLong(1, table.id());
      s.setBytes(2, old.hashKey());
      s.setBytes(3, old.rangeKey());
      s.executeUpdate();
    }
    StreamStore.append(c, table, old.item(), null, nowMillis, byService);
  }

  /** Receives items of a range scan in order; returns false to stop. */
  @FunctionalInterface
  public interface ItemVisitor {
    boolean visit(ItemRow row);
  }

  /**
   * Visits the items of one partition whose sort key lies in the bounds, in sort key order ({@code
   * forward}) or reverse.
   *
   * @param lower inclusive lower bound of the encoded sort key, or null
   * @param lowerInclusive whether {@code lower} itself is included
   * @param upper upper bound, or null
   */
  public static void queryPartition(
      Connection c,
      long tableId,
      byte[] hk,
      byte[] lower,
      boolean lowerInclusive,
      byte[] upper,
      boolean upperInclusive,
      boolean forward,
      ItemVisitor visitor)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("SELECT rk, size, item FROM ddb_item WHERE table_id = ? AND hk = ?");
    if (lower != null) {
      sql.append(lowerInclusive ? " AND rk >= ?" : " AND rk > ?");
    }
    if (upper != null) {
      sql.append(upperInclusive ? " AND rk <= ?" : " AND rk < ?");
    }
    sql.append(forward ? " ORDER BY rk ASC" : " ORDER BY rk DESC");
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 1;
      s.setLong(i++, tableId);
      s.setBytes(i++, hk);
      if (lower != null) {
        s.setBytes(i++, lower);
      }
      if (upper != null) {
        s.setBytes(i, upper);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          if (!visitor.visit(new ItemRow(hk, r.getBytes(1), decode(r.getBytes(3)), r.getLong(2)))) {
            return;
          }
        }
      }
    }
  }

  /** Visits a table's items in key order, starting after the encoded key (null: from the start). */
  public static void scan(
      Connection c, long tableId, byte[] afterHk, byte[] afterRk, ItemVisitor visitor)
      throws SQLException {
    String sql =
        afterHk == null
            ? "SELECT hk, rk, size, item FROM ddb_item WHERE table_id = ? ORDER BY hk, rk"
            : "SELECT hk, rk, size, item FROM ddb_item WHERE table_id = ? AND (hk, rk) > (?, ?)"
                + " ORDER BY hk, rk";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, tableId);
      if (afterHk != null) {
        s.setBytes(2, afterHk);
        s.setBytes(3, afterRk);
      }
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ItemRow row =
              new ItemRow(r.getBytes(1), r.getBytes(2), decode(r.getBytes(4)), r.getLong(3));
          if (!visitor.visit(row)) {
            return;
          }
        }
      }
    }
  }

  static byte[] encode(ObjectNode item) {
    try {
      return CBOR.writeValueAsBytes(item);
    } catch (JsonProcessingException e) {
      throw new StorageException("cannot encode item", e);
    }
  }

  static ObjectNode decode(byte[] bytes) {
    try {
      return (ObjectNode) CBOR.readTree(bytes);
    } catch (IOException e) {
      throw new StorageException("corrupt item", e);
    }
  }
}
