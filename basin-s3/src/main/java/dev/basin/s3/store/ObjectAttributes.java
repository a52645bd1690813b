package dev.basin.s3.store;

import java.util.Map;
import java.util.Objects;

/**
 * What a writer states about a new object (PUT, CreateMultipartUpload, a copy with {@code
 * REPLACE}), as opposed to what the store derives (size, ETag, version id, times).
 *
 * @param owner the account id of the writer, the object's owner
 * @param storageClass e.g. {@code STANDARD}, {@code GLACIER}
 * @param headers the representation headers
 * @param userMetadata {@code x-amz-meta-*} without the prefix, names lowercase as S3 keeps them
 * @param tags the object tags
 * @param checksum the additional checksum the API layer verified, or null
 */
public record ObjectAttributes(
    String owner,
    String storageClass,
    ContentHeaders headers,
    Map<String, String> userMetadata,
    Map<String, String> tags,
    ObjectChecksum checksum) {

  public static final String STANDARD = "STANDARD";

  public ObjectAttributes {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(storageClass, "storageClass");
    Objects.requireNonNull(headers, "headers");
    userMetadata = Map.copyOf(userMetadata);
    tags = Map.copyOf(tags);
  }

  /** STANDARD storage, no header, metadata, tag or checksum. */
  public static ObjectAttributes of(String owner) {
    return new ObjectAttributes(owner, STANDARD, ContentHeaders.NONE, Map.of(), Map.of(), null);
  }

  public ObjectAttributes withHeaders(ContentHeaders value) {
    return new ObjectAttributes(owner, storageClass, value, userMetadata, tags, checksum);
  }

  public ObjectAttributes withUserMetadata(Map<String, String> value) {
    return new ObjectAttributes(owner, storageClass, headers, value, tags, checksum);
  }

  public ObjectAttributes withTags(Map<String, String> value) {
    return new ObjectAttributes(owner, storageClass, headers, userMetadata, value, checksum);
  }

  public ObjectAttributes withStorageClass(String value) {
    return new ObjectAttributes(owner, value, headers, userMetadata, tags, checksum);
  }

  public ObjectAttributes withChecksum(ObjectChecksum value) {
    return new ObjectAttributes(owner, storageClass, headers, userMetadata, tags, value);
  }
}
