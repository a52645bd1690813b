package dev.basin.s3;

import static dev.basin.s3.S3Support.JSON;
import static dev.basin.s3.S3Support.store;
import static dev.basin.s3.S3Support.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.Timestamps;
import dev.basin.core.protocol.UrlEncoding;
import dev.basin.s3.notification.EventNames;
import dev.basin.s3.store.Bucket;
import dev.basin.s3.store.ObjectContent;
import dev.basin.s3.store.ObjectRead;
import dev.basin.s3.store.ObjectVersion;
import dev.basin.s3.store.RestoreState;
import dev.basin.s3.store.S3Store;
import dev.basin.s3.store.S3Store.DeleteResult;
import dev.basin.s3.store.S3Store.ObjectListing;
import dev.basin.s3.store.S3Store.VersionListing;
import dev.basin.s3.store.S3Store.WriteResult;
import dev.basin.s3.store.S3StoreException;
import dev.basin.s3.store.StagedBody;
import dev.basin.s3.store.VersioningState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Object operations: put, get, head, delete (one and many), copy, the three listings, tagging, ACLs
 * and restore. Request bodies stream into the store; GET answers with the stored file region (sent
 * zero-copy) or the inline bytes.
 */
final class S3ObjectOperations {
  /** S3's limit on a key: 1,024 bytes of UTF-8. */
  private static final int MAX_KEY_BYTES = 1024;

  private final S3Store store;
  private final BasinClock clock;
  private final S3Notifier notifier;
  private final S3Settings settings;

  S3ObjectOperations(S3Store store, BasinClock clock, S3Notifier notifier, S3Settings settings) {
    this.store = store;
    this.clock = clock;
    this.notifier = notifier;
    this.settings = settings;
  }

  void register(Map<String, OperationHandler> operations) {
    operations.put("PutObject", this::putObject);
    operations.put("GetObject", (context, input) -> getObject(context, input, false));
    operations.put("HeadObject", (context, input) -> getObject(context, input, true));
    operations.put("DeleteObject", this::deleteObject);
    operations.put("DeleteObjects", this::deleteObjects);
    operations.put("CopyObject", this::copyObject);
    operations.put("ListObjects", this::listObjects);
    operations.put("ListObjectsV2", this::listObjectsV2);
    operations.put("ListObjectVersions", this::listObjectVersions);
    operations.put("PutObjectTagging", this::putObjectTagging);
    operations.put("GetObjectTagging", this::getObjectTagging);
    operations.put("DeleteObjectTagging", this::deleteObjectTagging);
    operations.put("GetObjectAcl", this::getObjectAcl);
    operations.put("PutObjectAcl", this::putObjectAcl);
    operations.put("RestoreObject", this::restoreObject);
  }

  /** See https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html */
  JsonNode putObject(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = key(input);
    bucket(bucket);
    S3Encryption.checkWrite(input);
    S3ObjectAttributes.Parsed attributes = S3ObjectAttributes.fromInput(context, input);
    String ifNoneMatch = text(input, "IfNoneMatch");
    String ifMatch = context.request().header("If-Match");
    if (ifNoneMatch != null || ifMatch != null) {
      Preconditions.checkWrite(
          ifMatch, ifNoneMatch, key, S3Support.currentEtag(store, bucket, key));
    }
    S3Checksums checksums = S3Checksums.of(context.request().headers());
    WriteResult result;
    try (StagedBody body = S3Support.stage(store, input.get("Body"), checksums)) {
      checksums.verify(body);
      result =
          store(
              bucket,
              key,
              null,
              () ->
                  store.putObject(
                      bucket,
                      key,
                      body,
                      attributes.attributes().withChecksum(checksums.checksum(body))));
    }
    notifier.objectCreated(context, EventNames.OBJECT_CREATED_PUT, result.version());
    ObjectNode output = JSON.objectNode();
    output.put("ETag", result.version().quotedEtag());
    versionId(output, result.version(), result.versioning());
    checksum(output, result.version());
    return S3Encryption.describe(output);
  }

  /**
   * GET and HEAD. See https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html: ranges
   * answer 206, conditions 304/412, archived objects {@code InvalidObjectState} until restored, a
   * delete marker {@code NoSuchKey} (or 405 by version id) with {@code x-amz-delete-marker}.
   */
  JsonNode getObject(RequestContext context, ObjectNode input, boolean head) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String versionId = text(input, "VersionId");
    String range = text(input, "Range");
    if (range != null && input.has("PartNumber")) {
      throw S3Errors.invalidRequest(
          "Cannot specify both Range header and partNumber query parameter");
    }
    S3Encryption.checkRead(input);
    Bucket target = bucket(bucket);
    for (int attempt = 1; ; attempt++) {
      try {
        return head
            ? describe(
                context, input, target, readVersion(target, key, versionId, true), null, true)
            : getOnce(context, input, target, key, versionId);
      } catch (VersionChanged e) {
        if (attempt == 3) {
          throw S3Errors.internalError();
        }
      }
    }
  }

  private JsonNode getOnce(
      RequestContext context, ObjectNode input, Bucket target, String key, String versionId) {
    ObjectRead read = readObject(target, key, versionId);
    try {
      JsonNode output = describe(context, input, target, read.version(), read.content(), false);
      read = null; // the response owns the content now
      return output;
    } finally {
      if (read != null) {
        read.close();
      }
    }
  }

  /** The version read was overwritten or deleted before its part sizes were: read again. */
  private static final class VersionChanged extends RuntimeException {
    VersionChanged() {
      super(null, null, false, false);
    }
  }

  private ObjectRead readObject(Bucket bucket, String key, String versionId) {
    try {
      return store.get(bucket.name(), key, versionId);
    } catch (S3StoreException e) {
      throw deleteMarkerAware(e, bucket, key, versionId);
    }
  }

  private ObjectVersion readVersion(Bucket bucket, String key, String versionId, boolean head) {
    ObjectVersion version =
        store(bucket.name(), key, versionId, () -> store.head(bucket.name(), key, versionId));
    if (version.deleteMarker()) {
      throw deleteMarkerError(bucket, version, versionId, head ? "HEAD" : "GET");
    }
    return version;
  }

  /** A read that found a delete marker answers with the marker's headers. */
  private AwsException deleteMarkerAware(
      S3StoreException e, Bucket bucket, String key, String versionId) {
    if (e.reason() == S3StoreException.Reason.NO_SUCH_KEY
        || e.reason() == S3StoreException.Reason.METHOD_NOT_ALLOWED) {
      try {
        ObjectVersion version = store.head(bucket.name(), key, versionId);
        if (version.deleteMarker()) {
          return deleteMarkerError(bucket, version, versionId, "GET");
        }
      } catch (S3StoreException ignored) {
        // no marker: the plain error below
      }
    }
    return S3Support.toAwsError(e, bucket.name(), key, versionId);
  }

  private static AwsException deleteMarkerError(
      Bucket bucket, ObjectVersion marker, String versionId, String method) {
    AwsException error =
        versionId == null
            ? S3Errors.noSuchKey(marker.key())
            : S3Errors.methodNotAllowed(method, "DeleteMarker");
    error.withHeader("x-amz-delete-marker", "true");
    if (bucket.versioning() != VersioningState.UNVERSIONED) {
      error.withHeader("x-amz-version-id", marker.versionId());
    }
    return error;
  }

  private JsonNode describe(
      RequestContext context,
      ObjectNode input,
      Bucket bucket,
      ObjectVersion version,
      ObjectContent content,
      boolean head) {
    Instant now = clock.now();
    if (!head
        && S3StorageClasses.isArchived(version.attributes().storageClass())
        && !restored(version, now)) {
      throw S3Errors.invalidObjectState(version.attributes().storageClass());
    }
    Preconditions.checkRead(
        Preconditions.Conditions.ofRead(input), version.etag(), version.lastModified());
    ObjectNode output = JSON.objectNode();
    S3ObjectAttributes.describe(output, version, now);
    S3Encryption.describe(output);
    versionId(output, version, bucket.versioning());
    if ("ENABLED".equals(text(input, "ChecksumMode"))) {
      checksum(output, version);
    }
    responseOverrides(context, input, output);
    output.put("AcceptRanges", "bytes");
    ByteRanges.ByteRange range =
        input.has("PartNumber")
            ? partRange(input.path("PartNumber").asInt(0), version)
            : ByteRanges.parse(text(input, "Range"), version.size());
    if (range != null && version.partsCount() > 0) {
      output.put("PartsCount", version.partsCount());
    }
    long offset = range == null ? 0 : range.offset();
    long length = range == null ? version.size() : range.length();
    if (range != null) {
      output.put("ContentRange", range.contentRange());
      output.put("StatusCode", 206);
    }
    output.put("ContentLength", length);
    if (content != null) {
      output.set("Body", new POJONode(body(content, offset, length)));
    }
    return output;
  }

  /**
   * The range of a {@code partNumber} read: the part's bytes as uploaded (CompleteMultipartUpload
   * keeps the part sizes); an object not uploaded in parts is one part.
   */
  private ByteRanges.ByteRange partRange(int partNumber, ObjectVersion version) {
    long[] sizes;
    try {
      sizes = version.partsCount() > 0 ? store.partSizes(version) : null;
    } catch (S3StoreException e) {
      throw new VersionChanged();
    }
    return ByteRanges.forPart(partNumber, sizes != null ? sizes : new long[] {version.size()});
  }

  private static ResponseBody body(ObjectContent content, long offset, long length) {
    if (content instanceof ObjectContent.Inline inline) {
      byte[] bytes = inline.bytes();
      return ResponseBody.of(
          offset == 0 && length == bytes.length
              ? bytes
              : Arrays.copyOfRange(bytes, (int) offset, (int) (offset + length)));
    }
    ObjectContent.File file = (ObjectContent.File) content;
    return new ResponseBody.ChannelRegion(file.channel(), file.offset() + offset, length);
  }

  /** {@code response-*} query parameters override the stored headers of a signed GET. */
  private static void responseOverrides(
      RequestContext context, ObjectNode input, ObjectNode output) {
    String[][] overrides = {
      {"ResponseCacheControl", "CacheControl"},
      {"ResponseContentDisposition", "ContentDisposition"},
      {"ResponseContentEncoding", "ContentEncoding"},
      {"ResponseContentLanguage", "ContentLanguage"},
      {"ResponseContentType", "ContentType"},
    };
    for (String[] override : overrides) {
      String value = text(input, override[0]);
      if (value != null) {
        output.put(override[1], value);
      }
    }
    if (input.has("ResponseExpires")) {
      output.set("Expires", input.get("ResponseExpires"));
    }
  }

  private static boolean restored(ObjectVersion version, Instant now) {
    RestoreState restore = version.restore();
    return restore != null
        && S3Restores.isDone(restore, now)
        && !S3Restores.isExpired(restore, now);
  }

  /** See https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html */
  JsonNode deleteObject(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String versionId = text(input, "VersionId");
    DeleteResult result = store(bucket, key, versionId, () -> store.delete(bucket, key, versionId));
    ObjectNode output = JSON.objectNode();
    describeDelete(output, result);
    notifier.objectRemoved(context, bucket, key, result);
    return output;
  }

  private static void describeDelete(ObjectNode output, DeleteResult result) {
    if (result.deleteMarker()) {
      output.put("DeleteMarker", true);
    }
    if (result.versionId() != null && result.versioning() != VersioningState.UNVERSIONED) {
      output.put("VersionId", result.versionId());
    }
  }

  /** Up to 1,000 keys; each failure is reported per key, never for the whole request. */
  JsonNode deleteObjects(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    bucket(bucket);
    JsonNode delete = input.path("Delete");
    JsonNode objects = delete.path("Objects");
    if (!objects.isArray() || objects.isEmpty() || objects.size() > 1000) {
      throw S3Errors.malformedXml();
    }
    boolean quiet = delete.path("Quiet").asBoolean(false);
    ArrayNode deleted = JSON.arrayNode();
    ArrayNode errors = JSON.arrayNode();
    for (JsonNode object : objects) {
      String key = text(object, "Key");
      String versionId = text(object, "VersionId");
      try {
        DeleteResult result =
            store(bucket, key, versionId, () -> store.delete(bucket, key, versionId));
        notifier.objectRemoved(context, bucket, key, result);
        if (!quiet) {
          ObjectNode entry = deleted.addObject().put("Key", key);
          if (versionId != null) {
            entry.put("VersionId", versionId);
          }
          if (result.deleteMarker()) {
            entry.put("DeleteMarker", true);
            entry.put("DeleteMarkerVersionId", result.versionId());
          }
        }
      } catch (AwsException e) {
        ObjectNode entry = errors.addObject().put("Key", key);
        if (versionId != null) {
          entry.put("VersionId", versionId);
        }
        entry.put("Code", e.code()).put("Message", e.getMessage());
      }
    }
    ObjectNode output = JSON.objectNode();
    output.set("Deleted", deleted);
    output.set("Errors", errors);
    return output;
  }

  /** See https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html */
  JsonNode copyObject(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = key(input);
    CopySource source = CopySource.parse(text(input, "CopySource"));
    bucket(bucket);
    S3Encryption.checkWrite(input);
    Bucket sourceBucket = bucket(source.bucket());
    ObjectVersion sourceVersion =
        readVersion(sourceBucket, source.key(), source.versionId(), false);
    if (S3StorageClasses.isArchived(sourceVersion.attributes().storageClass())
        && !restored(sourceVersion, clock.now())) {
      throw S3Errors.invalidObjectState(sourceVersion.attributes().storageClass());
    }
    Preconditions.checkCopySource(
        Preconditions.Conditions.ofCopySource(input),
        sourceVersion.etag(),
        sourceVersion.lastModified());
    boolean replaceMetadata = "REPLACE".equals(text(input, "MetadataDirective"));
    boolean replaceTags = "REPLACE".equals(text(input, "TaggingDirective"));
    String storageClass = text(input, "StorageClass");
    if (bucket.equals(source.bucket())
        && key.equals(source.key())
        && source.versionId() == null
        && !replaceMetadata
        && storageClass == null
        && text(input, "WebsiteRedirectLocation") == null) {
      throw S3Errors.invalidRequest(
          "This copy request is illegal because it is trying to copy an object to itself without"
              + " changing the object's metadata, storage class, website redirect location or"
              + " encryption attributes.");
    }
    S3ObjectAttributes.Parsed requested = S3ObjectAttributes.fromInput(context, input);
    WriteResult result =
        store(
            source.bucket(),
            source.key(),
            source.versionId(),
            () ->
                store.copyObject(
                    source.bucket(),
                    source.key(),
                    sourceVersion.versionId(),
                    bucket,
                    key,
                    original -> {
                      var attributes =
                          replaceMetadata
                              ? requested.attributes().withChecksum(original.checksum())
                              : original.withStorageClass(
                                  storageClass != null ? storageClass : original.storageClass());
                      attributes =
                          replaceTags
                              ? attributes.withTags(requested.attributes().tags())
                              : attributes.withTags(original.tags());
                      return attributes;
                    }));
    notifier.objectCreated(context, EventNames.OBJECT_CREATED_COPY, result.version());
    ObjectNode copyResult = JSON.objectNode();
    copyResult.put("ETag", result.version().quotedEtag());
    copyResult.set("LastModified", Timestamps.node(result.version().lastModified()));
    ObjectNode output = JSON.objectNode();
    output.set("CopyObjectResult", copyResult);
    versionId(output, result.version(), result.versioning());
    if (sourceBucket.versioning() != VersioningState.UNVERSIONED) {
      output.put("CopySourceVersionId", sourceVersion.versionId());
    }
    return S3Encryption.describe(output);
  }

  /** {@code x-amz-copy-source}: {@code [/]bucket/key[?versionId=id]}, URL-encoded. */
  record CopySource(String bucket, String key, String versionId) {
    static CopySource parse(String header) {
      if (header == null || header.isEmpty()) {
        throw S3Errors.invalidArgument(
            "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
            "x-amz-copy-source",
            header);
      }
      String value = header.startsWith("/") ? header.substring(1) : header;
      String versionId = null;
      int question = value.indexOf('?');
      if (question >= 0) {
        String query = value.substring(question + 1);
        value = value.substring(0, question);
        if (query.startsWith("versionId=")) {
          versionId = UrlEncoding.decode(query.substring("versionId=".length()), false);
        }
      }
      int slash = value.indexOf('/');
      if (slash <= 0 || slash == value.length() - 1) {
        throw S3Errors.invalidArgument(
            "Copy Source must mention the source bucket and key: sourcebucket/sourcekey",
            "x-amz-copy-source",
            header);
      }
      return new CopySource(
          UrlEncoding.decode(value.substring(0, slash), false),
          UrlEncoding.decode(value.substring(slash + 1), false),
          versionId);
    }
  }

  /** ListObjects (V1): Marker and NextMarker, the latter only with a delimiter, as S3 does. */
  JsonNode listObjects(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String prefix = text(input, "Prefix");
    String delimiter = S3Support.textOrNull(input, "Delimiter");
    String marker = text(input, "Marker");
    int maxKeys = S3Support.maxKeys(input, "MaxKeys", "max-keys");
    boolean url = encodingType(input);
    ObjectListing listing =
        store(
            bucket,
            null,
            null,
            () ->
                store.listObjects(
                    bucket, new S3Store.ListObjectsQuery(prefix, delimiter, marker, maxKeys)));
    ObjectNode output = JSON.objectNode();
    output.put("Name", bucket);
    output.put("Prefix", encode(prefix == null ? "" : prefix, url));
    output.put("Marker", encode(marker == null ? "" : marker, url));
    output.put("MaxKeys", maxKeys);
    if (delimiter != null) {
      output.put("Delimiter", encode(delimiter, url));
    }
    output.put("IsTruncated", listing.truncated());
    if (listing.truncated() && delimiter != null) {
      output.put("NextMarker", encode(listing.nextMarker(), url));
    }
    output.set("Contents", contents(listing, true, url));
    output.set("CommonPrefixes", commonPrefixes(listing.commonPrefixes(), url));
    if (url) {
      output.put("EncodingType", "url");
    }
    return output;
  }

  /** ListObjectsV2: opaque continuation tokens, StartAfter, KeyCount, FetchOwner. */
  JsonNode listObjectsV2(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String prefix = text(input, "Prefix");
    String delimiter = S3Support.textOrNull(input, "Delimiter");
    String token = text(input, "ContinuationToken");
    String startAfter = text(input, "StartAfter");
    int maxKeys = S3Support.maxKeys(input, "MaxKeys", "max-keys");
    boolean url = encodingType(input);
    String marker = token != null ? S3Support.decodeToken(token) : startAfter;
    ObjectListing listing =
        store(
            bucket,
            null,
            null,
            () ->
                store.listObjects(
                    bucket, new S3Store.ListObjectsQuery(prefix, delimiter, marker, maxKeys)));
    ObjectNode output = JSON.objectNode();
    output.put("Name", bucket);
    output.put("Prefix", encode(prefix == null ? "" : prefix, url));
    output.put("MaxKeys", maxKeys);
    if (delimiter != null) {
      output.put("Delimiter", encode(delimiter, url));
    }
    output.put("KeyCount", listing.objects().size() + listing.commonPrefixes().size());
    output.put("IsTruncated", listing.truncated());
    if (token != null) {
      output.put("ContinuationToken", token);
    }
    if (listing.truncated()) {
      output.put("NextContinuationToken", S3Support.encodeToken(listing.nextMarker()));
    }
    if (startAfter != null) {
      output.put("StartAfter", encode(startAfter, url));
    }
    output.set("Contents", contents(listing, input.path("FetchOwner").asBoolean(false), url));
    output.set("CommonPrefixes", commonPrefixes(listing.commonPrefixes(), url));
    if (url) {
      output.put("EncodingType", "url");
    }
    return output;
  }

  private ArrayNode contents(ObjectListing listing, boolean owner, boolean url) {
    ArrayNode contents = JSON.arrayNode();
    Instant now = clock.now();
    for (ObjectVersion version : listing.objects()) {
      ObjectNode entry = contents.addObject();
      entry.put("Key", encode(version.key(), url));
      entry.set("LastModified", Timestamps.node(version.lastModified()));
      entry.put("ETag", version.quotedEtag());
      entry.put("Size", version.size());
      entry.put("StorageClass", version.attributes().storageClass());
      if (version.attributes().checksum() != null) {
        entry.putArray("ChecksumAlgorithm").add(version.attributes().checksum().algorithm().name());
      }
      if (owner) {
        entry.set("Owner", S3Support.owner(version.attributes().owner()));
      }
      if (version.restore() != null) {
        ObjectNode status = entry.putObject("RestoreStatus");
        boolean done = S3Restores.isDone(version.restore(), now);
        status.put("IsRestoreInProgress", !done);
        if (done) {
          status.set("RestoreExpiryDate", Timestamps.node(version.restore().expiry()));
        }
      }
    }
    return contents;
  }

  private static ArrayNode commonPrefixes(java.util.List<String> prefixes, boolean url) {
    ArrayNode common = JSON.arrayNode();
    prefixes.forEach(prefix -> common.addObject().put("Prefix", encode(prefix, url)));
    return common;
  }

  /** See https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html */
  JsonNode listObjectVersions(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String prefix = text(input, "Prefix");
    String delimiter = S3Support.textOrNull(input, "Delimiter");
    String keyMarker = S3Support.textOrNull(input, "KeyMarker");
    String versionIdMarker = S3Support.textOrNull(input, "VersionIdMarker");
    if (versionIdMarker != null && keyMarker == null) {
      throw S3Errors.invalidArgument(
          "A version-id marker cannot be specified without a key marker.",
          "version-id-marker",
          versionIdMarker);
    }
    int maxKeys = S3Support.maxKeys(input, "MaxKeys", "max-keys");
    boolean url = encodingType(input);
    VersionListing listing =
        store(
            bucket,
            null,
            versionIdMarker,
            () ->
                store.listVersions(
                    bucket,
                    new S3Store.ListVersionsQuery(
                        prefix, delimiter, keyMarker, versionIdMarker, maxKeys)));
    ArrayNode versions = JSON.arrayNode();
    ArrayNode markers = JSON.arrayNode();
    for (ObjectVersion version : listing.versions()) {
      ObjectNode entry = (version.deleteMarker() ? markers : versions).addObject();
      entry.set("Owner", S3Support.owner(version.attributes().owner()));
      entry.put("Key", encode(version.key(), url));
      entry.put("VersionId", version.versionId());
      entry.put("IsLatest", version.latest());
      entry.set("LastModified", Timestamps.node(version.lastModified()));
      if (!version.deleteMarker()) {
        entry.put("ETag", version.quotedEtag());
        entry.put("Size", version.size());
        entry.put("StorageClass", version.attributes().storageClass());
      }
    }
    ObjectNode output = JSON.objectNode();
    output.put("Name", bucket);
    output.put("Prefix", encode(prefix == null ? "" : prefix, url));
    output.put("KeyMarker", encode(keyMarker == null ? "" : keyMarker, url));
    output.put("VersionIdMarker", versionIdMarker == null ? "" : versionIdMarker);
    output.put("MaxKeys", maxKeys);
    if (delimiter != null) {
      output.put("Delimiter", encode(delimiter, url));
    }
    output.put("IsTruncated", listing.truncated());
    if (listing.truncated()) {
      output.put("NextKeyMarker", encode(listing.nextKeyMarker(), url));
      if (listing.nextVersionIdMarker() != null) {
        output.put("NextVersionIdMarker", listing.nextVersionIdMarker());
      }
    }
    output.set("Versions", versions);
    output.set("DeleteMarkers", markers);
    output.set("CommonPrefixes", commonPrefixes(listing.commonPrefixes(), url));
    if (url) {
      output.put("EncodingType", "url");
    }
    return output;
  }

  JsonNode putObjectTagging(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String versionId = text(input, "VersionId");
    Map<String, String> tags =
        S3Tags.fromTagSet(input.path("Tagging").path("TagSet"), S3Tags.MAX_OBJECT_TAGS);
    ObjectVersion version =
        store(
            bucket,
            key,
            versionId,
            () ->
                store.updateObject(
                    bucket,
                    key,
                    versionId,
                    update ->
                        new S3Store.VersionUpdate(
                            update.attributes().withTags(tags), update.restore())));
    return taggingOutput(bucket, version, null);
  }

  JsonNode getObjectTagging(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String versionId = text(input, "VersionId");
    Bucket target = bucket(bucket);
    ObjectVersion version = readVersion(target, key, versionId, false);
    return taggingOutput(bucket, version, S3Tags.toTagSet(version.attributes().tags()));
  }

  JsonNode deleteObjectTagging(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String versionId = text(input, "VersionId");
    ObjectVersion version =
        store(
            bucket,
            key,
            versionId,
            () ->
                store.updateObject(
                    bucket,
                    key,
                    versionId,
                    update ->
                        new S3Store.VersionUpdate(
                            update.attributes().withTags(Map.of()), update.restore())));
    return taggingOutput(bucket, version, null);
  }

  private JsonNode taggingOutput(String bucket, ObjectVersion version, ArrayNode tagSet) {
    ObjectNode output = JSON.objectNode();
    if (bucket(bucket).versioning() != VersioningState.UNVERSIONED) {
      output.put("VersionId", version.versionId());
    }
    if (tagSet != null) {
      output.set("TagSet", tagSet);
    }
    return output;
  }

  JsonNode getObjectAcl(RequestContext context, ObjectNode input) {
    Bucket bucket = bucket(text(input, "Bucket"));
    ObjectVersion version =
        readVersion(bucket, text(input, "Key"), text(input, "VersionId"), false);
    return S3Acls.describe(version.attributes().owner(), "private");
  }

  /** Object ACLs are accepted and not kept: Basin reports objects as private (see docs/s3.md). */
  JsonNode putObjectAcl(RequestContext context, ObjectNode input) {
    Bucket bucket = bucket(text(input, "Bucket"));
    readVersion(bucket, text(input, "Key"), text(input, "VersionId"), false);
    String canned = text(input, "ACL");
    if (canned != null
        && !canned.equals("private")
        && !canned.equals("bucket-owner-full-control")) {
      throw S3Errors.notImplemented("x-amz-acl: " + canned);
    }
    return null;
  }

  /**
   * Starts a restore of an archived object; it completes after the tier's duration on Basin's
   * clock. See https://docs.aws.amazon.com/AmazonS3/latest/API/API_RestoreObject.html: 202 for a
   * new restore, 200 when the object is already restored (the expiry moves), 409 while one runs.
   */
  JsonNode restoreObject(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String versionId = text(input, "VersionId");
    JsonNode request = input.path("RestoreRequest");
    int days = request.path("Days").asInt(1);
    if (days < 1) {
      throw S3Errors.malformedXml();
    }
    String tier = text(request.path("GlacierJobParameters"), "Tier");
    if (tier == null) {
      tier = text(request, "Tier");
    }
    Bucket target = bucket(bucket);
    ObjectVersion version = readVersion(target, key, versionId, false);
    String storageClass = version.attributes().storageClass();
    if (!S3StorageClasses.isArchived(storageClass)) {
      throw S3Errors.invalidObjectState(
          "Restore is not allowed for the object's current storage class", storageClass);
    }
    Instant now = clock.now();
    RestoreState current = version.restore();
    if (current != null && !S3Restores.isDone(current, now)) {
      throw S3Errors.restoreAlreadyInProgress();
    }
    boolean alreadyRestored = current != null && !S3Restores.isExpired(current, now);
    Duration duration =
        alreadyRestored
            ? Duration.ZERO
            : settings.restoreDuration(tier, storageClass.equals("DEEP_ARCHIVE"));
    RestoreState restore = S3Restores.start(now, duration, days);
    store(
        bucket,
        key,
        versionId,
        () ->
            store.updateObject(
                bucket,
                key,
                version.versionId(),
                update -> new S3Store.VersionUpdate(update.attributes(), restore)));
    ObjectNode output = JSON.objectNode();
    output.put("StatusCode", alreadyRestored ? 200 : 202);
    return output;
  }

  private Bucket bucket(String name) {
    return store.bucket(name).orElseThrow(() -> S3Errors.noSuchBucket(name));
  }

  private static String key(ObjectNode input) {
    String key = text(input, "Key");
    if (key == null || key.isEmpty()) {
      throw S3Errors.invalidArgument("Key must not be empty", "key", key);
    }
    int bytes = key.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_KEY_BYTES) {
      throw S3Errors.keyTooLong(bytes);
    }
    return key;
  }

  private static void versionId(ObjectNode output, ObjectVersion version, VersioningState state) {
    if (state != VersioningState.UNVERSIONED) {
      output.put("VersionId", version.versionId());
    }
  }

  private static void checksum(ObjectNode output, ObjectVersion version) {
    var checksum = version.attributes().checksum();
    if (checksum != null) {
      output.put(S3Checksums.member(checksum.algorithm()), checksum.value());
      output.put("ChecksumType", checksum.type().name());
    }
  }

  private static boolean encodingType(ObjectNode input) {
    String type = text(input, "EncodingType");
    if (type == null) {
      return false;
    }
    if (!type.equals("url")) {
      throw S3Errors.invalidArgument(
          "Invalid Encoding Method specified in Request", "encoding-type", type);
    }
    return true;
  }

  /** With {@code encoding-type=url}, keys and prefixes are URL-encoded, {@code /} kept. */
  private static String encode(String value, boolean url) {
    return url ? UrlEncoding.encode(value, true) : value;
  }
}
