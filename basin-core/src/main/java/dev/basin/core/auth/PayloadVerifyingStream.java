package dev.basin.core.auth;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Passes a body through while computing its SHA-256 and/or an {@code x-amz-checksum-*} checksum,
 * and throws {@link AuthenticationException} (unchecked) instead of reporting end of stream when
 * either differs from what the request declared, so a reader that commits only at end of stream
 * never commits a body that does not match its signature. Not thread safe.
 */
final class PayloadVerifyingStream extends FilterInputStream {
  private final byte[] expectedSha256;
  private final MessageDigest sha256;
  private final Checksums.Algorithm algorithm;
  private final String expectedChecksum;
  private final Checksums.Running checksum;
  private boolean verified;

  /**
   * @param expectedSha256 the payload hash that was signed, or null not to check it
   * @param algorithm the checksum to check, or null
   * @param expectedChecksum its base64 value as declared
   */
  PayloadVerifyingStream(
      InputStream in,
      byte[] expectedSha256,
      Checksums.Algorithm algorithm,
      String expectedChecksum) {
    super(in);
    this.expectedSha256 = expectedSha256;
    this.algorithm = algorithm;
    this.expectedChecksum = expectedChecksum;
    this.checksum = algorithm == null ? null : algorithm.newRunning();
    try {
      this.sha256 = expectedSha256 == null ? null : MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    int n = in.read(target, offset, length);
    if (n > 0) {
      if (sha256 != null) {
        sha256.update(target, offset, n);
      }
      if (checksum != null) {
        checksum.update(target, offset, n);
      }
    } else if (n < 0 && !verified) {
      verified = true;
      if (sha256 != null && !MessageDigest.isEqual(expectedSha256, sha256.digest())) {
        throw SigV4Verifier.contentSha256Mismatch();
      }
      if (checksum != null && !checksum.base64().equals(expectedChecksum)) {
        throw AwsChunkedDecoder.checksumMismatch(algorithm);
      }
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
