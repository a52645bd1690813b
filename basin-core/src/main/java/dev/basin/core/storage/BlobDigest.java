package dev.basin.core.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * A digest a {@link BlobWriter} can compute while the bytes stream through, so no second pass over
 * the object is needed: MD5 for S3 ETags and {@code Content-MD5}, the others for S3's {@code
 * x-amz-checksum-*} headers. CRC values are the 4 bytes of the checksum, big-endian, as S3 encodes
 * them.
 */
public enum BlobDigest {
  MD5,
  SHA_1,
  SHA_256,
  CRC32,
  CRC32C;

  /** A fresh running digest. */
  Hasher newHasher() {
    return switch (this) {
      case MD5 -> new MessageHasher(messageDigest("MD5"));
      case SHA_1 -> new MessageHasher(messageDigest("SHA-1"));
      case SHA_256 -> new MessageHasher(messageDigest("SHA-256"));
      case CRC32 -> new ChecksumHasher(new CRC32());
      case CRC32C -> new ChecksumHasher(new CRC32C());
    };
  }

  private static MessageDigest messageDigest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks " + algorithm, e); // required by the JCA spec
    }
  }

  /** A running digest. */
  interface Hasher {
    void update(byte[] bytes, int offset, int length);

    /** Consumes {@code buffer}'s remaining bytes without moving its position. */
    void update(ByteBuffer buffer);

    byte[] finish();
  }

  private record MessageHasher(MessageDigest digest) implements Hasher {
    @Override
    public void update(byte[] bytes, int offset, int length) {
      digest.update(bytes, offset, length);
    }

    @Override
    public void update(ByteBuffer buffer) {
      digest.update(buffer.duplicate());
    }

    @Override
    public byte[] finish() {
      return digest.digest();
    }
  }

  private record ChecksumHasher(Checksum checksum) implements Hasher {
    @Override
    public void update(byte[] bytes, int offset, int length) {
      checksum.update(bytes, offset, length);
    }

    @Override
    public void update(ByteBuffer buffer) {
      checksum.update(buffer.duplicate());
    }

    @Override
    public byte[] finish() {
      long v = checksum.getValue();
      return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
  }
}
