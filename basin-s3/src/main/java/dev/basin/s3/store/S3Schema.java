package dev.basin.s3.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The SQLite schema of the S3 store and the mapping of its version rows.
 *
 * <p>{@code object_version} is a WITHOUT ROWID table clustered on {@code (bucket, key, vorder)}:
 * keys are BLOBs of UTF-8 so the b-tree order is S3's listing order, and {@code vorder} is minus
 * the version's sequence, so a key's versions are stored newest first. A GET is one b-tree seek, a
 * listing a range scan. Partial indexes serve the hot lookups without taxing other rows: current
 * objects ({@code object_live}, what ListObjects scans), null versions, and shared blob files.
 * Inline bytes live in {@code inline_data}, a rowid table, so version rows stay small. A multipart
 * object's part sizes ({@code part_sizes}, 8 bytes each, big-endian) are read only for {@code
 * partNumber} requests, not with every version row.
 */
final class S3Schema {

  private S3Schema() {}

  static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE bucket (
            name TEXT NOT NULL PRIMARY KEY,
            region TEXT NOT NULL,
            owner TEXT NOT NULL,
            created_ms INTEGER NOT NULL,
            versioning INTEGER NOT NULL
          ) WITHOUT ROWID;
          CREATE TABLE bucket_config (
            bucket TEXT NOT NULL,
            kind TEXT NOT NULL,
            document TEXT NOT NULL,
            PRIMARY KEY (bucket, kind)
          ) WITHOUT ROWID;
          CREATE TABLE inline_data (id INTEGER PRIMARY KEY, bytes BLOB NOT NULL);
          CREATE TABLE object_version (
            bucket TEXT NOT NULL,
            key BLOB NOT NULL,
            vorder INTEGER NOT NULL,
            null_version INTEGER NOT NULL,
            latest INTEGER NOT NULL,
            delete_marker INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT,
            modified_ms INTEGER NOT NULL,
            owner TEXT NOT NULL,
            storage_class TEXT NOT NULL,
            headers TEXT,
            user_metadata TEXT,
            tags TEXT,
            checksum TEXT,
            restore_ongoing INTEGER,
            restore_expiry_ms INTEGER,
            restore_completes_ms INTEGER,
            parts_count INTEGER NOT NULL,
            part_sizes BLOB,
            blob_id TEXT,
            inline_id INTEGER,
            PRIMARY KEY (bucket, key, vorder)
          ) WITHOUT ROWID;
          CREATE INDEX object_live ON object_version (bucket, key)
            WHERE latest = 1 AND delete_marker = 0;
          CREATE INDEX object_null ON object_version (bucket, key) WHERE null_version = 1;
          CREATE INDEX object_blob ON object_version (blob_id) WHERE blob_id IS NOT NULL;
          CREATE TABLE upload (
            upload_id TEXT NOT NULL PRIMARY KEY,
            bucket TEXT NOT NULL,
            key BLOB NOT NULL,
            initiated_ms INTEGER NOT NULL,
            owner TEXT NOT NULL,
            storage_class TEXT NOT NULL,
            headers TEXT,
            user_metadata TEXT,
            tags TEXT,
            checksum TEXT
          ) WITHOUT ROWID;
          CREATE INDEX upload_key ON upload (bucket, key, initiated_ms, upload_id);
          CREATE TABLE part (
            upload_id TEXT NOT NULL,
            part_number INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            modified_ms INTEGER NOT NULL,
            checksum TEXT,
            blob_id TEXT,
            inline_id INTEGER,
            PRIMARY KEY (upload_id, part_number)
          ) WITHOUT ROWID;
          """);

  /** The columns {@link #version} reads, in order. */
  static final String VERSION_COLUMNS =
      "key, vorder, null_version, latest, delete_marker, size, etag, modified_ms, owner,"
          + " storage_class, headers, user_metadata, tags, checksum, restore_ongoing,"
          + " restore_expiry_ms, parts_count, blob_id, inline_id, restore_completes_ms";

  /** A version row with the columns that locate its bytes. */
  record VersionRow(ObjectVersion version, long vorder, String blobId, long inlineId) {}

  /** Maps the current row of a {@code SELECT VERSION_COLUMNS ...}; {@code key} may be passed. */
  static VersionRow version(String bucket, String key, ResultSet rs) throws SQLException {
    String k = key != null ? key : RowCodec.string(rs.getBytes(1));
    long vorder = rs.getLong(2);
    boolean nullVersion = rs.getInt(3) != 0;
    String versionId = nullVersion ? ObjectVersion.NULL_VERSION : VersionIds.encode(-vorder);
    ObjectAttributes attributes =
        new ObjectAttributes(
            rs.getString(9),
            rs.getString(10),
            RowCodec.decodeHeaders(rs.getString(11)),
            RowCodec.decodeMap(rs.getString(12)),
            RowCodec.decodeMap(rs.getString(13)),
            RowCodec.decodeChecksum(rs.getString(14)));
    RestoreState restore = null;
    long ongoing = rs.getLong(15);
    if (!rs.wasNull()) {
      long expiry = rs.getLong(16);
      Instant expiryTime = rs.wasNull() ? null : Instant.ofEpochMilli(expiry);
      long completes = rs.getLong(20);
      Instant completesAt = rs.wasNull() ? null : Instant.ofEpochMilli(completes);
      restore = new RestoreState(ongoing != 0, expiryTime, completesAt);
    }
    String blobId = rs.getString(18);
    long inlineId = rs.getLong(19);
    if (rs.wasNull()) {
      inlineId = -1;
    }
    ObjectVersion v =
        new ObjectVersion(
            bucket,
            k,
            versionId,
            rs.getInt(4) != 0,
            rs.getInt(5) != 0,
            rs.getLong(6),
            rs.getString(7),
            Instant.ofEpochMilli(rs.getLong(8)),
            attributes,
            restore,
            rs.getInt(17),
            inlineId >= 0);
    return new VersionRow(v, vorder, blobId, inlineId);
  }
}
