package dev.basin.s3.store;

import java.util.Objects;

/**
 * The additional checksum of an object or part ({@code x-amz-checksum-<algorithm>}).
 *
 * @param algorithm the algorithm
 * @param value the checksum, base64 as S3 sends it (for a multipart object, with its {@code -N}
 *     suffix when composite)
 * @param type whole-object or composite (checksum of the parts' checksums)
 */
public record ObjectChecksum(Algorithm algorithm, String value, Type type) {

  /** S3's checksum algorithms ({@code x-amz-checksum-algorithm}). */
  public enum Algorithm {
    CRC32,
    CRC32C,
    CRC64NVME,
    SHA1,
    SHA256
  }

  /** {@code x-amz-checksum-type}. */
  public enum Type {
    FULL_OBJECT,
    COMPOSITE
  }

  public ObjectChecksum {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(type, "type");
  }
}
