package dev.basin.core.storage;

import dev.basin.core.auth.Checksums;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * A digest a {@link BlobWriter} can compute while the bytes stream through, so no second pass over
 * the object is needed: MD5 for S3 ETags and {@code Content-MD5}, the others for S3's {@code
 * x-amz-checksum-*} headers. CRC values are the bytes of the checksum, big-endian, as S3 encodes
 * them: 4 for CRC32 and CRC32C, 8 for CRC64NVME (computed by {@link Checksums}, the one CRC-64/NVME
 * implementation).
 */
public enum BlobDigest {
  MD5,
  SHA_1,
  SHA_256,
  CRC32,
  CRC32C,
  CRC64NVME;

  /** The digest of {@code bytes}, in one call. */
  public byte[] of(byte[] bytes) {
    Hasher hasher = newHasher();
    hasher.update(bytes, 0, bytes.length);
    return hasher.finish();
  }

  /** A fresh running digest. */
  Hasher newHasher() {
    return switch (this) {
      case MD5 -> new MessageHasher(messageDigest("MD5"));
      case SHA_1 -> new MessageHasher(messageDigest("SHA-1"));
      case SHA_256 -> new MessageHasher(messageDigest("SHA-256"));
      case CRC32 -> new ChecksumHasher(new CRC32());
      case CRC32C -> new ChecksumHasher(new CRC32C());
      case CRC64NVME -> new RunningHasher(Checksums.Algorithm.CRC64NVME.newRunning());
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

  private record RunningHasher(Checksums.Running running) implements Hasher {
    @Override
    public void update(byte[] bytes, int offset, int length) {
      running.update(bytes, offset, length);
    }

    @Override
    public void update(ByteBuffer buffer) {
      if (buffer.hasArray()) {
        running.update(
            buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        return;
      }
      ByteBuffer view = buffer.duplicate();
      byte[] chunk = new byte[Math.min(view.remaining(), 8192)];
      while (view.hasRemaining()) {
        int n = Math.min(chunk.length, view.remaining());
        view.get(chunk, 0, n);
        running.update(chunk, 0, n);
      }
    }

    @Override
    public byte[] finish() {
      return running.digest();
    }
  }
}
