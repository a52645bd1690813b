package dev.basin.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TestFileBlobStore extends AbstractTestBlobStore {

  @Override
  protected BlobStore createStore(Path dir) {
    return new FileBlobStore(dir);
  }

  private static long fileCount(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void writesGoToTmpAndCommitMovesToTheFannedOutPath() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    try (BlobWriter w = store.newWriter()) {
      w.write(random(FileBlobStore.BUFFER_SIZE * 2, 5));
      assertThat(Files.exists(dir.resolve("tmp").resolve(w.id()))).isTrue();
      String id = w.commit().id();
      assertThat(store.path(id))
          .isEqualTo(
              dir.toAbsolutePath()
                  .resolve("blobs")
                  .resolve(id.substring(0, 2))
                  .resolve(id.substring(2, 4))
                  .resolve(id));
      assertThat(fileCount(dir.resolve("tmp"))).isZero();
      assertThat(Files.size(store.path(id))).isEqualTo(FileBlobStore.BUFFER_SIZE * 2L);
    }
  }

  @Test
  void recoveryRemovesStrayFilesThatAreNotBlobs() throws Exception {
    FileBlobStore store = new FileBlobStore(dir);
    Files.writeString(store.blobsDir().resolve("stray"), "x");
    Files.createDirectories(store.blobsDir().resolve("ab/cd"));
    Files.writeString(store.blobsDir().resolve("ab/cd/not-an-id"), "x");
    // A valid id in the wrong fan-out directory is not a blob either.
    Files.writeString(store.blobsDir().resolve("ab/cd/0123456789abcdef0123456789abcdef"), "x");
    Files.createDirectories(store.tmpDir().resolve("dir"));
    Files.writeString(store.tmpDir().resolve("dir/file"), "x");
    BlobStore.Recovery r = store.recover(id -> true);
    assertThat(r).isEqualTo(new BlobStore.Recovery(1, 3, 0));
    assertThat(fileCount(dir)).isZero();
  }
}
