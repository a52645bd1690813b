package dev.basin.dynamodb.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.storage.StorageException;
import dev.basin.dynamodb.AttributeValues;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * DynamoDB Streams on SQLite, in the database of the table's account and region.
 *
 * <p>A stream is a row of {@code ddb_stream}; while it is its table's current stream, the table's
 * definition holds its id as {@code StreamId}, which is how an item write finds it. A stream
 * outlives its table's interest in it: disabling the stream or deleting the table only sets {@code
 * disabled_ms}, and the retention sweep ({@link #trim}) removes it 24 hours later.
 *
 * <p>Records are rows of {@code ddb_stream_record} keyed by an {@code AUTOINCREMENT} sequence
 * shared by all streams of the database: appended by {@link DynamoDbStore#putItem} and {@link
 * DynamoDbStore#deleteItem} in the same transaction as the item change, so after a crash a change
 * and its record are both there or both not. {@code AUTOINCREMENT} (not a plain rowid) because a
 * trimmed sequence number must never be handed out again. The row holds the record's {@code
 * eventName}, {@code dynamodb} body without its sequence number and time, and {@code userIdentity},
 * as CBOR; the rest is derived on read.
 */
public final class StreamStore {
  /** How long DynamoDB keeps stream records and disabled streams. */
  public static final long RETENTION_MILLIS = 24L * 3600 * 1000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String MIGRATION =
      """
      CREATE TABLE ddb_stream (
        id INTEGER PRIMARY KEY,
        arn TEXT NOT NULL UNIQUE,
        table_name TEXT NOT NULL,
        view_type TEXT NOT NULL,
        key_schema TEXT NOT NULL,
        created_ms INTEGER NOT NULL,
        start_seq INTEGER NOT NULL,
        disabled_ms INTEGER,
        end_seq INTEGER,
        trimmed_seq INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE ddb_stream_record (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_id INTEGER NOT NULL,
        created_ms INTEGER NOT NULL,
        record BLOB NOT NULL
      );
      CREATE INDEX ddb_stream_record_by_stream ON ddb_stream_record (stream_id, seq);
      CREATE INDEX ddb_stream_record_by_time ON ddb_stream_record (created_ms);
      """;

  private StreamStore() {}

  /**
   * One stream.
   *
   * @param keySchema the table's {@code KeySchema} in value form
   * @param startSeq the shard's starting sequence number (no record of the stream is below it)
   * @param disabledMillis when the stream was disabled (or its table deleted), or null while
   *     enabled
   * @param endSeq the shard's ending sequence number once disabled, else null
   * @param trimmedSeq every record of the stream at or below this has been trimmed
   */
  public record StreamRow(
      long id,
      String arn,
      String tableName,
      String viewType,
      JsonNode keySchema,
      long createdMillis,
      long startSeq,
      Long disabledMillis,
      Long endSeq,
      long trimmedSeq) {
    public boolean enabled() {
      return disabledMillis == null;
    }
  }

  /** One stored record, as {@link #records} returns it. */
  public record RecordRow(long seq, long createdMillis, ObjectNode record) {}

  /**
   * Creates an enabled stream for a table and returns its id. The label ({@code arn}'s last
   * segment) must be unique for the table; callers derive it from the clock and bump it on a clash.
   */
  public static long create(
      Connection c,
      String arn,
      String tableName,
      String viewType,
      JsonNode keySchema,
      long createdMillis)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO ddb_stream (arn, table_name, view_type, key_schema, created_ms, start_seq)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
      s.setString(1, arn);
      s.setString(2, tableName);
      s.setString(3, viewType);
      s.setString(4, keySchema.toString());
      s.setLong(5, createdMillis);
      s.setLong(6, lastSequence(c) + 1);
      s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM ddb_stream WHERE arn = ?")) {
      s.setString(1, arn);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Whether a stream with this ARN exists. */
  public static boolean exists(Connection c, String arn) throws SQLException {
    return stream(c, arn) != null;
  }

  /**
   * Disables a stream (closing its shard) at {@code nowMillis}; a disabled stream is left alone.
   */
  public static void disable(Connection c, long id, long nowMillis) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE ddb_stream SET disabled_ms = ?, end_seq = max(start_seq, ?)"
                + " WHERE id = ? AND disabled_ms IS NULL")) {
      s.setLong(1, nowMillis);
      s.setLong(2, lastSequence(c));
      s.setLong(3, id);
      s.executeUpdate();
    }
  }

  /** The highest sequence number ever handed out in this database (0 if none). */
  public static long lastSequence(Connection c) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT seq FROM sqlite_sequence WHERE name = 'ddb_stream_record'")) {
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  /** The stream with this ARN, or null. */
  public static StreamRow stream(Connection c, String arn) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(SELECT_STREAM + " WHERE arn = ?")) {
      s.setString(1, arn);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? streamOf(r) : null;
      }
    }
  }

  /**
   * Up to {@code limit} streams by id (creation order), of one table if {@code tableName} is not
   * null, after the stream with id {@code afterId}.
   */
  public static List<StreamRow> streams(Connection c, String tableName, long afterId, int limit)
      throws SQLException {
    String sql =
        SELECT_STREAM
            + " WHERE id > ?"
            + (tableName == null ? "" : " AND table_name = ?")
            + " ORDER BY id LIMIT ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      int i = 1;
      s.setLong(i++, afterId);
      if (tableName != null) {
        s.setString(i++, tableName);
      }
      s.setInt(i, limit);
      List<StreamRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(streamOf(r));
        }
      }
      return rows;
    }
  }

  private static final String SELECT_STREAM =
      "SELECT id, arn, table_name, view_type, key_schema, created_ms, start_seq, disabled_ms,"
          + " end_seq, trimmed_seq FROM ddb_stream";

  private static StreamRow streamOf(ResultSet r) throws SQLException {
    long disabled = r.getLong(8);
    Long disabledMillis = r.wasNull() ? null : disabled;
    long end = r.getLong(9);
    Long endSeq = r.wasNull() ? null : end;
    JsonNode keySchema;
    try {
      keySchema = JSON.readTree(r.getString(5));
    } catch (JsonProcessingException e) {
      throw new StorageException("corrupt stream key schema", e);
    }
    return new StreamRow(
        r.getLong(1),
        r.getString(2),
        r.getString(3),
        r.getString(4),
        keySchema,
        r.getLong(6),
        r.getLong(7),
        disabledMillis,
        endSeq,
        r.getLong(10));
  }

  /**
   * Up to {@code limit} records of a stream with sequence numbers from {@code fromSeq}, in order.
   */
  public static List<RecordRow> records(Connection c, long streamId, long fromSeq, int limit)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT seq, created_ms, record FROM ddb_stream_record"
                + " WHERE stream_id = ? AND seq >= ? ORDER BY seq LIMIT ?")) {
      s.setLong(1, streamId);
      s.setLong(2, fromSeq);
      s.setInt(3, limit);
      List<RecordRow> rows = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.add(new RecordRow(r.getLong(1), r.getLong(2), DynamoDbStore.decode(r.getBytes(3))));
        }
      }
      return rows;
    }
  }

  /**
   * Removes what is past retention at {@code nowMillis}: records older than 24 hours (raising their
   * streams' trim point) and streams disabled more than 24 hours ago with their records. Returns
   * the number of records removed.
   */
  public static int trim(Connection c, long nowMillis) throws SQLException {
    long cutoff = nowMillis - RETENTION_MILLIS;
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE ddb_stream SET trimmed_seq = (SELECT max(seq) FROM ddb_stream_record"
                + " WHERE stream_id = ddb_stream.id AND created_ms < ?)"
                + " WHERE EXISTS (SELECT 1 FROM ddb_stream_record"
                + " WHERE stream_id = ddb_stream.id AND created_ms < ?)")) {
      s.setLong(1, cutoff);
      s.setLong(2, cutoff);
      s.executeUpdate();
    }
    int removed;
    try (PreparedStatement s =
        c.prepareStatement("DELETE FROM ddb_stream_record WHERE created_ms < ?")) {
      s.setLong(1, cutoff);
      removed = s.executeUpdate();
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "DELETE FROM ddb_stream_record WHERE stream_id IN"
                + " (SELECT id FROM ddb_stream WHERE disabled_ms < ?)")) {
      s.setLong(1, cutoff);
      removed += s.executeUpdate();
    }
    try (PreparedStatement s = c.prepareStatement("DELETE FROM ddb_stream WHERE disabled_ms < ?")) {
      s.setLong(1, cutoff);
      s.executeUpdate();
    }
    return removed;
  }

  // ---------------------------------------------------------------- appending

  /**
   * Appends the record of one item change to the table's current stream, if it has one. A put that
   * leaves the item as it was writes no record, as in DynamoDB.
   *
   * @param old the item before the change, or null (an insert)
   * @param updated the item after it, or null (a removal)
   * @param byService whether DynamoDB itself made the change (a TTL deletion), which the record's
   *     {@code userIdentity} says
   */
  static void append(
      Connection c,
      TableDef table,
      ObjectNode old,
      ObjectNode updated,
      long nowMillis,
      boolean byService)
      throws SQLException {
    JsonNode streamId = table.definition().get("StreamId");
    if (streamId == null || (old == null && updated == null)) {
      return;
    }
    if (old != null && old.equals(updated)) {
      return;
    }
    String viewType =
        table.definition().path("StreamSpecification").path("StreamViewType").asText();
    ObjectNode some = updated != null ? updated : old;
    ObjectNode keys = NODES.objectNode();
    for (String name : table.key().names()) {
      keys.set(name, some.get(name));
    }
    ObjectNode body = NODES.objectNode();
    body.set("Keys", keys);
    long size = AttributeValues.itemSize(keys);
    if (updated != null
        && (viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
      body.set("NewImage", updated);
      size += AttributeValues.itemSize(updated);
    }
    if (old != null && (viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
      body.set("OldImage", old);
      size += AttributeValues.itemSize(old);
    }
    body.put("SizeBytes", size);
    body.put("StreamViewType", viewType);
    ObjectNode record = NODES.objectNode();
    record.put("eventName", old == null ? "INSERT" : updated == null ? "REMOVE" : "MODIFY");
    record.set("dynamodb", body);
    if (byService) {
      ObjectNode identity = record.putObject("userIdentity");
      identity.put("PrincipalId", "dynamodb.amazonaws.com");
      identity.put("Type", "Service");
    }
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO ddb_stream_record (stream_id, created_ms, record) VALUES (?, ?, ?)")) {
      s.setLong(1, streamId.asLong());
      s.setLong(2, nowMillis);
      s.setBytes(3, DynamoDbStore.encode(record));
      s.executeUpdate();
    }
  }
}
