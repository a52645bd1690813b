package dev.basin.s3.store;

import dev.basin.core.storage.BlobDigest;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The durable state of Basin's S3: buckets, their configuration documents, object versions and
 * multipart uploads, with AWS S3's versioning semantics. No HTTP and no XML: the API layer parses
 * requests, checks permissions and conditions, and maps {@link S3StoreException.Reason}s to errors.
 *
 * <h2>Writing an object</h2>
 *
 * Two steps, so that the API layer can verify {@code Content-MD5} and {@code x-amz-checksum-*}
 * before anything is visible:
 *
 * <pre>{@code
 * try (StagedBody body = store.stage(in, Set.of(BlobDigest.SHA_256))) {
 *   verify(body.base64(BlobDigest.SHA_256), header);   // throws: nothing was written
 *   WriteResult r = store.putObject(bucket, key, body, attributes);
 * }                                                    // discards the body unless it was stored
 * }</pre>
 *
 * A version becomes visible only when its metadata commits, and that happens only after its bytes
 * are durable; every method that returns normally has made its effect durable (it survives {@code
 * kill -9}). Bodies up to the inline threshold are kept in the metadata database and cost no file
 * sync of their own.
 *
 * <h2>Keys and order</h2>
 *
 * Keys are compared by their UTF-8 bytes, as S3 sorts them. Listing markers are exclusive. All
 * listings count common prefixes against the page size, as S3 does.
 *
 * <h2>Concurrency</h2>
 *
 * All methods are thread safe. Writes of one key are serialized: the one committed last is the
 * latest version. Reads see a consistent snapshot.
 */
public interface S3Store extends AutoCloseable {

  /** The minimum size of every part but the last of a completed multipart upload: 5 MiB. */
  long MIN_PART_SIZE = 5L * 1024 * 1024;

  /** The largest part number. */
  int MAX_PART_NUMBER = 10_000;

  // ---------------------------------------------------------------- buckets

  /**
   * Creates a bucket, {@link VersioningState#UNVERSIONED}.
   *
   * @throws S3StoreException {@code BUCKET_ALREADY_OWNED_BY_YOU} if {@code owner} has it, {@code
   *     BUCKET_ALREADY_EXISTS} if someone else has
   */
  Bucket createBucket(String name, String region, String owner);

  /** The bucket, if it exists. */
  Optional<Bucket> bucket(String name);

  /** Every bucket, by name. */
  List<Bucket> listBuckets();

  /**
   * Deletes an empty bucket and its configuration documents.
   *
   * @throws S3StoreException {@code NO_SUCH_BUCKET}; {@code BUCKET_NOT_EMPTY} if any version,
   *     delete marker or multipart upload remains
   */
  void deleteBucket(String name);

  /**
   * Sets the versioning state.
   *
   * @throws IllegalArgumentException for {@link VersioningState#UNVERSIONED} (S3 cannot go back)
   * @throws S3StoreException {@code NO_SUCH_BUCKET}
   */
  Bucket setVersioning(String bucket, VersioningState state);

  /**
   * A configuration document of the bucket, e.g. kind {@code policy}, {@code acl}, {@code
   * lifecycle}, {@code notification}, {@code cors}, {@code tagging}, {@code website}, {@code
   * encryption}; documents with ids use {@code <kind>/<id>} (e.g. {@code inventory/weekly}). The
   * document is opaque text (XML or JSON, as the API layer chooses).
   *
   * @throws S3StoreException {@code NO_SUCH_BUCKET}
   */
  Optional<String> getConfig(String bucket, String kind);

  /** Sets (replaces) a configuration document. @throws S3StoreException {@code NO_SUCH_BUCKET} */
  void putConfig(String bucket, String kind, String document);

  /**
   * Deletes a configuration document; returns whether it existed.
   *
   * @throws S3StoreException {@code NO_SUCH_BUCKET}
   */
  boolean deleteConfig(String bucket, String kind);

  /** The kinds of the configuration documents whose kind starts with {@code prefix}, sorted. */
  List<String> listConfigKinds(String bucket, String prefix);

  // ---------------------------------------------------------------- objects

  /**
   * Reads {@code body} to its end (without closing it) into a staged body: in memory if it is no
   * longer than the inline threshold, else into a durable blob file. Computes the MD5 (the ETag)
   * and {@code digests}.
   */
  StagedBody stage(InputStream body, Set<BlobDigest> digests);

  /** {@link #stage(InputStream, Set)} of bytes already in memory (not copied; do not modify). */
  StagedBody stage(byte[] body, Set<BlobDigest> digests);

  /**
   * Stores {@code body} as the new latest version of {@code key}, by the bucket's versioning state:
   * unversioned or suspended replaces the null version, enabled adds a version with a new id. On
   * success the store owns {@code body}.
   *
   * @throws S3StoreException {@code NO_SUCH_BUCKET}
   * @throws IllegalStateException if {@code body} was already stored or closed
   */
  WriteResult putObject(String bucket, String key, StagedBody body, ObjectAttributes attributes);

  /**
   * The latest version of {@code key} (possibly a delete marker: S3 then answers NoSuchKey with
   * {@code x-amz-delete-marker: true}), or the version {@code versionId} (may be {@value
   * ObjectVersion#NULL_VERSION}).
   *
   * @param versionId null for the latest
   * @throws S3StoreException {@code NO_SUCH_BUCKET}; {@code NO_SUCH_KEY} if the key has no version;
   *     {@code NO_SUCH_VERSION}; {@code INVALID_ARGUMENT} for a malformed version id
   */
  ObjectVersion head(String bucket, String key, String versionId);

  /**
   * The sizes of the parts of {@code version} (as {@link #head} or {@link #get} returned it), in
   * part order: kept from CompleteMultipartUpload for {@code partNumber} reads. Null for an object
   * not uploaded in parts.
   *
   * @throws S3StoreException {@code NO_SUCH_KEY} when that version is no longer stored (deleted or
   *     overwritten since it was read): read it again
   */
  long[] partSizes(ObjectVersion version);

  /**
   * {@link #head} and the bytes, opened consistently with it.
   *
   * @throws S3StoreException as {@link #head}, and {@code NO_SUCH_KEY} when the latest version is a
   *     delete marker, {@code METHOD_NOT_ALLOWED} when {@code versionId} names one
   */
  ObjectRead get(String bucket, String key, String versionId);

  /**
   * Deletes by the bucket's versioning state when {@code versionId} is null: unversioned removes
   * the null version; enabled adds a delete marker (even if the key has no version); suspended
   * replaces the null version with a null delete marker. With a {@code versionId}, removes that
   * version permanently (the next older becomes latest); no error if it does not exist.
   *
   * @throws S3StoreException {@code NO_SUCH_BUCKET}, {@code INVALID_ARGUMENT}
   */
  DeleteResult delete(String bucket, String key, String versionId);

  /**
   * Server-side copy of a source version (null: the latest) to {@code key} as a new version by the
   * target bucket's versioning state. The bytes are shared, not copied: a blob file is referenced
   * by both versions and deleted with the last of them; inline bytes are duplicated.
   *
   * @param attributes of the copy; use the source's for {@code COPY} metadata directive
   * @throws S3StoreException as {@link #get} for the source; {@code NO_SUCH_BUCKET} for the target
   */
  WriteResult copyObject(
      String sourceBucket,
      String sourceKey,
      String sourceVersionId,
      String bucket,
      String key,
      UnaryOperator<ObjectAttributes> attributes);

  /**
   * Changes a version in place (tagging, metadata of a lifecycle transition, storage class, restore
   * state); size, ETag, version id and bytes stay. {@code update} may run more than once and must
   * be a pure function.
   *
   * @param versionId null for the latest
   * @throws S3StoreException as {@link #head}, {@code METHOD_NOT_ALLOWED} for a delete marker
   */
  ObjectVersion updateObject(
      String bucket, String key, String versionId, UnaryOperator<VersionUpdate> update);

  /**
   * The current objects (latest versions that are not delete markers), by key, with common
   * prefixes. Keys under a common prefix are skipped by index seeks, not scanned.
   *
   * @throws S3StoreException {@code NO_SUCH_BUCKET}
   */
  ObjectListing listObjects(String bucket, ListObjectsQuery query);

  /**
   * All versions and delete markers, by key, newest first within a key, with common prefixes.
   *
   * @throws S3StoreException {@code NO_SUCH_BUCKET}
   */
  VersionListing listVersions(String bucket, ListVersionsQuery query);

  // ---------------------------------------------------------------- multipart uploads

  /** Starts an upload. @throws S3StoreException {@code NO_SUCH_BUCKET} */
  MultipartUpload createUpload(String bucket, String key, ObjectAttributes attributes);

  /** The upload. @throws S3StoreException {@code NO_SUCH_UPLOAD} (also for another bucket/key) */
  MultipartUpload upload(String bucket, String key, String uploadId);

  /**
   * Stores part {@code partNumber} (1..{@value #MAX_PART_NUMBER}), replacing a previous upload of
   * that number. On success the store owns {@code body}.
   *
   * @param checksum the part's additional checksum the API verified, or null
   * @throws S3StoreException {@code NO_SUCH_UPLOAD}, {@code INVALID_ARGUMENT} for a bad number
   */
  UploadPart putPart(
      String bucket,
      String key,
      String uploadId,
      int partNumber,
      StagedBody body,
      ObjectChecksum checksum);

  /** Parts by number, after {@code partNumberMarker}. @throws S3StoreException NO_SUCH_UPLOAD */
  PartListing listParts(
      String bucket, String key, String uploadId, int partNumberMarker, int maxParts);

  /** Uploads in progress by key then initiation. @throws S3StoreException NO_SUCH_BUCKET */
  UploadListing listUploads(String bucket, ListUploadsQuery query);

  /**
   * Completes the upload: checks the parts, concatenates them into one blob, stores it as a new
   * version (as {@link #putObject}) with ETag {@code hex(md5(md5(part1) || ... ))-N}, and removes
   * the upload and its parts.
   *
   * @param checksum the object's checksum the API computed from the parts, or null
   * @throws S3StoreException {@code NO_SUCH_UPLOAD}; {@code INVALID_PART_ORDER} unless part numbers
   *     strictly ascend; {@code INVALID_PART} for an empty list, a missing part or an ETag
   *     mismatch; {@code ENTITY_TOO_SMALL} if a part but the last is under the minimum part size
   */
  WriteResult completeUpload(
      String bucket,
      String key,
      String uploadId,
      List<CompletedPart> parts,
      ObjectChecksum checksum);

  /** Removes the upload and its parts. @throws S3StoreException {@code NO_SUCH_UPLOAD} */
  void abortUpload(String bucket, String key, String uploadId);

  /** Waits for queued writes, closes the database. */
  @Override
  void close();

  // ---------------------------------------------------------------- values

  /**
   * The outcome of a write.
   *
   * @param version the version written
   * @param versioning the bucket's state when written: S3 sends {@code x-amz-version-id} only when
   *     it is not {@link VersioningState#UNVERSIONED}
   */
  record WriteResult(ObjectVersion version, VersioningState versioning) {}

  /**
   * The outcome of a delete.
   *
   * @param versionId the delete marker created or the version removed ({@code x-amz-version-id}),
   *     null if none
   * @param deleteMarker whether that is a delete marker ({@code x-amz-delete-marker: true})
   * @param removed whether a version was removed permanently
   * @param versioning the bucket's state
   */
  record DeleteResult(
      String versionId, boolean deleteMarker, boolean removed, VersioningState versioning) {}

  /** The mutable part of a version, for {@link #updateObject}. */
  record VersionUpdate(ObjectAttributes attributes, RestoreState restore) {
    public VersionUpdate {
      Objects.requireNonNull(attributes, "attributes");
    }
  }

  /**
   * ListObjects (V1 and V2).
   *
   * @param prefix only keys starting with it ("" for all)
   * @param delimiter null or a non-empty string rolling keys up into common prefixes
   * @param marker exclusive start: StartAfter, Marker, or the decoded continuation token; null for
   *     none. If the marker lies under a common prefix, that whole prefix is skipped.
   * @param maxKeys at most this many objects plus common prefixes (0..1000 is the API's check)
   */
  record ListObjectsQuery(String prefix, String delimiter, String marker, int maxKeys) {
    public ListObjectsQuery {
      prefix = prefix == null ? "" : prefix;
      delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
      if (maxKeys < 0) {
        throw new IllegalArgumentException("maxKeys < 0");
      }
    }
  }

  /**
   * A page of objects.
   *
   * @param nextMarker the last object key or common prefix returned: the marker of the next page
   *     (NextMarker, NextContinuationToken), null unless truncated
   */
  record ObjectListing(
      List<ObjectVersion> objects,
      List<String> commonPrefixes,
      boolean truncated,
      String nextMarker) {}

  /**
   * ListObjectVersions.
   *
   * @param keyMarker exclusive start key, null for none
   * @param versionIdMarker with {@code keyMarker}: start after this version of that key
   */
  record ListVersionsQuery(
      String prefix, String delimiter, String keyMarker, String versionIdMarker, int maxKeys) {
    public ListVersionsQuery {
      prefix = prefix == null ? "" : prefix;
      delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
      if (maxKeys < 0) {
        throw new IllegalArgumentException("maxKeys < 0");
      }
    }
  }

  /**
   * A page of versions and delete markers, newest first within a key.
   *
   * @param nextKeyMarker the last key or common prefix returned, null unless truncated
   * @param nextVersionIdMarker the last version id returned, null if the page ended with a prefix
   */
  record VersionListing(
      List<ObjectVersion> versions,
      List<String> commonPrefixes,
      boolean truncated,
      String nextKeyMarker,
      String nextVersionIdMarker) {}

  /** A multipart upload in progress. */
  record MultipartUpload(
      String uploadId, String bucket, String key, Instant initiated, ObjectAttributes attributes) {}

  /** A stored part; {@code etag} is the MD5 hex without quotes. */
  record UploadPart(
      int partNumber, long size, String etag, Instant lastModified, ObjectChecksum checksum) {}

  /** A part named in CompleteMultipartUpload; the ETag may be quoted or not. */
  record CompletedPart(int partNumber, String etag) {}

  /**
   * @param nextPartNumberMarker the last part number returned, 0 if none
   */
  record PartListing(List<UploadPart> parts, boolean truncated, int nextPartNumberMarker) {}

  /** ListMultipartUploads. */
  record ListUploadsQuery(
      String prefix, String delimiter, String keyMarker, String uploadIdMarker, int maxUploads) {
    public ListUploadsQuery {
      prefix = prefix == null ? "" : prefix;
      delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    }
  }

  /** A page of uploads. */
  record UploadListing(
      List<MultipartUpload> uploads,
      List<String> commonPrefixes,
      boolean truncated,
      String nextKeyMarker,
      String nextUploadIdMarker) {}
}
