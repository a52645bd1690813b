package dev.basin.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@link BlobStore}; one subclass per implementation. */
abstract class AbstractTestBlobStore {

  @TempDir Path dir;

  protected abstract BlobStore createStore(Path dir);

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String hex(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }

  static byte[] readAll(BlobStore store, String id) throws IOException {
    try (FileChannel ch = store.open(id)) {
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
      while (buf.hasRemaining() && ch.read(buf) >= 0) {}
      return buf.array();
    }
  }

  @Test
  void writesInEveryFormAreCommittedWithTheirDigests() throws Exception {
    BlobStore store = createStore(dir);
    byte[] data = random(3 * FileBlobStore.BUFFER_SIZE + 12345, 1);
    BlobRef ref;
    try (BlobWriter w = store.newWriter(EnumSet.allOf(BlobDigest.class))) {
      w.write(data, 0, 10); // small: buffered
      w.write(ByteBuffer.wrap(data, 10, 100_000)); // fills the buffer
      w.write(ByteBuffer.wrap(data, 100_010, FileBlobStore.BUFFER_SIZE + 7)); // large: direct
      int off = 100_010 + FileBlobStore.BUFFER_SIZE + 7;
      ByteBuffer direct = ByteBuffer.allocateDirect(50_000).put(data, off, 50_000).flip();
      w.write(direct);
      off += 50_000;
      w.asOutputStream().write(data[off++]);
      assertThat(w.transferFrom(new ByteArrayInputStream(data, off, data.length - off)))
          .isEqualTo(data.length - off);
      assertThat(w.length()).isEqualTo(data.length);
      assertThat(store.exists(w.id())).isFalse();
      ref = w.commit();
      assertThat(ref.id()).isEqualTo(w.id());
    }
    assertThat(ref.length()).isEqualTo(data.length);
    assertThat(store.exists(ref.id())).isTrue();
    assertThat(readAll(store, ref.id())).isEqualTo(data);
    assertThat(Files.readAllBytes(store.path(ref.id()))).isEqualTo(data);
    assertThat(ref.hex(BlobDigest.MD5)).contains(hex("MD5", data));
    assertThat(ref.hex(BlobDigest.SHA_1)).contains(hex("SHA-1", data));
    assertThat(ref.hex(BlobDigest.SHA_256)).contains(hex("SHA-256", data));
    CRC32 crc = new CRC32();
    crc.update(data);
    assertThat(ref.hex(BlobDigest.CRC32)).contains(String.format("%08x", crc.getValue()));
    CRC32C crcc = new CRC32C();
    crcc.update(data);
    assertThat(ref.hex(BlobDigest.CRC32C)).contains(String.format("%08x", crcc.getValue()));
    // CRC64NVME through heap, direct and stream writes equals the one-shot computation
    assertThat(ref.base64(BlobDigest.CRC64NVME))
        .contains(
            dev.basin.core.auth.Checksums.base64(
                dev.basin.core.auth.Checksums.Algorithm.CRC64NVME, data));
    assertThat(ref.base64(BlobDigest.MD5))
        .contains(
            java.util.Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("MD5").digest(data)));
  }

  @Test
  void digestsAreOnlyThoseAskedFor() {
    BlobStore store = createStore(dir);
    try (BlobWriter w = store.newWriter(Set.of(BlobDigest.MD5))) {
      BlobRef ref = w.commit();
      assertThat(ref.length()).isZero();
      assertThat(ref.hex(BlobDigest.MD5)).contains("d41d8cd98f00b204e9800998ecf8427e"); // RFC 1321
      assertThat(ref.hex(BlobDigest.SHA_256)).isEmpty();
    }
    try (BlobWriter w = store.newWriter()) {
      w.write(new byte[] {1, 2, 3});
      assertThat(w.commit().digests()).isEmpty();
    }
  }

  @Test
  void abortAndCloseWithoutCommitLeaveNothing() {
    BlobStore store = createStore(dir);
    BlobWriter aborted = store.newWriter();
    aborted.write(random(1000, 2));
    aborted.abort();
    assertThat(aborted.isOpen()).isFalse();
    assertThatThrownBy(aborted::commit).isInstanceOf(IllegalStateException.class);
    assertThat(store.exists(aborted.id())).isFalse();
    String closedId;
    try (BlobWriter w = store.newWriter()) {
      w.write(random(1000, 3));
      closedId = w.id();
    }
    assertThat(store.exists(closedId)).isFalse();
    assertThat(store.recover(id -> true)).isEqualTo(new BlobStore.Recovery(0, 0, 0));
  }

  @Test
  void committedWriterRejectsWritesAndCloseKeepsTheBlob() {
    BlobStore store = createStore(dir);
    BlobWriter w = store.newWriter();
    w.write(new byte[] {42});
    BlobRef ref = w.commit();
    assertThatThrownBy(() -> w.write(new byte[] {1})).isInstanceOf(IllegalStateException.class);
    w.close();
    assertThat(store.exists(ref.id())).isTrue();
  }

  @Test
  void deleteRemovesTheBlob() {
    BlobStore store = createStore(dir);
    BlobRef ref;
    try (BlobWriter w = store.newWriter()) {
      w.write(random(10, 4));
      ref = w.commit();
    }
    assertThat(store.delete(ref.id())).isTrue();
    assertThat(store.delete(ref.id())).isFalse();
    assertThat(store.exists(ref.id())).isFalse();
    assertThatThrownBy(() -> store.open(ref.id())).isInstanceOf(StorageException.class);
  }

  @Test
  void idsAreDistinctAndValidated() {
    BlobStore store = createStore(dir);
    String a;
    String b;
    try (BlobWriter w1 = store.newWriter();
        BlobWriter w2 = store.newWriter()) {
      a = w1.commit().id();
      b = w2.commit().id();
    }
    assertThat(a).isNotEqualTo(b);
    assertThatThrownBy(() -> store.path("../../etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.exists("ABC")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recoveryKeepsReferencedBlobsAndRemovesOrphansAndTemporaries() throws Exception {
    BlobStore store = createStore(dir);
    java.util.Map<String, byte[]> kept = new java.util.HashMap<>();
    java.util.List<String> orphans = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] data = random(100 + i, i);
      try (BlobWriter w = store.newWriter()) {
        w.write(data);
        String id = w.commit().id();
        if (i % 3 == 0) {
          orphans.add(id);
        } else {
          kept.put(id, data);
        }
      }
    }
    // Writers left open, as a crash would leave them.
    BlobWriter open1 = store.newWriter();
    open1.write(random(5000, 99));
    BlobWriter open2 = store.newWriter();

    BlobStore restarted = createStore(dir);
    BlobStore.Recovery r = restarted.recover(kept::containsKey);
    assertThat(r).isEqualTo(new BlobStore.Recovery(2, orphans.size(), kept.size()));
    for (var e : kept.entrySet()) {
      assertThat(readAll(restarted, e.getKey())).isEqualTo(e.getValue());
    }
    assertThat(orphans).noneMatch(restarted::exists);
    assertThat(restarted.exists(open1.id())).isFalse();
    assertThat(restarted.exists(open2.id())).isFalse();
    assertThat(restarted.recover(kept::containsKey))
        .isEqualTo(new BlobStore.Recovery(0, 0, kept.size()));
    open1.abort(); // its file is gone already; aborting must not fail
  }

  @Test
  void streamsA64MiBObject() throws Exception {
    BlobStore store = createStore(dir);
    int chunk = 1 << 20;
    byte[] block = random(chunk, 7);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long start = System.nanoTime();
    BlobRef ref;
    try (BlobWriter w = store.newWriter(EnumSet.of(BlobDigest.MD5, BlobDigest.SHA_256))) {
      for (int i = 0; i < 64; i++) {
        block[0] = (byte) i;
        w.write(block);
        sha.update(block);
      }
      ref = w.commit();
    }
    long micros = (System.nanoTime() - start) / 1000;
    System.out.printf(
        "64 MiB blob with MD5+SHA-256: %d ms, %.0f MiB/s%n", micros / 1000, 64e6 / micros);
    long streamStart = System.nanoTime();
    try (BlobWriter w = store.newWriter()) {
      InputStream in =
          new InputStream() {
            long left = 64L << 20;

            @Override
            public int read() {
              throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
              if (left == 0) {
                return -1;
              }
              int n = (int) Math.min(len, left);
              left -= n;
              return n;
            }
          };
      assertThat(w.transferFrom(in)).isEqualTo(64L << 20);
      w.commit();
    }
    System.out.printf(
        "64 MiB blob, transferFrom, no digest: %d ms%n",
        (System.nanoTime() - streamStart) / 1_000_000);
    assertThat(ref.length()).isEqualTo(64L << 20);
    assertThat(ref.hex(BlobDigest.SHA_256)).contains(HexFormat.of().formatHex(sha.digest()));
    assertThat(Files.size(store.path(ref.id()))).isEqualTo(64L << 20);
  }
}
