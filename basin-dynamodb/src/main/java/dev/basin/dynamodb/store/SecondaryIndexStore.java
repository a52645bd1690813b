package dev.basin.dynamodb.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.dynamodb.AttributeValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The rows of secondary indexes: one per indexed item and index, keyed {@code (table_id,
 * index_name, ihk, irk, hk, rk)} where {@code ihk}/{@code irk} are the {@link KeyCodec} encodings
 * of the index key (irk empty for a hash-only index) and {@code hk}/{@code rk} the table's, which
 * makes entries with equal index keys unique and orders them by table key. The row holds the
 * projected item, so reads of an index see exactly what its projection keeps.
 *
 * <p>Items lacking an index key attribute have no row (sparse indexes). Runs inside a unit of work
 * of the account's database, like {@link DynamoDbStore}'s methods.
 */
public final class SecondaryIndexStore {
  private SecondaryIndexStore() {}

  /**
   * Checks an item's index key attributes against the index key types, with DynamoDB's messages.
   */
  static void checkItem(TableDef table, ObjectNode item) {
    for (IndexDef index : table.indexes()) {
      KeySchema key = index.key();
      for (String name : key.names()) {
        JsonNode value = item.get(name);
        if (value == null) {
          continue;
        }
        String expected = name.equals(key.hashName()) ? key.hashType() : key.rangeType();
        String actual = AttributeValues.type(value);
        if (!expected.equals(actual)) {
          throw new AwsException(
              "ValidationException",
              400,
              "One or more parameter values were invalid: Type mismatch for Index Key "
                  + name
                  + " Expected: "
                  + expected
                  + " Actual: "
                  + actual
                  + " IndexName: "
                  + index.name());
        }
        boolean empty =
            (value.has("S") && value.get("S").asText().isEmpty())
                || (value.has("B") && AttributeValues.bytes(value.get("B")).length == 0);
        if (empty) {
          throw new AwsException(
              "ValidationException",
              400,
              "One or more parameter values are not valid. A value specified for a secondary index"
                  + " key is not supported. The AttributeValue for a key attribute cannot contain an"
                  + " empty "
                  + (actual.equals("S") ? "string" : "binary")
                  + " value. IndexName: "
                  + index.name()
                  + ", IndexKey: "
                  + name);
        }
        boolean hash = name.equals(key.hashName());
        if (keySize(value) > (hash ? MAX_HASH_KEY_BYTES : MAX_RANGE_KEY_BYTES)) {
          throw new AwsException(
              "ValidationException",
              400,
              "One or more parameter values were invalid: "
                  + (hash
                      ? "Size of hashkey has exceeded the maximum size limit of 2048 bytes"
                      : "Aggregated size of all range keys has exceeded the size limit of 1024"
                          + " bytes")
                  + ". IndexName: "
                  + index.name()
                  + ", IndexKey: "
                  + name);
        }
      }
    }
  }

  /** DynamoDB's size limits of a partition key and of a sort key value, in bytes. */
  public static final int MAX_HASH_KEY_BYTES = 2048;

  public static final int MAX_RANGE_KEY_BYTES = 1024;

  /**
   * Whether an item can go into an index: it has the keys, of the right types, non-empty and within
   * the key size limits (2048 bytes for a partition key, 1024 for a sort key).
   */
  static boolean fits(IndexDef index, JsonNode item) {
    KeySchema key = index.key();
    for (String name : key.names()) {
      JsonNode value = item.get(name);
      boolean hash = name.equals(key.hashName());
      String expected = hash ? key.hashType() : key.rangeType();
      if (value == null || !expected.equals(AttributeValues.type(value))) {
        return false;
      }
      int size = keySize(value);
      if (size == 0 || size > (hash ? MAX_HASH_KEY_BYTES : MAX_RANGE_KEY_BYTES)) {
        return false;
      }
    }
    return true;
  }

  /** The size DynamoDB counts for a key value: UTF-8 bytes of a string, bytes of a binary. */
  /** The size DynamoDB counts for a key value: UTF-8 bytes of a string, bytes of a binary. */
  public static int keySize(JsonNode value) {
    if (value.has("S")) {
      return value.get("S").asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
    if (value.has("B")) {
      return AttributeValues.bytes(value.get("B")).length;
    }
    return value.path("N").asText().length();
  }

  /** Adds the entries of a checked item to every index that indexes it. */
  static void add(Connection c, TableDef table, ItemRow row) throws SQLException {
    for (IndexDef index : table.indexes()) {
      if (index.indexes(row.item())) {
        insert(c, table, index, row);
      }
    }
  }

  private static void insert(Connection c, TableDef table, IndexDef index, ItemRow row)
      throws SQLException {
    ObjectNode projected = index.project(row.item(), table.key());
    long size = projected == row.item() ? row.size() : AttributeValues.itemSize(projected);
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT OR REPLACE INTO ddb_index_item"
                + " (table_id, index_name, ihk, irk, hk, rk, size, item)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setLong(1, table.id());
      s.setString(2, index.name());
      s.setBytes(3, index.key().hashBytes(row.item()));
      s.setBytes(4, index.key().rangeBytes(row.item()));
      s.setBytes(5, row.hashKey());
      s.setBytes(6, row.rangeKey());
      s.setLong(7, size);
      s.setBytes(8, DynamoDbStore.encode(projected));
      s.executeUpdate();
    }
  }

  /** Removes the entries of a stored item from every index. */
  static void remove(Connection c, TableDef table, ItemRow old) throws SQLException {
    for (IndexDef index : table.indexes()) {
      if (!index.indexes(old.item())) {
        continue;
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "DELETE FROM ddb_index_item WHERE table_id = ? AND index_name = ? AND ihk = ?"
                  + " AND irk = ? AND hk = ? AND rk = ?")) {
        s.setLong(1, table.id());
        s.setString(2, index.name());
        s.setBytes(3, index.key().hashBytes(old.item()));
        s.setBytes(4, index.key().rangeBytes(old.item()));
        s.setBytes(5, old.hashKey());
        s.setBytes(6, old.rangeKey());
        s.executeUpdate();
      }
    }
  }

  /** Deletes the entries of one index ({@code indexName}) or of all ({@code null}) of a table. */
  public static void deleteAll(Connection c, long tableId, String indexName) throws SQLException {
    String sql =
        indexName == null
            ? "DELETE FROM ddb_index_item WHERE table_id = ?"
            : "DELETE FROM ddb_index_item WHERE table_id = ? AND index_name = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, tableId);
      if (indexName != null) {
        s.setString(2, indexName);
      }
      s.executeUpdate();
    }
  }

  /**
   * Fills a new index from the table's items (UpdateTable creating a global secondary index). Items
   * whose index key attributes have another type or are empty are left out, as DynamoDB's backfill
   * leaves out (and reports) index key violations.
   */
  public static void backfill(Connection c, TableDef table, IndexDef index) throws SQLException {
    java.util.List<ItemRow> rows = new java.util.ArrayList<>();
    DynamoDbStore.scan(
        c,
        table.id(),
        null,
        null,
        row -> {
          if (fits(index, row.item())) {
            rows.add(row);
          }
          return true;
        });
    for (ItemRow row : rows) {
      insert(c, table, index, row);
    }
  }

  /** {@code [itemCount, totalSize]} of one index. */
  public static long[] stats(Connection c, long tableId, String indexName) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT count(*), coalesce(sum(size), 0) FROM ddb_index_item"
                + " WHERE table_id = ? AND index_name = ?")) {
      s.setLong(1, tableId);
      s.setString(2, indexName);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new long[] {r.getLong(1), r.getLong(2)};
      }
    }
  }

  /**
   * Visits the entries of one index partition whose index sort key lies in the bounds, in index
   * sort key order (then table key order), forward or reverse. Rows carry the table's encoded key
   * and the projected item.
   *
   * @param after {@code [irk, hk, rk]} of the entry to continue after (a page's last), or null
   */
  public static void query(
      Connection c,
      long tableId,
      String indexName,
      byte[] ihk,
      byte[] lower,
      boolean lowerInclusive,
      byte[] upper,
      boolean upperInclusive,
      boolean forward,
      byte[][] after,
      DynamoDbStore.ItemVisitor visitor)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT hk, rk, size, item FROM ddb_index_item"
                + " WHERE table_id = ? AND index_name = ? AND ihk = ?");
    if (lower != null) {
      sql.append(lowerInclusive ? " AND irk >= ?" : " AND irk > ?");
    }
    if (upper != null) {
      sql.append(upperInclusive ? " AND irk <= ?" : " AND irk < ?");
    }
    if (after != null) {
      sql.append(forward ? " AND (irk, hk, rk) > (?, ?, ?)" : " AND (irk, hk, rk) < (?, ?, ?)");
    }
    sql.append(
        forward ? " ORDER BY irk ASC, hk ASC, rk ASC" : " ORDER BY irk DESC, hk DESC, rk DESC");
    try (PreparedStatement s = c.prepareStatement(sql.toString())) {
      int i = 1;
      s.setLong(i++, tableId);
      s.setString(i++, indexName);
      s.setBytes(i++, ihk);
      if (lower != null) {
        s.setBytes(i++, lower);
      }
      if (upper != null) {
        s.setBytes(i++, upper);
      }
      if (after != null) {
        for (byte[] part : after) {
          s.setBytes(i++, part);
        }
      }
      visit(s, visitor);
    }
  }

  /**
   * Visits all entries of an index in index key order.
   *
   * @param after {@code [ihk, irk, hk, rk]} of the entry to continue after, or null
   */
  public static void scan(
      Connection c,
      long tableId,
      String indexName,
      byte[][] after,
      DynamoDbStore.ItemVisitor visitor)
      throws SQLException {
    String sql =
        "SELECT hk, rk, size, item FROM ddb_index_item WHERE table_id = ? AND index_name = ?"
            + (after == null ? "" : " AND (ihk, irk, hk, rk) > (?, ?, ?, ?)")
            + " ORDER BY ihk, irk, hk, rk";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setLong(i++, tableId);
      s.setString(i++, indexName);
      if (after != null) {
        for (byte[] part : after) {
          s.setBytes(i++, part);
        }
      }
      visit(s, visitor);
    }
  }

  private static void visit(PreparedStatement s, DynamoDbStore.ItemVisitor visitor)
      throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      while (r.next()) {
        ItemRow row =
            new ItemRow(
                r.getBytes(1), r.getBytes(2), DynamoDbStore.decode(r.getBytes(4)), r.getLong(3));
        if (!visitor.visit(row)) {
          return;
        }
      }
    }
  }
}
