package dev.basin.s3;

import static dev.basin.s3.S3Support.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.Timestamps;
import dev.basin.s3.store.ContentHeaders;
import dev.basin.s3.store.ObjectAttributes;
import dev.basin.s3.store.ObjectVersion;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Object attributes from a request's headers, and back into a response's headers. */
final class S3ObjectAttributes {
  /** S3's limit on user-defined metadata: 2 KB of names and values. */
  private static final int MAX_METADATA_BYTES = 2048;

  /** The content type S3 gives an object stored without one. */
  static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

  private S3ObjectAttributes() {}

  record Parsed(ObjectAttributes attributes) {}

  /** PutObject's, CopyObject's (REPLACE) and CreateMultipartUpload's input members. */
  static Parsed fromInput(RequestContext context, ObjectNode input) {
    String storageClass = S3StorageClasses.validate(text(input, "StorageClass"));
    String expires = null;
    if (input.hasNonNull("Expires")) {
      expires =
          Timestamps.format(Timestamps.instant(input.get("Expires")), TimestampFormat.RFC_822);
    }
    String contentType = text(input, "ContentType");
    ContentHeaders headers =
        new ContentHeaders(
            contentType == null ? DEFAULT_CONTENT_TYPE : contentType,
            text(input, "ContentEncoding"),
            text(input, "ContentDisposition"),
            text(input, "ContentLanguage"),
            text(input, "CacheControl"),
            expires);
    Map<String, String> metadata = new LinkedHashMap<>();
    int metadataBytes = 0;
    JsonNode given = input.path("Metadata");
    for (var it = given.fields(); it.hasNext(); ) {
      var entry = it.next();
      String name = entry.getKey().toLowerCase(Locale.ROOT);
      String value = entry.getValue().asText();
      metadataBytes +=
          name.getBytes(StandardCharsets.UTF_8).length
              + value.getBytes(StandardCharsets.UTF_8).length;
      metadata.put(name, value);
    }
    if (metadataBytes > MAX_METADATA_BYTES) {
      throw S3Errors.metadataTooLarge(metadataBytes);
    }
    Map<String, String> tags = S3Tags.fromHeader(text(input, "Tagging"));
    return new Parsed(
        new ObjectAttributes(context.accountId(), storageClass, headers, metadata, tags, null));
  }

  /** The headers GET and HEAD return for a version (not the range, version id or body). */
  static void describe(ObjectNode output, ObjectVersion version, Instant now) {
    ObjectAttributes attributes = version.attributes();
    ContentHeaders headers = attributes.headers();
    output.put("ETag", version.quotedEtag());
    output.set("LastModified", Timestamps.node(version.lastModified()));
    put(output, "ContentType", headers.contentType());
    put(output, "ContentEncoding", headers.contentEncoding());
    put(output, "ContentDisposition", headers.contentDisposition());
    put(output, "ContentLanguage", headers.contentLanguage());
    put(output, "CacheControl", headers.cacheControl());
    if (headers.expires() != null) {
      try {
        output.set(
            "Expires",
            Timestamps.node(Timestamps.parse(headers.expires(), TimestampFormat.RFC_822)));
      } catch (RuntimeException e) {
        // S3 keeps an unparseable Expires as text only
      }
    }
    if (!attributes.userMetadata().isEmpty()) {
      ObjectNode metadata = output.putObject("Metadata");
      attributes.userMetadata().forEach(metadata::put);
    }
    if (!"STANDARD".equals(attributes.storageClass())) {
      output.put("StorageClass", attributes.storageClass());
    }
    if (!attributes.tags().isEmpty()) {
      output.put("TagCount", attributes.tags().size());
    }
    if (version.restore() != null) {
      output.put("Restore", S3Restores.header(version.restore(), now));
    }
  }

  private static void put(ObjectNode output, String member, String value) {
    if (value != null) {
      output.put(member, value);
    }
  }
}
