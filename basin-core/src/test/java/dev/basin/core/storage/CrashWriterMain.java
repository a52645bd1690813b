package dev.basin.core.storage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Child process of {@link TestStorageCrash}: writers that loop blob commit, metadata write, then
 * print {@code ACK <id> <sha256>}, until the parent kills the process.
 */
final class CrashWriterMain {

  static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE object (id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, length INTEGER NOT NULL)");

  private CrashWriterMain() {}

  static Path metadataFile(DataDirectory data) {
    return data.serviceDir("crash").resolve("meta.db");
  }

  static Path blobDir(DataDirectory data) {
    return data.serviceDir("crash").resolve("objects");
  }

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[1]);
    DataDirectory data = DataDirectory.open(Path.of(args[0]));
    MetadataStore meta = SqliteMetadataStore.open(metadataFile(data), SCHEMA);
    BlobStore blobs = new FileBlobStore(blobDir(data));
    PrintStream out = System.out;
    out.println("READY");
    out.flush();
    for (int t = 0; t < threads; t++) {
      long seed = t;
      Thread thread =
          new Thread(
              () -> {
                Random random = new Random(seed);
                byte[] chunk = new byte[64 * 1024];
                while (true) {
                  BlobRef ref;
                  try (BlobWriter w = blobs.newWriter(Set.of(BlobDigest.SHA_256))) {
                    int chunks = random.nextInt(8);
                    for (int i = 0; i <= chunks; i++) {
                      random.nextBytes(chunk);
                      w.write(chunk, 0, random.nextInt(chunk.length));
                    }
                    ref = w.commit();
                  }
                  String sha = ref.hex(BlobDigest.SHA_256).orElseThrow();
                  meta.write(
                      c -> {
                        try (PreparedStatement ps =
                            c.prepareStatement("INSERT INTO object VALUES (?, ?, ?)")) {
                          ps.setString(1, ref.id());
                          ps.setString(2, sha);
                          ps.setLong(3, ref.length());
                          return ps.executeUpdate();
                        }
                      });
                  synchronized (out) {
                    out.println("ACK " + ref.id() + " " + sha);
                    out.flush();
                  }
                }
              },
              "crash-writer-" + t);
      thread.start();
    }
    Thread.sleep(Long.MAX_VALUE); // until killed
  }
}
