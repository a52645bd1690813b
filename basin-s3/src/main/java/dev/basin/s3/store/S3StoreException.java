package dev.basin.s3.store;

import java.util.Objects;

/**
 * A refusal of an {@link S3Store} operation that the API layer reports to the client as the S3
 * error {@link Reason#awsCode()}. Failures of the storage itself are {@link
 * dev.basin.core.storage.StorageException}s instead (an internal error).
 */
public final class S3StoreException extends RuntimeException {

  /** Why the store refused; each maps to one S3 error code. */
  public enum Reason {
    NO_SUCH_BUCKET("NoSuchBucket"),
    /** Another account owns the bucket name. */
    BUCKET_ALREADY_EXISTS("BucketAlreadyExists"),
    /** The caller already owns the bucket name. */
    BUCKET_ALREADY_OWNED_BY_YOU("BucketAlreadyOwnedByYou"),
    /** The bucket still holds versions, delete markers or multipart uploads. */
    BUCKET_NOT_EMPTY("BucketNotEmpty"),
    NO_SUCH_KEY("NoSuchKey"),
    NO_SUCH_VERSION("NoSuchVersion"),
    NO_SUCH_UPLOAD("NoSuchUpload"),
    /** A part named in a completion does not exist or its ETag differs. */
    INVALID_PART("InvalidPart"),
    /** The part numbers of a completion are not strictly ascending. */
    INVALID_PART_ORDER("InvalidPartOrder"),
    /** A part other than the last is smaller than the minimum part size. */
    ENTITY_TOO_SMALL("EntityTooSmall"),
    /** A malformed argument, e.g. a version id this store never issued. */
    INVALID_ARGUMENT("InvalidArgument"),
    /** The operation targets a delete marker (GET/tagging of a marker version). */
    METHOD_NOT_ALLOWED("MethodNotAllowed");

    private final String awsCode;

    Reason(String awsCode) {
      this.awsCode = awsCode;
    }

    /** The S3 error code ({@code <Code>} of the error response). */
    public String awsCode() {
      return awsCode;
    }
  }

  private final Reason reason;

  public S3StoreException(Reason reason, String message) {
    super(message, null, false, false); // expected control flow: no stack trace
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  static S3StoreException noSuchBucket(String bucket) {
    return new S3StoreException(
        Reason.NO_SUCH_BUCKET, "The specified bucket does not exist: " + bucket);
  }

  static S3StoreException noSuchKey(String key) {
    return new S3StoreException(Reason.NO_SUCH_KEY, "The specified key does not exist: " + key);
  }

  static S3StoreException noSuchVersion(String versionId) {
    return new S3StoreException(
        Reason.NO_SUCH_VERSION, "The specified version does not exist: " + versionId);
  }

  static S3StoreException noSuchUpload(String uploadId) {
    return new S3StoreException(
        Reason.NO_SUCH_UPLOAD,
        "The specified multipart upload does not exist. The upload ID may be invalid, or the upload"
            + " may have been aborted or completed: "
            + uploadId);
  }
}
