package dev.basin.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.RequestBody;
import dev.basin.s3.store.ObjectVersion;
import dev.basin.s3.store.S3Store;
import dev.basin.s3.store.S3StoreException;
import dev.basin.s3.store.StagedBody;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/** What the S3 operation classes share: error mapping, owners, stored documents. */
final class S3Support {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The display name AWS shows for an account's canonical user; Basin uses the account id. */
  static final String OWNER_DISPLAY_NAME = "basin";

  private S3Support() {}

  /**
   * Runs a store call, turning the store's typed failures into S3's errors. {@code key} and {@code
   * versionId} fill in the fields of NoSuchKey and NoSuchVersion.
   */
  static <T> T store(String bucket, String key, String versionId, Supplier<T> call) {
    try {
      return call.get();
    } catch (S3StoreException e) {
      throw toAwsError(e, bucket, key, versionId);
    }
  }

  static void storeRun(String bucket, Runnable call) {
    store(
        bucket,
        null,
        null,
        () -> {
          call.run();
          return null;
        });
  }

  static AwsException toAwsError(S3StoreException e, String bucket, String key, String versionId) {
    return switch (e.reason()) {
      case NO_SUCH_BUCKET -> S3Errors.noSuchBucket(bucket);
      case BUCKET_ALREADY_EXISTS -> S3Errors.bucketAlreadyExists(bucket);
      case BUCKET_ALREADY_OWNED_BY_YOU -> S3Errors.bucketAlreadyOwnedByYou(bucket);
      case BUCKET_NOT_EMPTY -> S3Errors.bucketNotEmpty(bucket);
      case NO_SUCH_KEY -> S3Errors.noSuchKey(key);
      case NO_SUCH_VERSION -> S3Errors.noSuchVersion(key, versionId);
      case NO_SUCH_UPLOAD -> S3Errors.noSuchUpload(e.getMessage());
      case INVALID_PART -> new AwsException("InvalidPart", 400, e.getMessage());
      case INVALID_PART_ORDER -> S3Errors.invalidPartOrder(null);
      case ENTITY_TOO_SMALL ->
          new AwsException(
              "EntityTooSmall",
              400,
              "Your proposed upload is smaller than the minimum allowed object size.");
      case INVALID_ARGUMENT -> S3Errors.invalidArgument(e.getMessage(), "versionId", versionId);
      case METHOD_NOT_ALLOWED -> S3Errors.methodNotAllowed("GET", "DeleteMarker");
    };
  }

  /**
   * Stages an upload's body ({@code Body}, a streaming payload) in the store, computing the
   * checksums asked for; a body shorter than its declared length, or a connection lost while
   * reading it, is S3's {@code IncompleteBody} and leaves nothing behind.
   */
  static StagedBody stage(S3Store store, JsonNode body, S3Checksums checksums) {
    RequestBody requestBody =
        body instanceof POJONode pojo && pojo.getPojo() instanceof RequestBody held
            ? held
            : RequestBody.EMPTY;
    byte[] buffered = requestBody.buffered();
    if (buffered != null) {
      return store.stage(buffered, checksums.digests());
    }
    try (InputStream in = requestBody.stream()) {
      StagedBody staged = store.stage(in, checksums.digests());
      long declared = requestBody.contentLength();
      if (declared >= 0 && staged.length() != declared) {
        staged.close();
        throw S3Errors.incompleteBody();
      }
      return staged;
    } catch (IOException | UncheckedIOException e) {
      throw S3Errors.incompleteBody();
    }
  }

  /** The ETag of the key's current version, or null when it has none (or a delete marker). */
  static String currentEtag(S3Store store, String bucket, String key) {
    try {
      ObjectVersion latest = store.head(bucket, key, null);
      return latest.deleteMarker() ? null : latest.etag();
    } catch (S3StoreException e) {
      return null;
    }
  }

  static ObjectNode owner(String accountId) {
    ObjectNode owner = JSON.objectNode();
    owner.put("DisplayName", OWNER_DISPLAY_NAME);
    owner.put("ID", canonicalUserId(accountId));
    return owner;
  }

  /**
   * The canonical user id S3 shows for an account: 64 hex characters at AWS; Basin derives a stable
   * one from the account id.
   */
  static String canonicalUserId(String accountId) {
    String hex =
        java.util.HexFormat.of()
            .formatHex(
                sha256(("basin-canonical-user:" + accountId).getBytes(StandardCharsets.UTF_8)));
    return hex.substring(0, 64);
  }

  private static byte[] sha256(byte[] data) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String text(JsonNode input, String member) {
    JsonNode value = input.get(member);
    return value == null || value.isNull() ? null : value.asText();
  }

  /**
   * Like {@link #text} but an empty value counts as absent: S3 treats {@code delimiter=}, {@code
   * key-marker=} and {@code version-id-marker=} as not given (no Delimiter echoed, no version-id
   * check), which SDK paginators rely on when they send empty markers.
   */
  static String textOrNull(JsonNode input, String member) {
    String value = text(input, member);
    return value == null || value.isEmpty() ? null : value;
  }

  static String toJson(JsonNode value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode fromJson(String document) {
    try {
      return MAPPER.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An opaque continuation token for a listing marker, as S3 hands out. */
  static String encodeToken(String marker) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(marker.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw S3Errors.invalidArgument(
          "The continuation token provided is incorrect", "continuation-token", token);
    }
  }

  /** max-keys and friends: default 1000, at most 1000, never negative. */
  static int maxKeys(JsonNode input, String member, String argumentName) {
    JsonNode value = input.get(member);
    if (value == null || value.isNull()) {
      return 1000;
    }
    int requested = value.asInt();
    if (requested < 0) {
      throw S3Errors.invalidArgument(
          "Argument maxKeys must be an integer between 0 and 2147483647",
          argumentName,
          value.asText());
    }
    return Math.min(requested, 1000);
  }
}
