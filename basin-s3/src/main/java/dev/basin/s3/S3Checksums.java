package dev.basin.s3;

import dev.basin.core.protocol.Headers;
import dev.basin.core.storage.BlobDigest;
import dev.basin.s3.store.ObjectChecksum;
import dev.basin.s3.store.ObjectChecksum.Algorithm;
import dev.basin.s3.store.StagedBody;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;

/**
 * The integrity checks of an upload, as S3 applies them: {@code Content-MD5}, and one additional
 * checksum named by an {@code x-amz-checksum-<algorithm>} header, the {@code x-amz-trailer} of an
 * aws-chunked body, or {@code x-amz-sdk-checksum-algorithm}. The SigV4 layer has already failed any
 * request whose header or trailing checksum does not match the bytes; this class computes the
 * checksum S3 stores and returns, and checks {@code Content-MD5}, which SigV4 does not cover.
 *
 * @param contentMd5 the {@code Content-MD5} header, or null
 * @param algorithm the additional checksum's algorithm, or null
 * @param declared the checksum value the client sent in a header, or null (none, or a trailer)
 */
record S3Checksums(String contentMd5, Algorithm algorithm, String declared) {

  static S3Checksums of(Headers headers) {
    Algorithm algorithm = null;
    String declared = null;
    for (Algorithm candidate : Algorithm.values()) {
      String value = headers.get(headerName(candidate));
      if (value != null) {
        algorithm = candidate;
        declared = value;
      }
    }
    if (algorithm == null) {
      String trailer = headers.get("x-amz-trailer");
      String named = headers.get("x-amz-sdk-checksum-algorithm");
      if (trailer != null && trailer.toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-")) {
        algorithm = parse(trailer.substring("x-amz-checksum-".length()));
      } else if (named != null) {
        algorithm = parse(named);
      }
    }
    return new S3Checksums(headers.get("Content-MD5"), algorithm, declared);
  }

  /** The digests to compute while staging the body. */
  Set<BlobDigest> digests() {
    Set<BlobDigest> digests = EnumSet.noneOf(BlobDigest.class);
    BlobDigest digest = digest(algorithm);
    if (digest != null) {
      digests.add(digest);
    }
    return digests;
  }

  /**
   * Checks the staged body against {@code Content-MD5} and the declared checksum.
   *
   * @throws dev.basin.core.protocol.AwsException {@code InvalidDigest} for a malformed Content-MD5,
   *     {@code BadDigest} for a mismatch
   */
  void verify(StagedBody body) {
    if (contentMd5 != null) {
      byte[] md5;
      try {
        md5 = Base64.getDecoder().decode(contentMd5.trim());
      } catch (IllegalArgumentException e) {
        throw S3Errors.invalidDigest(contentMd5);
      }
      if (md5.length != 16) {
        throw S3Errors.invalidDigest(contentMd5);
      }
      String actual = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(body.md5Hex()));
      if (!actual.equals(contentMd5.trim())) {
        throw S3Errors.badDigest(contentMd5, actual);
      }
    }
    BlobDigest digest = digest(algorithm);
    if (declared != null && digest != null) {
      String actual = body.base64(digest).orElseThrow();
      if (!actual.equals(declared.trim())) {
        throw S3Errors.badChecksum(algorithm.name());
      }
    }
  }

  /** The checksum to store with the object, or null when none was asked for. */
  ObjectChecksum checksum(StagedBody body) {
    if (algorithm == null) {
      return null;
    }
    BlobDigest digest = digest(algorithm);
    String value = digest != null ? body.base64(digest).orElse(null) : declared;
    return value == null
        ? null
        : new ObjectChecksum(algorithm, value, ObjectChecksum.Type.FULL_OBJECT);
  }

  /** The model member that carries a checksum in responses, e.g. {@code ChecksumCRC32}. */
  static String member(Algorithm algorithm) {
    return switch (algorithm) {
      case CRC32 -> "ChecksumCRC32";
      case CRC32C -> "ChecksumCRC32C";
      case CRC64NVME -> "ChecksumCRC64NVME";
      case SHA1 -> "ChecksumSHA1";
      case SHA256 -> "ChecksumSHA256";
    };
  }

  static String headerName(Algorithm algorithm) {
    return "x-amz-checksum-" + algorithm.name().toLowerCase(Locale.ROOT);
  }

  private static Algorithm parse(String name) {
    try {
      return Algorithm.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw S3Errors.invalidRequest(
          "Value for x-amz-sdk-checksum-algorithm header is invalid: " + name);
    }
  }

  private static BlobDigest digest(Algorithm algorithm) {
    if (algorithm == null) {
      return null;
    }
    return switch (algorithm) {
      case CRC32 -> BlobDigest.CRC32;
      case CRC32C -> BlobDigest.CRC32C;
      case SHA1 -> BlobDigest.SHA_1;
      case SHA256 -> BlobDigest.SHA_256;
      case CRC64NVME -> BlobDigest.CRC64NVME;
    };
  }
}
