package dev.basin.cloudtrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.basin.core.storage.MetadataStore;
import dev.basin.core.storage.SqliteMetadataStore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CloudTrail's events and trails in one SQLite database ({@code <dir>/cloudtrail.db}).
 *
 * <p>Events are rows numbered in commit order ({@code seq}): a trail's delivery cursor is a
 * sequence number, and since one writer commits in order, every event up to the highest committed
 * number is visible to a reader that sees that number. LookupEvents pages by {@code (time, seq)},
 * newest first.
 */
final class CloudTrailStore implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE ct_event (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            event_id TEXT NOT NULL,
            time_ms INTEGER NOT NULL,
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            event_name TEXT NOT NULL,
            event_source TEXT NOT NULL,
            username TEXT,
            access_key_id TEXT,
            read_only INTEGER NOT NULL,
            management INTEGER NOT NULL,
            data_arn TEXT,
            resources TEXT NOT NULL,
            record TEXT NOT NULL
          );
          CREATE INDEX ct_event_time ON ct_event (account, region, time_ms, seq);
          CREATE INDEX ct_event_id ON ct_event (event_id);
          CREATE INDEX ct_event_name ON ct_event (event_name, time_ms);
          CREATE TABLE ct_resource (
            seq INTEGER NOT NULL REFERENCES ct_event (seq) ON DELETE CASCADE,
            type TEXT NOT NULL,
            name TEXT NOT NULL
          );
          CREATE INDEX ct_resource_seq ON ct_resource (seq);
          CREATE INDEX ct_resource_name ON ct_resource (name);
          CREATE TABLE ct_trail (
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            name TEXT NOT NULL,
            bucket TEXT NOT NULL,
            key_prefix TEXT,
            include_global INTEGER NOT NULL,
            multi_region INTEGER NOT NULL,
            log_validation INTEGER NOT NULL,
            sns_topic TEXT,
            kms_key TEXT,
            selectors TEXT,
            logging INTEGER NOT NULL,
            start_ms INTEGER,
            stop_ms INTEGER,
            cursor INTEGER NOT NULL,
            delivery_ms INTEGER,
            attempt_ms INTEGER,
            delivery_error TEXT,
            PRIMARY KEY (account, region, name)
          );
          """);

  private final MetadataStore db;

  private CloudTrailStore(MetadataStore db) {
    this.db = db;
  }

  /**
   * Opens the database. Durability is {@code NORMAL}: the events are an audit trail of an emulator,
   * written off the request path; a sync per commit would compete with the services' own syncs for
   * the disk, and a killed process still loses nothing acknowledged.
   */
  static CloudTrailStore open(Path dir) {
    return new CloudTrailStore(
        SqliteMetadataStore.open(
            dir.resolve("cloudtrail.db"),
            MIGRATIONS,
            new SqliteMetadataStore.Options(
                SqliteMetadataStore.Durability.NORMAL, 2, 64, Duration.ofSeconds(10))));
  }

  // ---------------------------------------------------------------- events

  /** Inserts events in one transaction, in order. */
  void insert(List<CloudTrailEvent> events) {
    db.write(
        c -> {
          try (PreparedStatement event =
                  c.prepareStatement(
                      "INSERT INTO ct_event (event_id, time_ms, account, region, event_name,"
                          + " event_source, username, access_key_id, read_only, management,"
                          + " data_arn, resources, record)"
                          + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
              PreparedStatement resource =
                  c.prepareStatement(
                      "INSERT INTO ct_resource (seq, type, name) VALUES (last_insert_rowid(),?,?)")) {
            for (CloudTrailEvent e : events) {
              event.setString(1, e.eventId());
              event.setLong(2, e.time().toEpochMilli());
              event.setString(3, e.accountId());
              event.setString(4, e.region());
              event.setString(5, e.eventName());
              event.setString(6, e.eventSource());
              event.setString(7, e.username());
              event.setString(8, e.accessKeyId());
              event.setInt(9, e.readOnly() ? 1 : 0);
              event.setInt(10, e.management() ? 1 : 0);
              event.setString(11, e.dataResourceArn());
              event.setString(12, resourcesJson(e.resources()));
              event.setString(13, e.json());
              event.executeUpdate();
              for (CloudTrailEvent.Resource r : e.resources()) {
                resource.setString(1, r.type());
                resource.setString(2, r.name());
                resource.executeUpdate();
              }
            }
          }
          return null;
        });
  }

  /** Deletes events older than {@code cutoff}; returns how many. */
  int deleteBefore(Instant cutoff) {
    return db.write(
        c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM ct_event WHERE time_ms < ?")) {
            s.setLong(1, cutoff.toEpochMilli());
            return s.executeUpdate();
          }
        });
  }

  /** The highest committed sequence number, 0 when there is no event. */
  long lastSeq() {
    return db.read(
        c -> {
          try (PreparedStatement s =
                  c.prepareStatement("SELECT coalesce(max(seq), 0) FROM ct_event");
              ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * A LookupEvents query: management events of one account and region.
   *
   * @param column the filtered column ({@code event_id}, {@code event_name}, ...) or {@code
   *     resource_type}/{@code resource_name}, or null
   * @param beforeTime with {@code beforeSeq}, the exclusive page start (newest first), or -1
   */
  record Lookup(
      String account,
      String region,
      String column,
      Object value,
      long fromMs,
      long toMs,
      long beforeTime,
      long beforeSeq,
      int limit) {}

  /** A stored event as LookupEvents answers it. */
  record StoredEvent(
      long seq,
      String eventId,
      long timeMs,
      String eventName,
      String eventSource,
      String username,
      String accessKeyId,
      boolean readOnly,
      List<CloudTrailEvent.Resource> resources,
      String record) {}

  List<StoredEvent> lookup(Lookup q) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, event_id, time_ms, event_name, event_source, username, access_key_id,"
                + " read_only, resources, record FROM ct_event e WHERE account = ? AND region = ?"
                + " AND management = 1 AND time_ms >= ? AND time_ms <= ?");
    if (q.column() != null) {
      switch (q.column()) {
        case "resource_type" ->
            sql.append(
                " AND EXISTS (SELECT 1 FROM ct_resource r WHERE r.seq = e.seq AND r.type = ?)");
        case "resource_name" ->
            sql.append(
                " AND EXISTS (SELECT 1 FROM ct_resource r WHERE r.seq = e.seq AND r.name = ?)");
        case "event_id", "event_name", "username", "access_key_id", "event_source", "read_only" ->
            sql.append(" AND ").append(q.column()).append(" = ?");
        default -> throw new IllegalArgumentException("not a lookup column: " + q.column());
      }
    }
    if (q.beforeTime() >= 0) {
      sql.append(" AND (time_ms < ? OR (time_ms = ? AND seq < ?))");
    }
    sql.append(" ORDER BY time_ms DESC, seq DESC LIMIT ?");
    return db.read(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, q.account());
            s.setString(i++, q.region());
            s.setLong(i++, q.fromMs());
            s.setLong(i++, q.toMs());
            if (q.column() != null) {
              s.setObject(i++, q.value());
            }
            if (q.beforeTime() >= 0) {
              s.setLong(i++, q.beforeTime());
              s.setLong(i++, q.beforeTime());
              s.setLong(i++, q.beforeSeq());
            }
            s.setInt(i, q.limit());
            try (ResultSet rs = s.executeQuery()) {
              List<StoredEvent> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new StoredEvent(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getInt(8) == 1,
                        parseResources(rs.getString(9)),
                        rs.getString(10)));
              }
              return out;
            }
          }
        });
  }

  /** An event a trail may deliver. */
  record Deliverable(
      long seq,
      String region,
      String eventSource,
      String eventName,
      boolean readOnly,
      boolean management,
      String dataArn,
      String record) {}

  /** Events of {@code account} after {@code afterSeq}, oldest first, at most {@code limit}. */
  List<Deliverable> eventsAfter(String account, long afterSeq, int limit) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT seq, region, event_source, event_name, read_only, management, data_arn,"
                      + " record"
                      + " FROM ct_event WHERE seq > ? AND account = ? ORDER BY seq LIMIT ?")) {
            s.setLong(1, afterSeq);
            s.setString(2, account);
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
              List<Deliverable> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new Deliverable(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5) == 1,
                        rs.getInt(6) == 1,
                        rs.getString(7),
                        rs.getString(8)));
              }
              return out;
            }
          }
        });
  }

  // ---------------------------------------------------------------- trails

  private static final String TRAIL_COLUMNS =
      "name, account, region, bucket, key_prefix, include_global, multi_region, log_validation,"
          + " sns_topic, kms_key, selectors, logging, start_ms, stop_ms, cursor, delivery_ms,"
          + " attempt_ms, delivery_error";

  /** Inserts a trail; false if one of that name exists in its account and region. */
  boolean insertTrail(Trail t) {
    return db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT OR IGNORE INTO ct_trail ("
                      + TRAIL_COLUMNS
                      + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            bindTrail(s, t);
            return s.executeUpdate() == 1;
          }
        });
  }

  /**
   * Updates a trail's configuration and logging state, keyed by account, home region and name. The
   * cursor only moves forward and the delivery columns are left alone: the delivery thread updates
   * them concurrently.
   */
  void updateTrail(Trail t) {
    db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE ct_trail SET bucket = ?, key_prefix = ?, include_global = ?,"
                      + " multi_region = ?, log_validation = ?, sns_topic = ?, kms_key = ?,"
                      + " selectors = ?, logging = ?, start_ms = ?, stop_ms = ?,"
                      + " cursor = max(cursor, ?) WHERE account = ? AND region = ? AND name = ?")) {
            s.setString(1, t.bucket());
            s.setString(2, t.keyPrefix());
            s.setInt(3, t.includeGlobalServiceEvents() ? 1 : 0);
            s.setInt(4, t.multiRegion() ? 1 : 0);
            s.setInt(5, t.logFileValidation() ? 1 : 0);
            s.setString(6, t.snsTopicName());
            s.setString(7, t.kmsKeyId());
            s.setString(8, t.selectors() == null ? null : t.selectors().toString());
            s.setInt(9, t.logging() ? 1 : 0);
            setInstant(s, 10, t.startedLogging());
            setInstant(s, 11, t.stoppedLogging());
            s.setLong(12, t.cursor());
            s.setString(13, t.accountId());
            s.setString(14, t.homeRegion());
            s.setString(15, t.name());
            s.executeUpdate();
          }
          return null;
        });
  }

  /** Records a delivery attempt: the new cursor, and the delivery time or the error. */
  void recordDelivery(Trail t, long cursor, Instant attempt, String error) {
    db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE ct_trail SET cursor = max(cursor, ?), attempt_ms = ?,"
                      + " delivery_ms = CASE WHEN ? IS NULL THEN ? ELSE delivery_ms END,"
                      + " delivery_error = ? WHERE account = ? AND region = ? AND name = ?")) {
            s.setLong(1, cursor);
            s.setLong(2, attempt.toEpochMilli());
            s.setString(3, error);
            s.setLong(4, attempt.toEpochMilli());
            s.setString(5, error);
            s.setString(6, t.accountId());
            s.setString(7, t.homeRegion());
            s.setString(8, t.name());
            s.executeUpdate();
          }
          return null;
        });
  }

  /** Moves a trail's cursor past events it does not select. */
  void advanceCursor(Trail t, long cursor) {
    db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE ct_trail SET cursor = max(cursor, ?)"
                      + " WHERE account = ? AND region = ? AND name = ?")) {
            s.setLong(1, cursor);
            s.setString(2, t.accountId());
            s.setString(3, t.homeRegion());
            s.setString(4, t.name());
            s.executeUpdate();
          }
          return null;
        });
  }

  boolean deleteTrail(String account, String region, String name) {
    return db.write(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "DELETE FROM ct_trail WHERE account = ? AND region = ? AND name = ?")) {
            s.setString(1, account);
            s.setString(2, region);
            s.setString(3, name);
            return s.executeUpdate() == 1;
          }
        });
  }

  Optional<Trail> trail(String account, String region, String name) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + TRAIL_COLUMNS
                      + " FROM ct_trail WHERE account = ? AND region = ? AND name = ?")) {
            s.setString(1, account);
            s.setString(2, region);
            s.setString(3, name);
            List<Trail> found = readTrails(s);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
          }
        });
  }

  /** Trails of {@code account} (every account when null), by region and name. */
  List<Trail> trails(String account) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT "
                      + TRAIL_COLUMNS
                      + " FROM ct_trail WHERE ? IS NULL OR account = ? ORDER BY region, name")) {
            s.setString(1, account);
            s.setString(2, account);
            return readTrails(s);
          }
        });
  }

  private static void bindTrail(PreparedStatement s, Trail t) throws SQLException {
    s.setString(1, t.name());
    s.setString(2, t.accountId());
    s.setString(3, t.homeRegion());
    s.setString(4, t.bucket());
    s.setString(5, t.keyPrefix());
    s.setInt(6, t.includeGlobalServiceEvents() ? 1 : 0);
    s.setInt(7, t.multiRegion() ? 1 : 0);
    s.setInt(8, t.logFileValidation() ? 1 : 0);
    s.setString(9, t.snsTopicName());
    s.setString(10, t.kmsKeyId());
    s.setString(11, t.selectors() == null ? null : t.selectors().toString());
    s.setInt(12, t.logging() ? 1 : 0);
    setInstant(s, 13, t.startedLogging());
    setInstant(s, 14, t.stoppedLogging());
    s.setLong(15, t.cursor());
    setInstant(s, 16, t.lastDelivery());
    setInstant(s, 17, t.lastDeliveryAttempt());
    s.setString(18, t.deliveryError());
  }

  private static List<Trail> readTrails(PreparedStatement s) throws SQLException {
    List<Trail> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        String selectors = rs.getString(11);
        out.add(
            new Trail(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getInt(6) == 1,
                rs.getInt(7) == 1,
                rs.getInt(8) == 1,
                rs.getString(9),
                rs.getString(10),
                selectors == null ? null : parse(selectors),
                rs.getInt(12) == 1,
                instant(rs, 13),
                instant(rs, 14),
                rs.getLong(15),
                instant(rs, 16),
                instant(rs, 17),
                rs.getString(18)));
      }
    }
    return out;
  }

  private static void setInstant(PreparedStatement s, int index, Instant value)
      throws SQLException {
    if (value == null) {
      s.setNull(index, Types.INTEGER);
    } else {
      s.setLong(index, value.toEpochMilli());
    }
  }

  private static Instant instant(ResultSet rs, int index) throws SQLException {
    long ms = rs.getLong(index);
    return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
  }

  private static String resourcesJson(List<CloudTrailEvent.Resource> resources) {
    if (resources.isEmpty()) {
      return "[]";
    }
    ArrayNode array = JSON.createArrayNode();
    for (CloudTrailEvent.Resource r : resources) {
      array.addObject().put("t", r.type()).put("n", r.name());
    }
    return array.toString();
  }

  private static List<CloudTrailEvent.Resource> parseResources(String json) {
    if (json.equals("[]")) {
      return List.of();
    }
    List<CloudTrailEvent.Resource> out = new ArrayList<>();
    for (JsonNode r : parse(json)) {
      out.add(new CloudTrailEvent.Resource(r.path("t").asText(), r.path("n").asText()));
    }
    return out;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    db.close();
  }
}
