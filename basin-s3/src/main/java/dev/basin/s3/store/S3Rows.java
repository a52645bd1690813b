package dev.basin.s3.store;

import static dev.basin.s3.store.S3StoreException.noSuchBucket;
import static dev.basin.s3.store.S3StoreException.noSuchKey;
import static dev.basin.s3.store.S3StoreException.noSuchUpload;
import static dev.basin.s3.store.S3StoreException.noSuchVersion;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.storage.BlobStore;
import dev.basin.core.storage.StorageException;
import dev.basin.s3.store.S3Schema.VersionRow;
import dev.basin.s3.store.S3Store.MultipartUpload;
import dev.basin.s3.store.S3Store.UploadPart;
import dev.basin.s3.store.S3StoreException.Reason;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SQL of the store's units of work: version rows (insert under a versioning state, removal,
 * lookup), inline bytes, uploads, buckets. Every method runs inside a unit the caller passes the
 * connection of; none commits.
 */
final class S3Rows {

  private final StatementCache sql;
  private final BasinClock clock;
  private final AtomicLong lastSequence = new AtomicLong();

  S3Rows(StatementCache sql, BasinClock clock) {
    this.sql = sql;
    this.clock = clock;
  }

  /** Sets the last version sequence issued (the largest stored), at open. */
  void startSequenceAfter(long sequence) {
    lastSequence.set(sequence);
  }

  // ---------------------------------------------------------------- version rows

  /**
   * A version to insert. {@code inlineId} -1 when the bytes are in {@code blobId} (or none); {@code
   * partSizes} null unless the object was uploaded in parts.
   */
  record NewVersion(
      boolean deleteMarker,
      long size,
      String etag,
      long modifiedMs,
      ObjectAttributes attributes,
      int partsCount,
      String blobId,
      long inlineId,
      long[] partSizes) {}

  /** A unit's result and the blob files to delete once it has committed. */
  record Mutation<T>(T result, List<String> blobsToDelete) {
    T finish(BlobStore blobs) {
      for (String id : blobsToDelete) {
        blobs.delete(id);
      }
      return result;
    }
  }

  /**
   * Inserts {@code nv} as the latest version of {@code key} under {@code state}: a null version
   * (replacing the existing one) unless versioning is enabled. Adds the blob of a replaced version
   * to {@code candidates}.
   */
  ObjectVersion insertVersion(
      Connection c,
      String bucket,
      String key,
      byte[] k,
      VersioningState state,
      NewVersion nv,
      List<String> candidates)
      throws SQLException {
    boolean nullVersion = state != VersioningState.ENABLED;
    if (nullVersion) {
      Optional<VersionRow> old = findVersion(c, bucket, key, k, -1);
      if (old.isPresent()) {
        deleteRow(c, bucket, k, old.get(), candidates);
      }
    }
    PreparedStatement clear =
        sql.get(
            c, "UPDATE object_version SET latest = 0 WHERE bucket = ? AND key = ? AND latest = 1");
    clear.setString(1, bucket);
    clear.setBytes(2, k);
    clear.executeUpdate();
    long sequence = nextSequence();
    PreparedStatement ps =
        sql.get(
            c,
            "INSERT INTO object_version (bucket, key, vorder, null_version, latest, delete_marker,"
                + " size, etag, modified_ms, owner, storage_class, headers, user_metadata, tags,"
                + " checksum, restore_ongoing, restore_expiry_ms, parts_count, blob_id, inline_id,"
                + " part_sizes)"
                + " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)");
    ObjectAttributes a = nv.attributes();
    ps.setString(1, bucket);
    ps.setBytes(2, k);
    ps.setLong(3, -sequence);
    ps.setInt(4, nullVersion ? 1 : 0);
    ps.setInt(5, nv.deleteMarker() ? 1 : 0);
    ps.setLong(6, nv.size());
    ps.setString(7, nv.etag());
    ps.setLong(8, nv.modifiedMs());
    ps.setString(9, a.owner());
    ps.setString(10, a.storageClass());
    ps.setString(11, RowCodec.encodeHeaders(a.headers()));
    ps.setString(12, RowCodec.encodeMap(a.userMetadata()));
    ps.setString(13, RowCodec.encodeMap(a.tags()));
    ps.setString(14, RowCodec.encodeChecksum(a.checksum()));
    ps.setInt(15, nv.partsCount());
    ps.setString(16, nv.blobId());
    setNullableLong(ps, 17, nv.inlineId() >= 0 ? nv.inlineId() : null);
    ps.setBytes(18, RowCodec.encodePartSizes(nv.partSizes()));
    ps.executeUpdate();
    return new ObjectVersion(
        bucket,
        key,
        nullVersion ? ObjectVersion.NULL_VERSION : VersionIds.encode(sequence),
        true,
        nv.deleteMarker(),
        nv.size(),
        nv.etag(),
        Instant.ofEpochMilli(nv.modifiedMs()),
        a,
        null,
        nv.partsCount(),
        nv.inlineId() >= 0);
  }

  /** The part sizes of the version row at {@code vorder}, null when not uploaded in parts. */
  long[] partSizes(Connection c, String bucket, byte[] k, long vorder) throws SQLException {
    PreparedStatement ps =
        sql.get(
            c, "SELECT part_sizes FROM object_version WHERE bucket = ? AND key = ? AND vorder = ?");
    ps.setString(1, bucket);
    ps.setBytes(2, k);
    ps.setLong(3, vorder);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? RowCodec.decodePartSizes(rs.getBytes(1)) : null;
    }
  }

  /** Removes a version; if it was the latest, the next newer one becomes latest. */
  void removeVersion(Connection c, String bucket, byte[] k, VersionRow row, List<String> candidates)
      throws SQLException {
    deleteRow(c, bucket, k, row, candidates);
    if (row.version().latest()) {
      PreparedStatement ps =
          sql.get(
              c,
              "UPDATE object_version SET latest = 1 WHERE bucket = ? AND key = ? AND vorder ="
                  + " (SELECT min(vorder) FROM object_version WHERE bucket = ? AND key = ?)");
      ps.setString(1, bucket);
      ps.setBytes(2, k);
      ps.setString(3, bucket);
      ps.setBytes(4, k);
      ps.executeUpdate();
    }
  }

  void deleteRow(Connection c, String bucket, byte[] k, VersionRow row, List<String> candidates)
      throws SQLException {
    PreparedStatement ps =
        sql.get(c, "DELETE FROM object_version WHERE bucket = ? AND key = ? AND vorder = ?");
    ps.setString(1, bucket);
    ps.setBytes(2, k);
    ps.setLong(3, row.vorder());
    ps.executeUpdate();
    if (row.inlineId() >= 0) {
      deleteInline(c, row.inlineId());
    }
    if (row.blobId() != null) {
      candidates.add(row.blobId());
    }
  }

  /** The candidates no version references any more (blobs may be shared by copies). */
  List<String> unreferenced(Connection c, List<String> candidates) throws SQLException {
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String id : candidates) {
      PreparedStatement ps =
          sql.get(
              c, "SELECT 1 FROM object_version INDEXED BY object_blob WHERE blob_id = ? LIMIT 1");
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          out.add(id);
        }
      }
    }
    return out;
  }

  /**
   * The version named by {@code versionId} (null: the latest).
   *
   * @throws S3StoreException NO_SUCH_KEY, NO_SUCH_VERSION, INVALID_ARGUMENT
   */
  VersionRow find(Connection c, String bucket, String key, String versionId) throws SQLException {
    byte[] k = RowCodec.utf8(key);
    if (versionId == null) {
      PreparedStatement ps =
          sql.get(
              c,
              "SELECT "
                  + S3Schema.VERSION_COLUMNS
                  + " FROM object_version WHERE bucket = ? AND key = ? ORDER BY vorder LIMIT 1");
      ps.setString(1, bucket);
      ps.setBytes(2, k);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw noSuchKey(key);
        }
        return S3Schema.version(bucket, key, rs);
      }
    }
    long sequence = parseVersionId(versionId);
    return findVersion(c, bucket, key, k, sequence).orElseThrow(() -> noSuchVersion(versionId));
  }

  /** The version of sequence {@code sequence}, or the null version for -1. */
  Optional<VersionRow> findVersion(Connection c, String bucket, String key, byte[] k, long sequence)
      throws SQLException {
    PreparedStatement ps;
    if (sequence < 0) {
      ps =
          sql.get(
              c,
              "SELECT "
                  + S3Schema.VERSION_COLUMNS
                  + " FROM object_version INDEXED BY object_null"
                  + " WHERE bucket = ? AND key = ? AND null_version = 1");
      ps.setString(1, bucket);
      ps.setBytes(2, k);
    } else {
      ps =
          sql.get(
              c,
              "SELECT "
                  + S3Schema.VERSION_COLUMNS
                  + " FROM object_version WHERE bucket = ? AND key = ? AND vorder = ?"
                  + " AND null_version = 0");
      ps.setString(1, bucket);
      ps.setBytes(2, k);
      ps.setLong(3, -sequence);
    }
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(S3Schema.version(bucket, key, rs)) : Optional.empty();
    }
  }

  /** The sequence of a version id; -1 for the null version. */
  static long parseVersionId(String versionId) {
    if (versionId.equals(ObjectVersion.NULL_VERSION)) {
      return -1;
    }
    long sequence = VersionIds.decode(versionId);
    if (sequence < 0) {
      throw new S3StoreException(Reason.INVALID_ARGUMENT, "Invalid version id specified");
    }
    return sequence;
  }

  long nextSequence() {
    long floor = clock.millis() * 1000;
    return lastSequence.updateAndGet(p -> Math.max(p + 1, floor));
  }

  // ---------------------------------------------------------------- small helpers

  long insertInline(Connection c, byte[] bytes) throws SQLException {
    PreparedStatement ps = sql.get(c, "INSERT INTO inline_data (bytes) VALUES (?)");
    ps.setBytes(1, bytes);
    ps.executeUpdate();
    return lastRowId(c);
  }

  long lastRowId(Connection c) throws SQLException {
    try (ResultSet rs = sql.get(c, "SELECT last_insert_rowid()").executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  void deleteInline(Connection c, long id) throws SQLException {
    PreparedStatement ps = sql.get(c, "DELETE FROM inline_data WHERE id = ?");
    ps.setLong(1, id);
    ps.executeUpdate();
  }

  byte[] inlineBytes(Connection c, long id) throws SQLException {
    PreparedStatement ps = sql.get(c, "SELECT bytes FROM inline_data WHERE id = ?");
    ps.setLong(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new StorageException("inline data " + id + " is missing");
      }
      return rs.getBytes(1);
    }
  }

  /**
   * Deletes the inline row of the current part row; adds its blob (never shared) to {@code out}.
   */
  void collectPartBytes(Connection c, ResultSet rs, List<String> out) throws SQLException {
    String blobId = rs.getString("blob_id");
    long inlineId = rs.getLong("inline_id");
    if (!rs.wasNull()) {
      deleteInline(c, inlineId);
    }
    if (blobId != null) {
      out.add(blobId);
    }
  }

  MultipartUpload requireUpload(Connection c, String bucket, String key, String uploadId)
      throws SQLException {
    PreparedStatement ps =
        sql.get(
            c,
            "SELECT bucket, key, initiated_ms, owner, storage_class, headers, user_metadata, tags,"
                + " checksum FROM upload WHERE upload_id = ?");
    ps.setString(1, uploadId);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()
          || !rs.getString(1).equals(bucket)
          || !Arrays.equals(rs.getBytes(2), RowCodec.utf8(key))) {
        throw noSuchUpload(uploadId);
      }
      return ObjectLister.uploadRow(uploadId, bucket, key, rs, 3);
    }
  }

  static UploadPart partRow(ResultSet rs) throws SQLException {
    return new UploadPart(
        rs.getInt(1),
        rs.getLong(2),
        rs.getString(3),
        Instant.ofEpochMilli(rs.getLong(4)),
        RowCodec.decodeChecksum(rs.getString(5)));
  }

  Optional<Bucket> bucket(Connection c, String name) throws SQLException {
    PreparedStatement ps =
        sql.get(c, "SELECT name, region, owner, created_ms, versioning FROM bucket WHERE name = ?");
    ps.setString(1, name);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(bucketRow(rs)) : Optional.empty();
    }
  }

  Bucket requireBucket(Connection c, String name) throws SQLException {
    return bucket(c, name).orElseThrow(() -> noSuchBucket(name));
  }

  static Bucket bucketRow(ResultSet rs) throws SQLException {
    return new Bucket(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        Instant.ofEpochMilli(rs.getLong(4)),
        VersioningState.values()[rs.getInt(5)]);
  }

  boolean exists(Connection c, String query, String arg) throws SQLException {
    PreparedStatement ps = sql.get(c, query);
    ps.setString(1, arg);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next();
    }
  }

  void update(Connection c, String statement, String arg) throws SQLException {
    PreparedStatement ps = sql.get(c, statement);
    ps.setString(1, arg);
    ps.executeUpdate();
  }

  static void setNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, java.sql.Types.INTEGER);
    } else {
      ps.setLong(index, value);
    }
  }
}
