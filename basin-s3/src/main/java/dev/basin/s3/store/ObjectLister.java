package dev.basin.s3.store;

import dev.basin.s3.store.S3Store.ListObjectsQuery;
import dev.basin.s3.store.S3Store.ListUploadsQuery;
import dev.basin.s3.store.S3Store.ListVersionsQuery;
import dev.basin.s3.store.S3Store.MultipartUpload;
import dev.basin.s3.store.S3Store.ObjectListing;
import dev.basin.s3.store.S3Store.UploadListing;
import dev.basin.s3.store.S3Store.VersionListing;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The listings, as index range scans in S3 order (UTF-8 bytes of the key).
 *
 * <p>Semantics, shared by all three: the page is the sorted sequence of entries (objects, versions
 * or uploads that roll up into no common prefix, and common prefixes) strictly after the marker,
 * cut at the page size; a common prefix is one entry however many keys it holds. An entry under the
 * marker's own common prefix is never after the marker, so a page that ended with a common prefix
 * resumes past all of its keys.
 *
 * <p>Fast path: when a key rolls up into a common prefix, the scan does not step through the
 * prefix's other keys; it seeks to the first key after the prefix ({@link RowCodec#prefixEnd}), an
 * index seek per common prefix.
 */
final class ObjectLister {

  private static final String OBJECTS =
      "SELECT "
          + S3Schema.VERSION_COLUMNS
          + " FROM object_version INDEXED BY object_live WHERE bucket = ? AND key >= ? AND key < ?"
          + " AND latest = 1 AND delete_marker = 0 ORDER BY key LIMIT ?";
  private static final String VERSIONS =
      "SELECT "
          + S3Schema.VERSION_COLUMNS
          + " FROM object_version WHERE bucket = ? AND (key, vorder) > (?, ?) AND key < ?"
          + " ORDER BY key, vorder LIMIT ?";
  private static final String NULL_VERSION_ORDER =
      "SELECT vorder FROM object_version INDEXED BY object_null"
          + " WHERE bucket = ? AND key = ? AND null_version = 1";
  private static final String UPLOADS =
      "SELECT upload_id, key, initiated_ms, owner, storage_class, headers, user_metadata, tags,"
          + " checksum FROM upload INDEXED BY upload_key WHERE bucket = ?"
          + " AND (key, initiated_ms, upload_id) > (?, ?, ?) AND key < ?"
          + " ORDER BY key, initiated_ms, upload_id LIMIT ?";
  private static final String UPLOAD_INITIATED =
      "SELECT initiated_ms FROM upload WHERE upload_id = ? AND bucket = ? AND key = ?";

  private final StatementCache sql;
  private final java.util.concurrent.atomic.LongAdder rowsRead =
      new java.util.concurrent.atomic.LongAdder();

  /** Rows the listings have read so far (to check that common prefixes are skipped). */
  long rowsRead() {
    return rowsRead.sum();
  }

  ObjectLister(StatementCache sql) {
    this.sql = sql;
  }

  ObjectListing listObjects(Connection c, String bucket, ListObjectsQuery q) throws SQLException {
    String prefix = q.prefix();
    String delimiter = q.delimiter();
    byte[] end = RowCodec.prefixEnd(RowCodec.utf8(prefix));
    byte[] lower = start(q.marker(), prefix, delimiter);
    List<ObjectVersion> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String last = null;
    int max = q.maxKeys();
    boolean truncated = false;
    scan:
    while (max > 0) {
      PreparedStatement ps = sql.get(c, OBJECTS);
      ps.setString(1, bucket);
      ps.setBytes(2, lower);
      ps.setBytes(3, end);
      int limit = max - objects.size() - prefixes.size() + 1;
      ps.setInt(4, limit);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
          rowsRead.increment();
          byte[] keyBytes = rs.getBytes(1);
          String key = RowCodec.string(keyBytes);
          if (objects.size() + prefixes.size() == max) {
            truncated = true;
            break scan;
          }
          String cp = RowCodec.commonPrefix(key, prefix, delimiter);
          if (cp != null) {
            prefixes.add(cp);
            last = cp;
            lower = RowCodec.prefixEnd(RowCodec.utf8(cp));
            continue scan; // seek past the prefix
          }
          objects.add(S3Schema.version(bucket, key, rs).version());
          last = key;
          lower = RowCodec.after(keyBytes);
        }
      }
      if (rows < limit) {
        break;
      }
    }
    return new ObjectListing(
        List.copyOf(objects), List.copyOf(prefixes), truncated, truncated ? last : null);
  }

  VersionListing listVersions(Connection c, String bucket, ListVersionsQuery q, long markerSequence)
      throws SQLException {
    String prefix = q.prefix();
    String delimiter = q.delimiter();
    byte[] end = RowCodec.prefixEnd(RowCodec.utf8(prefix));
    byte[] lowerKey = RowCodec.utf8(prefix);
    long lowerOrder = Long.MIN_VALUE; // exclusive: every version of lowerKey is after it
    String km = q.keyMarker();
    if (km != null && !km.isEmpty() && RowCodec.utf8(km).length > 0 && after(km, prefix)) {
      String cp = RowCodec.commonPrefix(km, prefix, delimiter);
      if (cp != null) {
        lowerKey = RowCodec.prefixEnd(RowCodec.utf8(cp));
      } else {
        lowerKey = RowCodec.utf8(km);
        lowerOrder = Long.MAX_VALUE; // after every version of the marker key
        if (markerSequence > 0) {
          lowerOrder = -markerSequence;
        } else if (ObjectVersion.NULL_VERSION.equals(q.versionIdMarker())) {
          PreparedStatement ps = sql.get(c, NULL_VERSION_ORDER);
          ps.setString(1, bucket);
          ps.setBytes(2, lowerKey);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              lowerOrder = rs.getLong(1);
            }
          }
        }
      }
    }
    List<ObjectVersion> versions = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String lastKey = null;
    String lastVersion = null;
    int max = q.maxKeys();
    boolean truncated = false;
    scan:
    while (max > 0) {
      PreparedStatement ps = sql.get(c, VERSIONS);
      ps.setString(1, bucket);
      ps.setBytes(2, lowerKey);
      ps.setLong(3, lowerOrder);
      ps.setBytes(4, end);
      int limit = max - versions.size() - prefixes.size() + 1;
      ps.setInt(5, limit);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
          rowsRead.increment();
          byte[] keyBytes = rs.getBytes(1);
          String key = RowCodec.string(keyBytes);
          if (versions.size() + prefixes.size() == max) {
            truncated = true;
            break scan;
          }
          String cp = RowCodec.commonPrefix(key, prefix, delimiter);
          if (cp != null) {
            prefixes.add(cp);
            lastKey = cp;
            lastVersion = null;
            lowerKey = RowCodec.prefixEnd(RowCodec.utf8(cp));
            lowerOrder = Long.MIN_VALUE;
            continue scan;
          }
          S3Schema.VersionRow row = S3Schema.version(bucket, key, rs);
          versions.add(row.version());
          lastKey = key;
          lastVersion = row.version().versionId();
          lowerKey = keyBytes;
          lowerOrder = row.vorder();
        }
      }
      if (rows < limit) {
        break;
      }
    }
    return new VersionListing(
        List.copyOf(versions),
        List.copyOf(prefixes),
        truncated,
        truncated ? lastKey : null,
        truncated ? lastVersion : null);
  }

  UploadListing listUploads(Connection c, String bucket, ListUploadsQuery q) throws SQLException {
    String prefix = q.prefix();
    String delimiter = q.delimiter();
    byte[] end = RowCodec.prefixEnd(RowCodec.utf8(prefix));
    byte[] lowerKey = RowCodec.utf8(prefix);
    long lowerTime = Long.MIN_VALUE;
    String lowerId = "";
    String km = q.keyMarker();
    if (km != null && !km.isEmpty() && after(km, prefix)) {
      String cp = RowCodec.commonPrefix(km, prefix, delimiter);
      if (cp != null) {
        lowerKey = RowCodec.prefixEnd(RowCodec.utf8(cp));
      } else {
        lowerKey = RowCodec.utf8(km);
        lowerTime = Long.MAX_VALUE;
        if (q.uploadIdMarker() != null) {
          PreparedStatement ps = sql.get(c, UPLOAD_INITIATED);
          ps.setString(1, q.uploadIdMarker());
          ps.setString(2, bucket);
          ps.setBytes(3, lowerKey);
          try (ResultSet rs = ps.executeQuery()) {
            if (rs.next()) {
              lowerTime = rs.getLong(1);
              lowerId = q.uploadIdMarker();
            }
          }
        }
      }
    }
    List<MultipartUpload> uploads = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String lastKey = null;
    String lastId = null;
    int max = q.maxUploads();
    boolean truncated = false;
    scan:
    while (max > 0) {
      PreparedStatement ps = sql.get(c, UPLOADS);
      ps.setString(1, bucket);
      ps.setBytes(2, lowerKey);
      ps.setLong(3, lowerTime);
      ps.setString(4, lowerId);
      ps.setBytes(5, end);
      int limit = max - uploads.size() - prefixes.size() + 1;
      ps.setInt(6, limit);
      int rows = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows++;
          rowsRead.increment();
          byte[] keyBytes = rs.getBytes(2);
          String key = RowCodec.string(keyBytes);
          if (uploads.size() + prefixes.size() == max) {
            truncated = true;
            break scan;
          }
          String cp = RowCodec.commonPrefix(key, prefix, delimiter);
          if (cp != null) {
            prefixes.add(cp);
            lastKey = cp;
            lastId = null;
            lowerKey = RowCodec.prefixEnd(RowCodec.utf8(cp));
            lowerTime = Long.MIN_VALUE;
            lowerId = "";
            continue scan;
          }
          MultipartUpload u = uploadRow(rs.getString(1), bucket, key, rs, 3);
          uploads.add(u);
          lastKey = key;
          lastId = u.uploadId();
          lowerKey = keyBytes;
          lowerTime = u.initiated().toEpochMilli();
          lowerId = u.uploadId();
        }
      }
      if (rows < limit) {
        break;
      }
    }
    return new UploadListing(
        List.copyOf(uploads),
        List.copyOf(prefixes),
        truncated,
        truncated ? lastKey : null,
        truncated ? lastId : null);
  }

  /** Maps columns initiated_ms, owner, storage_class, headers, user_metadata, tags, checksum. */
  static MultipartUpload uploadRow(
      String uploadId, String bucket, String key, ResultSet rs, int first) throws SQLException {
    ObjectAttributes a =
        new ObjectAttributes(
            rs.getString(first + 1),
            rs.getString(first + 2),
            RowCodec.decodeHeaders(rs.getString(first + 3)),
            RowCodec.decodeMap(rs.getString(first + 4)),
            RowCodec.decodeMap(rs.getString(first + 5)),
            RowCodec.decodeChecksum(rs.getString(first + 6)));
    return new MultipartUpload(uploadId, bucket, key, Instant.ofEpochMilli(rs.getLong(first)), a);
  }

  /**
   * The inclusive lower bound of an object scan: the prefix, or past the marker (and past all of
   * the marker's common prefix, if it has one).
   */
  private static byte[] start(String marker, String prefix, String delimiter) {
    byte[] p = RowCodec.utf8(prefix);
    if (marker == null || marker.isEmpty() || !after(marker, prefix)) {
      return p;
    }
    String cp = RowCodec.commonPrefix(marker, prefix, delimiter);
    return cp != null
        ? RowCodec.prefixEnd(RowCodec.utf8(cp))
        : RowCodec.after(RowCodec.utf8(marker));
  }

  /** Whether {@code marker} sorts at or after {@code prefix} (else it does not restrict). */
  private static boolean after(String marker, String prefix) {
    return Arrays.compareUnsigned(RowCodec.utf8(marker), RowCodec.utf8(prefix)) >= 0;
  }
}
