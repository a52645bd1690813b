package dev.basin.s3;

import static dev.basin.s3.S3Support.JSON;
import static dev.basin.s3.S3Support.store;
import static dev.basin.s3.S3Support.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.protocol.Timestamps;
import dev.basin.s3.notification.EventNames;
import dev.basin.s3.store.ObjectContent;
import dev.basin.s3.store.ObjectRead;
import dev.basin.s3.store.S3Store;
import dev.basin.s3.store.S3Store.CompletedPart;
import dev.basin.s3.store.S3Store.MultipartUpload;
import dev.basin.s3.store.S3Store.PartListing;
import dev.basin.s3.store.S3Store.UploadListing;
import dev.basin.s3.store.S3Store.UploadPart;
import dev.basin.s3.store.S3Store.WriteResult;
import dev.basin.s3.store.StagedBody;
import dev.basin.s3.store.VersioningState;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multipart uploads: create, upload part (and part copy), list parts and uploads, complete, abort.
 * See https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html.
 */
final class S3MultipartOperations {
  private final S3Store store;
  private final BasinClock clock;
  private final S3Notifier notifier;

  S3MultipartOperations(S3Store store, BasinClock clock, S3Notifier notifier) {
    this.store = store;
    this.clock = clock;
    this.notifier = notifier;
  }

  void register(Map<String, OperationHandler> operations) {
    operations.put("CreateMultipartUpload", this::createMultipartUpload);
    operations.put("UploadPart", this::uploadPart);
    operations.put("UploadPartCopy", this::uploadPartCopy);
    operations.put("ListParts", this::listParts);
    operations.put("ListMultipartUploads", this::listMultipartUploads);
    operations.put("CompleteMultipartUpload", this::completeMultipartUpload);
    operations.put("AbortMultipartUpload", this::abortMultipartUpload);
  }

  JsonNode createMultipartUpload(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    S3Encryption.checkWrite(input);
    S3ObjectAttributes.Parsed attributes = S3ObjectAttributes.fromInput(context, input);
    MultipartUpload upload =
        store(bucket, key, null, () -> store.createUpload(bucket, key, attributes.attributes()));
    ObjectNode output = JSON.objectNode();
    output.put("Bucket", bucket);
    output.put("Key", key);
    output.put("UploadId", upload.uploadId());
    String algorithm = context.request().header("x-amz-checksum-algorithm");
    if (algorithm != null) {
      output.put("ChecksumAlgorithm", algorithm);
    }
    return S3Encryption.describe(output);
  }

  JsonNode uploadPart(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String uploadId = text(input, "UploadId");
    int partNumber = partNumber(input);
    store(bucket, key, null, () -> store.upload(bucket, key, uploadId));
    S3Encryption.checkWrite(input);
    S3Checksums checksums = S3Checksums.of(context.request().headers());
    UploadPart part;
    try (StagedBody body = S3Support.stage(store, input.get("Body"), checksums)) {
      checksums.verify(body);
      part =
          store(
              bucket,
              key,
              null,
              () ->
                  store.putPart(bucket, key, uploadId, partNumber, body, checksums.checksum(body)));
    }
    ObjectNode output = JSON.objectNode();
    output.put("ETag", '"' + part.etag() + '"');
    if (part.checksum() != null) {
      output.put(S3Checksums.member(part.checksum().algorithm()), part.checksum().value());
    }
    return S3Encryption.describe(output);
  }

  /** A part copied from (a range of) an existing object, {@code x-amz-copy-source-range}. */
  JsonNode uploadPartCopy(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String uploadId = text(input, "UploadId");
    int partNumber = partNumber(input);
    store(bucket, key, null, () -> store.upload(bucket, key, uploadId));
    S3Encryption.checkWrite(input);
    S3ObjectOperations.CopySource source =
        S3ObjectOperations.CopySource.parse(text(input, "CopySource"));
    UploadPart part;
    String sourceVersionId;
    try (ObjectRead read =
        store(
            source.bucket(),
            source.key(),
            source.versionId(),
            () -> store.get(source.bucket(), source.key(), source.versionId()))) {
      Preconditions.checkCopySource(
          Preconditions.Conditions.ofCopySource(input),
          read.version().etag(),
          read.version().lastModified());
      sourceVersionId = read.version().versionId();
      long size = read.version().size();
      long offset = 0;
      long length = size;
      String range = text(input, "CopySourceRange");
      if (range != null) {
        ByteRanges.ByteRange parsed = ByteRanges.parse(range, size);
        if (parsed == null) {
          throw S3Errors.invalidArgument(
              "The x-amz-copy-source-range value must be of the form bytes=first-last where first"
                  + " and last are the zero-based offsets of the first and last bytes to copy",
              "x-amz-copy-source-range",
              range);
        }
        offset = parsed.offset();
        length = parsed.length();
      }
      try (InputStream in = open(read.content(), offset, length);
          StagedBody body = store.stage(in, java.util.Set.of())) {
        part =
            store(
                bucket,
                key,
                null,
                () -> store.putPart(bucket, key, uploadId, partNumber, body, null));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    ObjectNode result = JSON.objectNode();
    result.put("ETag", '"' + part.etag() + '"');
    result.set("LastModified", Timestamps.node(part.lastModified()));
    ObjectNode output = JSON.objectNode();
    output.set("CopyPartResult", result);
    if (!"null".equals(sourceVersionId)) {
      output.put("CopySourceVersionId", sourceVersionId);
    }
    return S3Encryption.describe(output);
  }

  private static InputStream open(ObjectContent content, long offset, long length)
      throws IOException {
    if (content instanceof ObjectContent.Inline inline) {
      return new java.io.ByteArrayInputStream(inline.bytes(), (int) offset, (int) length);
    }
    ObjectContent.File file = (ObjectContent.File) content;
    file.channel().position(file.offset() + offset);
    InputStream whole = Channels.newInputStream(file.channel());
    return new java.io.FilterInputStream(whole) {
      private long remaining = length;

      @Override
      public int read() throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          remaining--;
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int off, int len) throws IOException {
        if (remaining <= 0) {
          return -1;
        }
        int n = super.read(buffer, off, (int) Math.min(len, remaining));
        if (n > 0) {
          remaining -= n;
        }
        return n;
      }

      @Override
      public void close() {
        // the ObjectRead closes the channel
      }
    };
  }

  JsonNode listParts(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String uploadId = text(input, "UploadId");
    int marker = input.path("PartNumberMarker").asInt(0);
    int maxParts = S3Support.maxKeys(input, "MaxParts", "max-parts");
    MultipartUpload upload = store(bucket, key, null, () -> store.upload(bucket, key, uploadId));
    PartListing listing =
        store(bucket, key, null, () -> store.listParts(bucket, key, uploadId, marker, maxParts));
    ArrayNode parts = JSON.arrayNode();
    for (UploadPart part : listing.parts()) {
      ObjectNode entry = parts.addObject();
      entry.put("PartNumber", part.partNumber());
      entry.set("LastModified", Timestamps.node(part.lastModified()));
      entry.put("ETag", '"' + part.etag() + '"');
      entry.put("Size", part.size());
      if (part.checksum() != null) {
        entry.put(S3Checksums.member(part.checksum().algorithm()), part.checksum().value());
      }
    }
    ObjectNode output = JSON.objectNode();
    output.put("Bucket", bucket);
    output.put("Key", key);
    output.put("UploadId", uploadId);
    output.put("PartNumberMarker", marker);
    output.put("NextPartNumberMarker", listing.nextPartNumberMarker());
    output.put("MaxParts", maxParts);
    output.put("IsTruncated", listing.truncated());
    output.set("Parts", parts);
    output.set("Initiator", initiator(upload));
    output.set("Owner", S3Support.owner(upload.attributes().owner()));
    output.put("StorageClass", upload.attributes().storageClass());
    return output;
  }

  JsonNode listMultipartUploads(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String prefix = text(input, "Prefix");
    String delimiter = S3Support.textOrNull(input, "Delimiter");
    String keyMarker = text(input, "KeyMarker");
    String uploadIdMarker = text(input, "UploadIdMarker");
    int maxUploads = S3Support.maxKeys(input, "MaxUploads", "max-uploads");
    UploadListing listing =
        store(
            bucket,
            null,
            null,
            () ->
                store.listUploads(
                    bucket,
                    new S3Store.ListUploadsQuery(
                        prefix, delimiter, keyMarker, uploadIdMarker, maxUploads)));
    ArrayNode uploads = JSON.arrayNode();
    for (MultipartUpload upload : listing.uploads()) {
      ObjectNode entry = uploads.addObject();
      entry.put("UploadId", upload.uploadId());
      entry.put("Key", upload.key());
      entry.set("Initiated", Timestamps.node(upload.initiated()));
      entry.put("StorageClass", upload.attributes().storageClass());
      entry.set("Owner", S3Support.owner(upload.attributes().owner()));
      entry.set("Initiator", initiator(upload));
    }
    ObjectNode output = JSON.objectNode();
    output.put("Bucket", bucket);
    output.put("KeyMarker", keyMarker == null ? "" : keyMarker);
    output.put("UploadIdMarker", uploadIdMarker == null ? "" : uploadIdMarker);
    if (listing.truncated()) {
      output.put("NextKeyMarker", listing.nextKeyMarker());
      output.put("NextUploadIdMarker", listing.nextUploadIdMarker());
    }
    output.put("Prefix", prefix == null ? "" : prefix);
    if (delimiter != null) {
      output.put("Delimiter", delimiter);
    }
    output.put("MaxUploads", maxUploads);
    output.put("IsTruncated", listing.truncated());
    output.set("Uploads", uploads);
    ArrayNode common = JSON.arrayNode();
    listing.commonPrefixes().forEach(p -> common.addObject().put("Prefix", p));
    output.set("CommonPrefixes", common);
    return output;
  }

  JsonNode completeMultipartUpload(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String uploadId = text(input, "UploadId");
    JsonNode given = input.path("MultipartUpload").path("Parts");
    if (!given.isArray() || given.isEmpty()) {
      throw S3Errors.malformedXml();
    }
    List<CompletedPart> parts = new ArrayList<>();
    for (JsonNode part : given) {
      if (!part.has("PartNumber") || !part.has("ETag")) {
        throw S3Errors.malformedXml();
      }
      parts.add(new CompletedPart(part.path("PartNumber").asInt(), part.path("ETag").asText()));
    }
    String ifNoneMatch = text(input, "IfNoneMatch");
    if (ifNoneMatch != null) {
      Preconditions.checkWrite(null, ifNoneMatch, key, S3Support.currentEtag(store, bucket, key));
    }
    WriteResult result =
        store(bucket, key, null, () -> store.completeUpload(bucket, key, uploadId, parts, null));
    notifier.objectCreated(
        context, EventNames.OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD, result.version());
    ObjectNode output = JSON.objectNode();
    output.put(
        "Location", "/" + bucket + "/" + dev.basin.core.protocol.UrlEncoding.encode(key, true));
    output.put("Bucket", bucket);
    output.put("Key", key);
    output.put("ETag", result.version().quotedEtag());
    if (result.versioning() != VersioningState.UNVERSIONED) {
      output.put("VersionId", result.version().versionId());
    }
    return S3Encryption.describe(output);
  }

  JsonNode abortMultipartUpload(RequestContext context, ObjectNode input) {
    String bucket = text(input, "Bucket");
    String key = text(input, "Key");
    String uploadId = text(input, "UploadId");
    store(
        bucket,
        key,
        null,
        () -> {
          store.abortUpload(bucket, key, uploadId);
          return null;
        });
    return null;
  }

  private static ObjectNode initiator(MultipartUpload upload) {
    ObjectNode owner = S3Support.owner(upload.attributes().owner());
    ObjectNode initiator = JSON.objectNode();
    initiator.set("ID", owner.get("ID"));
    initiator.set("DisplayName", owner.get("DisplayName"));
    return initiator;
  }

  private static int partNumber(ObjectNode input) {
    int number = input.path("PartNumber").asInt(0);
    if (number < 1 || number > S3Store.MAX_PART_NUMBER) {
      throw S3Errors.invalidArgument(
          "Part number must be an integer between 1 and 10000, inclusive",
          "partNumber",
          input.path("PartNumber").asText());
    }
    return number;
  }
}
