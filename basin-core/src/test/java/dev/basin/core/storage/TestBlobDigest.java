package dev.basin.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TestBlobDigest {

  @Test
  void crc64NvmeHasTheCatalogueCheckValueAndEightBytes() {
    byte[] input = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertThat(HexFormat.of().formatHex(BlobDigest.CRC64NVME.of(input)))
        .isEqualTo("ae8b14860a799888");
    assertThat(HexFormat.of().formatHex(BlobDigest.CRC32C.of(input))).isEqualTo("e3069283");
  }

  @Test
  void directBuffersDigestLikeArraysWithoutMovingThem() {
    byte[] data = new byte[20_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
    direct.position(3);
    BlobDigest.Hasher hasher = BlobDigest.CRC64NVME.newHasher();
    hasher.update(data, 0, 3);
    hasher.update(direct);
    assertThat(direct.position()).isEqualTo(3);
    assertThat(hasher.finish()).isEqualTo(BlobDigest.CRC64NVME.of(data));
  }
}
