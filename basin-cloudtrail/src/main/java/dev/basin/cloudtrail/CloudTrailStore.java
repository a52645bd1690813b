package dev.basin.cloudtrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.storage.MetadataStore;
import dev.basin.core.storage.SqliteMetadataStore;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
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
          """,
          // 2: one compact row per event, the record text apart, one (partial) index. The old
          // tables' events are copied with their sequence numbers: trail cursors stay valid.
          """
          CREATE TABLE ct_event2 (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            time_ms INTEGER NOT NULL,
            account TEXT NOT NULL,
            region TEXT NOT NULL,
            management INTEGER NOT NULL,
            read_only INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            event_name TEXT NOT NULL,
            event_source TEXT NOT NULL,
            username TEXT,
            access_key_id TEXT,
            resources TEXT NOT NULL,
            data_arn TEXT
          );
          CREATE TABLE ct_record (
            seq INTEGER PRIMARY KEY,
            record TEXT NOT NULL
          );
          INSERT INTO ct_event2 (seq, time_ms, account, region, management, read_only, event_id,
              event_name, event_source, username, access_key_id, resources, data_arn)
            SELECT seq, time_ms, account, region, management, read_only, event_id, event_name,
                event_source, username, access_key_id,
                coalesce((SELECT char(30) || group_concat(type || char(31) || name || char(30), '')
                    FROM (SELECT type, name FROM ct_resource r WHERE r.seq = e.seq
                        ORDER BY r.rowid)), ''),
                data_arn
            FROM ct_event e ORDER BY seq;
          INSERT INTO ct_record (seq, record) SELECT seq, record FROM ct_event ORDER BY seq;
          DELETE FROM sqlite_sequence WHERE name = 'ct_event2';
          INSERT INTO sqlite_sequence (name, seq)
            SELECT 'ct_event2', seq FROM sqlite_sequence WHERE name = 'ct_event';
          DROP TABLE ct_resource;
          DROP TABLE ct_event;
          ALTER TABLE ct_event2 RENAME TO ct_event;
          CREATE INDEX ct_event_lookup ON ct_event (account, region, time_ms) WHERE management = 1;
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
    MetadataStore db =
        SqliteMetadataStore.open(
            dir.resolve("cloudtrail.db"),
            MIGRATIONS,
            new SqliteMetadataStore.Options(
                SqliteMetadataStore.Durability.NORMAL, 2, 64, Duration.ofSeconds(10)));
    // The writer checkpoints (copies the WAL into the database and syncs) when the WAL passes this
    // many pages. SQLite's 1,000 (4 MiB) is a checkpoint after nearly every busy batch; much more
    // than 4,096 (16 MiB) makes each checkpoint a long stall, during which the recorder's queue
    // (and the young generation the collector copies) grows. Measured with bench/cloudtrail.sh.
    db.write(
        c -> {
          try (java.sql.Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_autocheckpoint = " + WAL_CHECKPOINT_PAGES);
          }
          return null;
        });
    return new CloudTrailStore(db);
  }

  static final int WAL_CHECKPOINT_PAGES = 4_096;

  // ---------------------------------------------------------------- events

  /** Events per INSERT statement: a fraction of the statement executions (and JNI calls). */
  private static final int ROWS_PER_STATEMENT = 32;

  private static final int EVENT_COLUMNS = 13;

  /**
   * Inserts events in one transaction, in order: each event one compact row in {@code ct_event}
   * (whose one index, over management events' account, region and time, is appended to in time
   * order) and its record text in {@code ct_record} under the same sequence number. Numbers are
   * given here, after the highest ever given, so that both tables take many rows per statement.
   */
  void insert(List<CloudTrailEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    db.write(
        c -> {
          InsertStatements statements = insertStatements(c);
          long next;
          try (ResultSet rs = statements.nextSeq.executeQuery()) {
            rs.next();
            next = rs.getLong(1) + 1;
          }
          int i = 0;
          while (i < events.size()) {
            int rows = Math.min(ROWS_PER_STATEMENT, events.size() - i);
            PreparedStatement event = statements.events(rows);
            PreparedStatement record = statements.records(rows);
            for (int r = 0; r < rows; r++) {
              CloudTrailEvent e = events.get(i + r);
              bindEvent(event, r * EVENT_COLUMNS, next + r, e);
              record.setLong(2 * r + 1, next + r);
              record.setString(2 * r + 2, e.json());
            }
            event.executeUpdate();
            record.executeUpdate();
            i += rows;
            next += rows;
          }
          return null;
        });
  }

  /**
   * The insert statements, prepared once per writer connection: at a few events per batch,
   * preparing statements of hundreds of parameters would cost more than running them. Only the
   * store's writer thread runs write work, so only it touches them.
   */
  private InsertStatements insertStatements(Connection c) throws SQLException {
    InsertStatements current = statements;
    if (current == null || current.connection != c) {
      if (current != null) {
        current.close();
      }
      current = new InsertStatements(c);
      statements = current;
    }
    return current;
  }

  private InsertStatements statements;

  /** Prepared inserts by row count (1 to {@link #ROWS_PER_STATEMENT}), made when first needed. */
  private static final class InsertStatements implements AutoCloseable {
    final Connection connection;
    final PreparedStatement nextSeq;
    private final PreparedStatement[] events = new PreparedStatement[ROWS_PER_STATEMENT + 1];
    private final PreparedStatement[] records = new PreparedStatement[ROWS_PER_STATEMENT + 1];

    InsertStatements(Connection connection) throws SQLException {
      this.connection = connection;
      // after the highest number ever given, deleted or not: sqlite_sequence remembers it
      this.nextSeq =
          connection.prepareStatement(
              "SELECT max(coalesce((SELECT max(seq) FROM ct_event), 0),"
                  + " coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'ct_event'), 0))");
    }

    PreparedStatement events(int rows) throws SQLException {
      if (events[rows] == null) {
        events[rows] = connection.prepareStatement(eventInsert(rows));
      }
      return events[rows];
    }

    PreparedStatement records(int rows) throws SQLException {
      if (records[rows] == null) {
        records[rows] = connection.prepareStatement(recordInsert(rows));
      }
      return records[rows];
    }

    @Override
    public void close() {
      closeQuietly(nextSeq);
      for (int i = 0; i <= ROWS_PER_STATEMENT; i++) {
        closeQuietly(events[i]);
        closeQuietly(records[i]);
      }
    }

    private static void closeQuietly(PreparedStatement s) {
      if (s != null) {
        try {
          s.close();
        } catch (SQLException e) {
          // closing: nothing to do about it
        }
      }
    }
  }

  private static String eventInsert(int rows) {
    return "INSERT INTO ct_event (seq, time_ms, account, region, management, read_only,"
        + " event_id, event_name, event_source, username, access_key_id, resources, data_arn)"
        + " VALUES "
        + values("(?,?,?,?,?,?,?,?,?,?,?,?,?)", rows);
  }

  private static String recordInsert(int rows) {
    return "INSERT INTO ct_record (seq, record) VALUES " + values("(?,?)", rows);
  }

  private static String values(String row, int rows) {
    StringBuilder sql = new StringBuilder(row.length() * rows + rows);
    for (int r = 0; r < rows; r++) {
      sql.append(r == 0 ? "" : ",").append(row);
    }
    return sql.toString();
  }

  private static void bindEvent(PreparedStatement s, int offset, long seq, CloudTrailEvent e)
      throws SQLException {
    s.setLong(offset + 1, seq);
    s.setLong(offset + 2, e.time().toEpochMilli());
    s.setString(offset + 3, e.accountId());
    s.setString(offset + 4, e.region());
    s.setInt(offset + 5, e.management() ? 1 : 0);
    s.setInt(offset + 6, e.readOnly() ? 1 : 0);
    s.setString(offset + 7, e.eventId());
    s.setString(offset + 8, e.eventName());
    s.setString(offset + 9, e.eventSource());
    s.setString(offset + 10, e.username());
    s.setString(offset + 11, e.accessKeyId());
    s.setString(offset + 12, encodeResources(e.resources()));
    s.setString(offset + 13, e.dataResourceArn());
  }

  /**
   * Deletes the events recorded before the first one at or after {@code cutoff}; returns how many.
   * Events are numbered in time order as long as Basin's clock only moves forward, so this reads
   * only the expired prefix; after the clock was moved back, some events of an older time may stay
   * longer (LookupEvents filters by time itself).
   */
  int deleteBefore(Instant cutoff) {
    return db.write(
        c -> {
          long first;
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT coalesce((SELECT seq FROM ct_event WHERE time_ms >= ? ORDER BY seq"
                      + " LIMIT 1), (SELECT coalesce(max(seq), 0) + 1 FROM ct_event))")) {
            s.setLong(1, cutoff.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
              rs.next();
              first = rs.getLong(1);
            }
          }
          try (PreparedStatement records =
                  c.prepareStatement("DELETE FROM ct_record WHERE seq < ?");
              PreparedStatement events = c.prepareStatement("DELETE FROM ct_event WHERE seq < ?")) {
            records.setLong(1, first);
            records.executeUpdate();
            events.setLong(1, first);
            return events.executeUpdate();
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

  /**
   * Reads one page of events newest first, through the time index: an attribute filter is applied
   * to the rows of the time range as they are read (no index per attribute makes inserts pay), but
   * an EventId narrows the range to the millisecond its id carries ({@link EventIds}).
   */
  List<StoredEvent> lookup(Lookup q) {
    long fromMs = q.fromMs();
    long toMs = q.toMs();
    if ("event_id".equals(q.column())) {
      long ms = EventIds.millis((String) q.value());
      if (ms >= 0) {
        fromMs = Math.max(fromMs, ms);
        toMs = Math.min(toMs, ms);
      }
    }
    StringBuilder sql =
        new StringBuilder(
            "SELECT e.seq, event_id, time_ms, event_name, event_source, username, access_key_id,"
                + " read_only, resources, r.record FROM ct_event e JOIN ct_record r ON r.seq ="
                + " e.seq WHERE account = ? AND region = ? AND management = 1 AND time_ms >= ?"
                + " AND time_ms <= ?");
    if (q.column() != null) {
      switch (q.column()) {
        case "resource_type" -> sql.append(" AND instr(resources, char(30) || ? || char(31)) > 0");
        case "resource_name" -> sql.append(" AND instr(resources, char(31) || ? || char(30)) > 0");
        case "event_id", "event_name", "username", "access_key_id", "event_source", "read_only" ->
            sql.append(" AND ").append(q.column()).append(" = ?");
        default -> throw new IllegalArgumentException("not a lookup column: " + q.column());
      }
    }
    if (q.beforeTime() >= 0) {
      sql.append(" AND (time_ms < ? OR (time_ms = ? AND e.seq < ?))");
    }
    sql.append(" ORDER BY time_ms DESC, e.seq DESC LIMIT ?");
    long from = fromMs;
    long to = toMs;
    return db.read(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            s.setString(i++, q.account());
            s.setString(i++, q.region());
            s.setLong(i++, from);
            s.setLong(i++, to);
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
                        decodeResources(rs.getString(9)),
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
                  "SELECT e.seq, region, event_source, event_name, read_only, management,"
                      + " data_arn, r.record FROM ct_event e JOIN ct_record r ON r.seq = e.seq"
                      + " WHERE e.seq > ? AND account = ? ORDER BY e.seq LIMIT ?")) {
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

  /**
   * An event's resources in one column LookupEvents can filter with {@code instr}: empty, or
   * U+001E, then {@code type U+001F name U+001E} per resource. Neither separator occurs in a
   * resource type or a name AWS accepts.
   */
  static String encodeResources(List<CloudTrailEvent.Resource> resources) {
    if (resources.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(64).append(RECORD_SEPARATOR);
    for (CloudTrailEvent.Resource r : resources) {
      out.append(r.type()).append(UNIT_SEPARATOR).append(r.name()).append(RECORD_SEPARATOR);
    }
    return out.toString();
  }

  static List<CloudTrailEvent.Resource> decodeResources(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    List<CloudTrailEvent.Resource> out = new ArrayList<>(1);
    int start = 1;
    while (start < text.length()) {
      int unit = text.indexOf(UNIT_SEPARATOR, start);
      int end = text.indexOf(RECORD_SEPARATOR, unit + 1);
      out.add(
          new CloudTrailEvent.Resource(text.substring(start, unit), text.substring(unit + 1, end)));
      start = end + 1;
    }
    return out;
  }

  private static final char RECORD_SEPARATOR = '\u001e';
  private static final char UNIT_SEPARATOR = '\u001f';

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      db.write(
          c -> {
            if (statements != null) {
              statements.close();
              statements = null;
            }
            return null;
          });
    } catch (RuntimeException e) {
      // already closed: its connection closed the statements
    }
    db.close();
  }
}
