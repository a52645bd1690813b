package dev.basin.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/** Checksums against the catalogue check values and against the AWS SDK's own implementations. */
class ChecksumsTest {

  private static ChecksumAlgorithm sdkAlgorithm(Checksums.Algorithm algorithm) {
    return switch (algorithm) {
      case CRC32 -> DefaultChecksumAlgorithm.CRC32;
      case CRC32C -> DefaultChecksumAlgorithm.CRC32C;
      case CRC64NVME -> DefaultChecksumAlgorithm.CRC64NVME;
      case SHA1 -> DefaultChecksumAlgorithm.SHA1;
      case SHA256 -> DefaultChecksumAlgorithm.SHA256;
    };
  }

  @ParameterizedTest
  @EnumSource(Checksums.Algorithm.class)
  void checkValueOf123456789(Checksums.Algorithm algorithm) {
    String expectedHex =
        switch (algorithm) {
          case CRC32 -> "cbf43926";
          case CRC32C -> "e3069283";
          case CRC64NVME -> "ae8b14860a799888";
          case SHA1 -> "f7c3bc1d808e04732adf679965ccc34ca7ae3441";
          case SHA256 -> "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225";
        };
    byte[] input = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(Checksums.base64(algorithm, input))
        .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex(expectedHex)));
  }

  /** The SDK computes CRC64NVME only through the native CRT, which is not on the classpath. */
  @ParameterizedTest
  @EnumSource(
      value = Checksums.Algorithm.class,
      mode = EnumSource.Mode.EXCLUDE,
      names = "CRC64NVME")
  void matchesTheSdkInPiecesOfAnySize(Checksums.Algorithm algorithm) {
    byte[] data = new byte[100_003];
    new Random(42).nextBytes(data);
    SdkChecksum sdk = SdkChecksum.forAlgorithm(sdkAlgorithm(algorithm));
    sdk.update(data, 0, data.length);
    Checksums.Running running = algorithm.newRunning();
    for (int offset = 0, step = 1; offset < data.length; offset += step, step = step * 3 % 9973) {
      running.update(data, offset, Math.min(step, data.length - offset));
    }
    assertThat(running.base64())
        .isEqualTo(Base64.getEncoder().encodeToString(sdk.getChecksumBytes()));
  }

  @org.junit.jupiter.api.Test
  void crc64NvmeInPiecesEqualsWhole() {
    byte[] data = new byte[70_001];
    new Random(7).nextBytes(data);
    Checksums.Running pieces = Checksums.Algorithm.CRC64NVME.newRunning();
    pieces.update(data, 0, 1);
    pieces.update(data, 1, 40_000);
    pieces.update(data, 40_001, 30_000);
    assertThat(pieces.base64()).isEqualTo(Checksums.base64(Checksums.Algorithm.CRC64NVME, data));
    assertThat(Checksums.base64(Checksums.Algorithm.CRC64NVME, new byte[0]))
        .isEqualTo("AAAAAAAAAAA=");
  }

  @ParameterizedTest
  @EnumSource(Checksums.Algorithm.class)
  void headerNames(Checksums.Algorithm algorithm) {
    assertThat(Checksums.Algorithm.fromHeader(algorithm.headerName().toUpperCase()))
        .isEqualTo(algorithm);
    assertThat(Checksums.Algorithm.fromName(algorithm.name())).isEqualTo(algorithm);
    assertThat(Checksums.Algorithm.fromHeader("x-amz-checksum-mode")).isNull();
  }
}
