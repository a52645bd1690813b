package dev.basin.core.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The checksums S3 accepts in {@code x-amz-checksum-<alg>} headers and trailers, computed as AWS
 * computes them: the big-endian bytes of the CRC (4 bytes for CRC32/CRC32C, 8 for CRC64NVME) or the
 * digest, base64-encoded.
 */
public final class Checksums {

  private Checksums() {}

  /** A checksum algorithm and the header that carries its value. */
  public enum Algorithm {
    CRC32("x-amz-checksum-crc32"),
    CRC32C("x-amz-checksum-crc32c"),
    CRC64NVME("x-amz-checksum-crc64nvme"),
    SHA1("x-amz-checksum-sha1"),
    SHA256("x-amz-checksum-sha256");

    private final String headerName;

    Algorithm(String headerName) {
      this.headerName = headerName;
    }

    /** The lower-case header (and trailer) name, e.g. {@code x-amz-checksum-crc32}. */
    public String headerName() {
      return headerName;
    }

    /** The algorithm whose header is {@code name} (any case), or null. */
    public static Algorithm fromHeader(String name) {
      if (name == null || name.length() <= 15) {
        return null;
      }
      String lower = name.trim().toLowerCase(Locale.ROOT);
      for (Algorithm algorithm : values()) {
        if (algorithm.headerName.equals(lower)) {
          return algorithm;
        }
      }
      return null;
    }

    /**
     * The algorithm named as in {@code x-amz-checksum-algorithm} (e.g. {@code CRC32C}), or null.
     */
    public static Algorithm fromName(String name) {
      return name == null ? null : fromHeader("x-amz-checksum-" + name);
    }

    /** A fresh running checksum. */
    public Running newRunning() {
      return switch (this) {
        case CRC32 -> new CrcRunning(new CRC32(), 4);
        case CRC32C -> new CrcRunning(new CRC32C(), 4);
        case CRC64NVME -> new Crc64Running();
        case SHA1 -> new DigestRunning("SHA-1");
        case SHA256 -> new DigestRunning("SHA-256");
      };
    }
  }

  /** A checksum being computed over a stream of bytes. Not thread safe. */
  public interface Running {
    void update(byte[] bytes, int offset, int length);

    /** The checksum's bytes as AWS transmits them (before base64); ends the computation. */
    byte[] digest();

    /** {@link #digest()} base64-encoded, the form of {@code x-amz-checksum-*} values. */
    default String base64() {
      return Base64.getEncoder().encodeToString(digest());
    }
  }

  /** The base64 checksum of {@code bytes}. */
  public static String base64(Algorithm algorithm, byte[] bytes) {
    Running running = algorithm.newRunning();
    running.update(bytes, 0, bytes.length);
    return running.base64();
  }

  private static final class CrcRunning implements Running {
    private final java.util.zip.Checksum crc;
    private final int width;

    CrcRunning(java.util.zip.Checksum crc, int width) {
      this.crc = crc;
      this.width = width;
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
      crc.update(bytes, offset, length);
    }

    @Override
    public byte[] digest() {
      return bigEndian(crc.getValue(), width);
    }
  }

  /**
   * CRC-64/NVME: reflected polynomial 0x9a6c9329ac4bc9b5, initial value and final xor all ones
   * (check value of "123456789" is 0xae8b14860a799888).
   */
  static final class Crc64Running implements Running {
    private static final long[] TABLE = new long[256];

    static {
      for (int i = 0; i < 256; i++) {
        long crc = i;
        for (int bit = 0; bit < 8; bit++) {
          crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9a6c9329ac4bc9b5L : crc >>> 1;
        }
        TABLE[i] = crc;
      }
    }

    private long crc = -1L;

    @Override
    public void update(byte[] bytes, int offset, int length) {
      long value = crc;
      for (int i = offset, end = offset + length; i < end; i++) {
        value = TABLE[(int) ((value ^ bytes[i]) & 0xff)] ^ (value >>> 8);
      }
      crc = value;
    }

    @Override
    public byte[] digest() {
      return bigEndian(~crc, 8);
    }
  }

  private static final class DigestRunning implements Running {
    private final MessageDigest digest;

    DigestRunning(String algorithm) {
      try {
        digest = MessageDigest.getInstance(algorithm);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void update(byte[] bytes, int offset, int length) {
      digest.update(bytes, offset, length);
    }

    @Override
    public byte[] digest() {
      return digest.digest();
    }
  }

  private static byte[] bigEndian(long value, int width) {
    byte[] out = new byte[width];
    for (int i = width - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }
}
