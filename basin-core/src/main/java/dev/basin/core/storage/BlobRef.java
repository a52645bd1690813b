package dev.basin.core.storage;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A committed blob: its id (the name its metadata records), its length, and the digests its writer
 * was asked for, as lowercase hex.
 */
public record BlobRef(String id, long length, Map<BlobDigest, String> digests) {

  public BlobRef {
    Objects.requireNonNull(id, "id");
    digests = Map.copyOf(digests);
  }

  /** The digest as lowercase hex (the S3 ETag form for MD5), if the writer computed it. */
  public Optional<String> hex(BlobDigest digest) {
    return Optional.ofNullable(digests.get(digest));
  }

  /** The digest as base64 (the {@code Content-MD5} and {@code x-amz-checksum-*} form). */
  public Optional<String> base64(BlobDigest digest) {
    return hex(digest).map(h -> Base64.getEncoder().encodeToString(HexFormat.of().parseHex(h)));
  }
}
