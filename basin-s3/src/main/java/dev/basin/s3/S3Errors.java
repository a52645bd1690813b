package dev.basin.s3;

import dev.basin.core.protocol.AwsException;

/**
 * The one table of S3's errors: code, HTTP status, message and extra fields, as S3 answers them on
 * the wire (see <a href="https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html">Error
 * responses</a>).
 *
 * <p>Messages are the ones S3 itself sends, which sometimes differ from the descriptions in the
 * error table of the documentation (for example {@code NoSuchBucket} says "The specified bucket
 * does not exist", without a full stop). Each call returns a new exception, since callers may add
 * fields or headers to it.
 */
public final class S3Errors {

  private S3Errors() {}

  private static AwsException error(String code, int status, String message) {
    return new AwsException(code, status, message);
  }

  // --- buckets ---

  public static AwsException noSuchBucket(String bucket) {
    return error("NoSuchBucket", 404, "The specified bucket does not exist")
        .with("BucketName", bucket);
  }

  public static AwsException bucketAlreadyExists(String bucket) {
    return error(
            "BucketAlreadyExists",
            409,
            "The requested bucket name is not available. The bucket namespace is shared by all"
                + " users of the system. Please select a different name and try again.")
        .with("BucketName", bucket);
  }

  public static AwsException bucketAlreadyOwnedByYou(String bucket) {
    return error(
            "BucketAlreadyOwnedByYou",
            409,
            "Your previous request to create the named bucket succeeded and you already own it.")
        .with("BucketName", bucket);
  }

  public static AwsException bucketNotEmpty(String bucket) {
    return error("BucketNotEmpty", 409, "The bucket you tried to delete is not empty")
        .with("BucketName", bucket);
  }

  public static AwsException invalidBucketName(String bucket) {
    return error("InvalidBucketName", 400, "The specified bucket is not valid.")
        .with("BucketName", bucket);
  }

  /** {@code InvalidBucketState}, 409; the message depends on the state (Object Lock, ...). */
  public static AwsException invalidBucketState(String message) {
    return error("InvalidBucketState", 409, message);
  }

  public static AwsException tooManyBuckets() {
    return error("TooManyBuckets", 400, "You have attempted to create more buckets than allowed");
  }

  /** A CreateBucket location constraint that names no Region. */
  public static AwsException invalidLocationConstraint(String constraint) {
    return error("InvalidLocationConstraint", 400, "The specified location-constraint is not valid")
        .with("LocationConstraint", constraint);
  }

  /**
   * A CreateBucket location constraint that differs from the Region the request was sent to; {@code
   * constraint} null or empty means none was given (which means us-east-1).
   */
  public static AwsException illegalLocationConstraint(String constraint) {
    String named = constraint == null || constraint.isEmpty() ? "unspecified" : constraint;
    return error(
        "IllegalLocationConstraintException",
        400,
        "The "
            + named
            + " location constraint is incompatible for the region specific endpoint this request"
            + " was sent to.");
  }

  // --- objects and versions ---

  public static AwsException noSuchKey(String key) {
    return error("NoSuchKey", 404, "The specified key does not exist.").with("Key", key);
  }

  public static AwsException noSuchVersion(String key, String versionId) {
    return error("NoSuchVersion", 404, "The specified version does not exist.")
        .with("Key", key)
        .with("VersionId", versionId);
  }

  public static AwsException keyTooLong(int size) {
    return error("KeyTooLongError", 400, "Your key is too long")
        .with("MaxSizeAllowed", 1024)
        .with("Size", size);
  }

  public static AwsException metadataTooLarge(int size) {
    return error(
            "MetadataTooLarge",
            400,
            "Your metadata headers exceed the maximum allowed metadata size.")
        .with("Size", size)
        .with("MaxSizeAllowed", 2048);
  }

  /** GET of an archived object that is not restored. */
  public static AwsException invalidObjectState(String storageClass) {
    return error(
            "InvalidObjectState", 403, "The operation is not valid for the object's storage class")
        .with("StorageClass", storageClass);
  }

  /** {@code InvalidObjectState} with a specific message (RestoreObject on a non-archive object). */
  public static AwsException invalidObjectState(String message, String storageClass) {
    return error("InvalidObjectState", 403, message).with("StorageClass", storageClass);
  }

  public static AwsException objectNotInActiveTier() {
    return error(
        "ObjectNotInActiveTierError",
        403,
        "The source object of the COPY action is not in the active tier and is only stored in"
            + " Amazon Glacier.");
  }

  public static AwsException restoreAlreadyInProgress() {
    return error("RestoreAlreadyInProgress", 409, "Object restore is already in progress");
  }

  public static AwsException invalidStorageClass(String storageClass) {
    return error("InvalidStorageClass", 400, "The storage class you specified is not valid")
        .with("StorageClassRequested", storageClass);
  }

  // --- ranges and preconditions ---

  public static AwsException invalidRange(String rangeRequested, long actualObjectSize) {
    return error("InvalidRange", 416, "The requested range is not satisfiable")
        .with("RangeRequested", rangeRequested)
        .with("ActualObjectSize", actualObjectSize);
  }

  public static AwsException invalidPartNumber(int requested, int actualPartCount) {
    return error("InvalidPartNumber", 416, "The requested partnumber is not satisfiable")
        .with("PartNumberRequested", requested)
        .with("ActualPartCount", actualPartCount);
  }

  /** {@code condition} names the header that failed, e.g. {@code If-Match}. */
  public static AwsException preconditionFailed(String condition) {
    return error(
            "PreconditionFailed",
            412,
            "At least one of the pre-conditions you specified did not hold")
        .with("Condition", condition);
  }

  /** A 304 answer; S3 sends it without a body, with the object's ETag and Last-Modified. */
  public static AwsException notModified() {
    return error("NotModified", 304, "Not Modified");
  }

  public static AwsException conditionalRequestConflict() {
    return error(
        "ConditionalRequestConflict",
        409,
        "The conditional request cannot succeed due to a conflicting operation against this"
            + " resource.");
  }

  // --- request bodies and digests ---

  public static AwsException malformedXml() {
    return error(
        "MalformedXML",
        400,
        "The XML you provided was not well-formed or did not validate against our published"
            + " schema");
  }

  public static AwsException missingRequestBody() {
    return error("MissingRequestBodyError", 400, "Request Body is empty");
  }

  public static AwsException missingContentLength() {
    return error("MissingContentLength", 411, "You must provide the Content-Length HTTP header.");
  }

  public static AwsException incompleteBody() {
    return error(
        "IncompleteBody",
        400,
        "You did not provide the number of bytes specified by the Content-Length HTTP header");
  }

  public static AwsException badDigest(String expectedBase64, String calculatedBase64) {
    return error("BadDigest", 400, "The Content-MD5 you specified did not match what we received.")
        .with("ExpectedDigest", expectedBase64)
        .with("CalculatedDigest", calculatedBase64);
  }

  /** A flexible checksum ({@code CRC32}, {@code SHA256}, ...) that did not match the content. */
  public static AwsException badChecksum(String algorithm) {
    return error(
        "BadDigest",
        400,
        "The " + algorithm + " you specified did not match the calculated checksum.");
  }

  public static AwsException invalidDigest(String contentMd5) {
    return error("InvalidDigest", 400, "The Content-MD5 you specified is not valid.")
        .with("Content-MD5", contentMd5);
  }

  public static AwsException contentSha256Mismatch(String clientComputed, String s3Computed) {
    return error(
            "XAmzContentSHA256Mismatch",
            400,
            "The provided 'x-amz-content-sha256' header does not match what was computed.")
        .with("ClientComputedContentSHA256", clientComputed)
        .with("S3ComputedContentSHA256", s3Computed);
  }

  // --- uploads ---

  public static AwsException entityTooSmall(long proposedSize, long minSizeAllowed) {
    return error(
            "EntityTooSmall",
            400,
            "Your proposed upload is smaller than the minimum allowed object size.")
        .with("ProposedSize", proposedSize)
        .with("MinSizeAllowed", minSizeAllowed);
  }

  public static AwsException entityTooLarge(long proposedSize, long maxSizeAllowed) {
    return error("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size")
        .with("ProposedSize", proposedSize)
        .with("MaxSizeAllowed", maxSizeAllowed);
  }

  public static AwsException noSuchUpload(String uploadId) {
    return error(
            "NoSuchUpload",
            404,
            "The specified upload does not exist. The upload ID may be invalid, or the upload may"
                + " have been aborted or completed.")
        .with("UploadId", uploadId);
  }

  public static AwsException invalidPart(String uploadId, int partNumber, String etag) {
    return error(
            "InvalidPart",
            400,
            "One or more of the specified parts could not be found.  The part may not have been"
                + " uploaded, or the specified entity tag may not match the part's entity tag.")
        .with("UploadId", uploadId)
        .with("PartNumber", partNumber)
        .with("ETag", etag);
  }

  public static AwsException invalidPartOrder(String uploadId) {
    return error(
            "InvalidPartOrder",
            400,
            "The list of parts was not in ascending order. Parts must be ordered by part number.")
        .with("UploadId", uploadId);
  }

  // --- arguments and requests ---

  /**
   * S3's generic {@code InvalidArgument}, naming the argument and the value given (either may be
   * null, then the field is left out).
   */
  public static AwsException invalidArgument(
      String message, String argumentName, String argumentValue) {
    AwsException e = error("InvalidArgument", 400, message);
    if (argumentName != null) {
      e.with("ArgumentName", argumentName);
    }
    return argumentValue == null ? e : e.with("ArgumentValue", argumentValue);
  }

  public static AwsException invalidRequest(String message) {
    return error("InvalidRequest", 400, message);
  }

  public static AwsException invalidTag(String message) {
    return error("InvalidTag", 400, message);
  }

  public static AwsException malformedPolicy(String message) {
    return error("MalformedPolicy", 400, message);
  }

  public static AwsException illegalVersioningConfiguration() {
    return error(
        "IllegalVersioningConfigurationException", 400, "The Versioning element must be specified");
  }

  public static AwsException invalidUri() {
    return error("InvalidURI", 400, "Couldn't parse the specified URI.");
  }

  // --- bucket sub-resources that are not configured ---

  public static AwsException noSuchLifecycleConfiguration(String bucket) {
    return error("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist")
        .with("BucketName", bucket);
  }

  public static AwsException noSuchBucketPolicy(String bucket) {
    return error("NoSuchBucketPolicy", 404, "The bucket policy does not exist")
        .with("BucketName", bucket);
  }

  public static AwsException noSuchTagSet(String bucket) {
    return error("NoSuchTagSet", 404, "The TagSet does not exist").with("BucketName", bucket);
  }

  public static AwsException noSuchCorsConfiguration(String bucket) {
    return error("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist")
        .with("BucketName", bucket);
  }

  public static AwsException noSuchWebsiteConfiguration(String bucket) {
    return error(
            "NoSuchWebsiteConfiguration",
            404,
            "The specified bucket does not have a website configuration")
        .with("BucketName", bucket);
  }

  public static AwsException serverSideEncryptionConfigurationNotFound(String bucket) {
    return error(
            "ServerSideEncryptionConfigurationNotFoundError",
            404,
            "The server side encryption configuration was not found")
        .with("BucketName", bucket);
  }

  public static AwsException objectLockConfigurationNotFound(String bucket) {
    return error(
            "ObjectLockConfigurationNotFoundError",
            404,
            "Object Lock configuration does not exist for this bucket")
        .with("BucketName", bucket);
  }

  public static AwsException noSuchObjectLockConfiguration() {
    return error(
        "NoSuchObjectLockConfiguration",
        404,
        "The specified object does not have a ObjectLock configuration");
  }

  public static AwsException noSuchPublicAccessBlockConfiguration(String bucket) {
    return error(
            "NoSuchPublicAccessBlockConfiguration",
            404,
            "The public access block configuration was not found")
        .with("BucketName", bucket);
  }

  public static AwsException ownershipControlsNotFound(String bucket) {
    return error(
            "OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found")
        .with("BucketName", bucket);
  }

  public static AwsException replicationConfigurationNotFound(String bucket) {
    return error(
            "ReplicationConfigurationNotFoundError",
            404,
            "The replication configuration was not found")
        .with("BucketName", bucket);
  }

  // --- access and support ---

  public static AwsException accessDenied() {
    return error("AccessDenied", 403, "Access Denied");
  }

  public static AwsException methodNotAllowed(String method, String resourceType) {
    return error(
            "MethodNotAllowed", 405, "The specified method is not allowed against this resource.")
        .with("Method", method)
        .with("ResourceType", resourceType);
  }

  /** A header that asks for something S3 (or Basin) does not implement; 501. */
  public static AwsException notImplemented(String header) {
    AwsException e =
        error(
            "NotImplemented",
            501,
            "A header you provided implies functionality that is not implemented");
    return header == null ? e : e.with("Header", header);
  }

  // --- CORS (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors-troubleshooting.html) ---

  /** A preflight no rule of the bucket's CORS configuration allows. */
  public static AwsException corsNotAllowed(String method, String resourceType) {
    return error(
            "AccessForbidden",
            403,
            "CORSResponse: This CORS request is not allowed. This is usually because the"
                + " evalution of Origin, request method / Access-Control-Request-Method or"
                + " Access-Control-Request-Headers are not whitelisted by the resource's CORS"
                + " spec.")
        .with("Method", method)
        .with("ResourceType", resourceType);
  }

  /** A preflight to a bucket without CORS configuration. */
  public static AwsException corsNotEnabled(String method, String resourceType) {
    return error("AccessForbidden", 403, "CORSResponse: CORS is not enabled for this bucket.")
        .with("Method", method)
        .with("ResourceType", resourceType);
  }

  /** A malformed preflight (no Origin, no Access-Control-Request-Method). */
  public static AwsException badRequest(String message) {
    return error("BadRequest", 400, message);
  }

  public static AwsException internalError() {
    return error("InternalError", 500, "We encountered an internal error. Please try again.");
  }
}
