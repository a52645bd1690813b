package dev.basin.s3.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One version of an object, or a delete marker, as stored.
 *
 * @param bucket the bucket name
 * @param key the object key
 * @param versionId the opaque version id, or {@value #NULL_VERSION} for the null version
 * @param latest whether it is the current version of its key
 * @param deleteMarker whether it is a delete marker (then size is 0, etag is null, attributes hold
 *     only the owner and storage class)
 * @param size length in bytes
 * @param etag the ETag without quotes: MD5 hex, or {@code <md5-of-md5s>-<parts>} for multipart
 * @param lastModified when this version was written, millisecond precision
 * @param attributes owner, storage class, headers, metadata, tags, checksum
 * @param restore the restore state, null when never restored
 * @param partsCount the number of parts of a multipart object, 0 otherwise
 * @param inline whether the bytes live in the metadata database (small objects) rather than a blob
 *     file
 */
public record ObjectVersion(
    String bucket,
    String key,
    String versionId,
    boolean latest,
    boolean deleteMarker,
    long size,
    String etag,
    Instant lastModified,
    ObjectAttributes attributes,
    RestoreState restore,
    int partsCount,
    boolean inline) {

  /** The version id of the null version. */
  public static final String NULL_VERSION = "null";

  public ObjectVersion {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(versionId, "versionId");
    Objects.requireNonNull(lastModified, "lastModified");
    Objects.requireNonNull(attributes, "attributes");
  }

  public boolean isNullVersion() {
    return NULL_VERSION.equals(versionId);
  }

  /** The ETag in its header form, with the quotes. */
  public String quotedEtag() {
    return '"' + etag + '"';
  }
}
