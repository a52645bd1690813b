package dev.basin.s3.store;

import dev.basin.core.storage.BlobDigest;
import dev.basin.core.storage.BlobStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A request body received and made durable (or held in memory, if small) but not yet part of any
 * object: the result of {@link S3Store#stage}. Its digests let the API layer check {@code
 * Content-MD5} and {@code x-amz-checksum-*} before storing it. Close it in all cases: closing a
 * body that was not stored deletes its blob (a crash instead leaves an orphan that recovery
 * removes). Not thread safe.
 */
public final class StagedBody implements AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final BlobStore blobs;
  private final byte[] inline;
  private final String blobId;
  private final long length;
  private final Map<BlobDigest, String> digests;
  private boolean stored;
  private boolean closed;

  private StagedBody(
      BlobStore blobs, byte[] inline, String blobId, long length, Map<BlobDigest, String> digests) {
    this.blobs = blobs;
    this.inline = inline;
    this.blobId = blobId;
    this.length = length;
    this.digests = Map.copyOf(digests);
  }

  static StagedBody inline(byte[] bytes, int length, Set<BlobDigest> digests) {
    byte[] exact = bytes.length == length ? bytes : java.util.Arrays.copyOf(bytes, length);
    Map<BlobDigest, String> hex = new EnumMap<>(BlobDigest.class);
    hex.put(BlobDigest.MD5, digest(BlobDigest.MD5, exact));
    for (BlobDigest d : digests) {
      hex.computeIfAbsent(d, x -> digest(x, exact));
    }
    return new StagedBody(null, exact, null, length, hex);
  }

  static StagedBody blob(BlobStore blobs, String id, long length, Map<BlobDigest, String> hex) {
    return new StagedBody(blobs, null, id, length, hex);
  }

  /** The body's length in bytes. */
  public long length() {
    return length;
  }

  /** The MD5 as lowercase hex: the ETag of a single-part object. */
  public String md5Hex() {
    return digests.get(BlobDigest.MD5);
  }

  /** A digest requested at staging (MD5 always) as lowercase hex. */
  public Optional<String> hex(BlobDigest digest) {
    return Optional.ofNullable(digests.get(digest));
  }

  /** A digest requested at staging as base64, the header form. */
  public Optional<String> base64(BlobDigest digest) {
    return hex(digest).map(h -> Base64.getEncoder().encodeToString(HEX.parseHex(h)));
  }

  /** Whether the body is held in memory, to be stored in the metadata database. */
  public boolean isInline() {
    return inline != null;
  }

  byte[] inlineBytes() {
    return inline;
  }

  String blobId() {
    return blobId;
  }

  void checkUsable() {
    if (stored || closed) {
      throw new IllegalStateException("staged body already stored or closed");
    }
  }

  /** Called once the metadata naming this body has committed: the store owns it now. */
  void markStored() {
    stored = true;
  }

  /** Deletes the blob unless the body was stored. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!stored && blobId != null) {
      blobs.delete(blobId);
    }
  }

  static String digest(BlobDigest digest, byte[] bytes) {
    return HEX.formatHex(digest.of(bytes));
  }

  static MessageDigest message(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e);
    }
  }
}
