package dev.basin.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills (SIGKILL) a process that writes blobs and metadata, then checks that everything it
 * acknowledged survived, whole, and that recovery leaves no garbage. {@code kill -9} loses what is
 * in the process, not what is in the OS page cache; power loss is covered by the fsyncs, which this
 * cannot exercise.
 */
class TestStorageCrash {

  @TempDir Path tmp;

  @Test
  void acknowledgedWritesSurviveSigkillAndRecoveryRemovesTheRest() throws Exception {
    Path root = tmp.resolve("data");
    Path argFile = tmp.resolve("java.args");
    Files.writeString(
        argFile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"");
    Path stdout = tmp.resolve("child.out");
    Path stderr = tmp.resolve("child.err");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "@" + argFile,
                CrashWriterMain.class.getName(),
                root.toString(),
                "4")
            .redirectOutput(stdout.toFile()) // a file: nothing printed before the kill is lost
            .redirectError(stderr.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.readString(stdout).startsWith("READY")) {
        assertThat(child.isAlive())
            .as("child alive; stderr: %s", Files.readString(stderr))
            .isTrue();
        assertThat(System.nanoTime()).as("child ready in time").isLessThan(deadline);
        Thread.sleep(20);
      }
      Thread.sleep(1500); // let it ack for a while
    } finally {
      child.destroyForcibly(); // SIGKILL
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Map<String, String> acked = new HashMap<>();
    for (String line : Files.readAllLines(stdout)) {
      record(acked, line);
    }
    assertThat(acked).as("acks before the kill").isNotEmpty();

    try (DataDirectory data = DataDirectory.open(root); // the dead child's lock is gone
        MetadataStore meta =
            SqliteMetadataStore.open(CrashWriterMain.metadataFile(data), CrashWriterMain.SCHEMA)) {
      FileBlobStore blobs = new FileBlobStore(CrashWriterMain.blobDir(data));
      Map<String, String> rows =
          meta.read(
              c -> {
                Map<String, String> m = new HashMap<>();
                try (ResultSet rs =
                    c.createStatement().executeQuery("SELECT id, sha256 FROM object")) {
                  while (rs.next()) {
                    m.put(rs.getString(1), rs.getString(2));
                  }
                }
                return m;
              });
      BlobStore.Recovery recovery = blobs.recover(rows::containsKey);
      System.out.printf(
          "crash test: %d acked, %d rows, recovery %s%n", acked.size(), rows.size(), recovery);

      assertThat(rows).containsAllEntriesOf(acked);
      assertThat(recovery.blobsKept()).isEqualTo(rows.size());
      for (Map.Entry<String, String> row : rows.entrySet()) {
        byte[] bytes = Files.readAllBytes(blobs.path(row.getKey()));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(sha).as("content of blob " + row.getKey()).isEqualTo(row.getValue());
      }
      try (Stream<Path> temps = Files.list(blobs.tmpDir())) {
        assertThat(temps).isEmpty();
      }
      try (Stream<Path> files = Files.walk(blobs.blobsDir())) {
        assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
            .allMatch(rows::containsKey);
      }
    }
  }

  /** Keeps complete ack lines; the last line may be cut by the kill. */
  private static void record(Map<String, String> acked, String line) {
    String[] parts = line.split(" ");
    if (parts.length == 3 && parts[0].equals("ACK") && parts[2].length() == 64) {
      acked.put(parts[1], parts[2]);
    }
  }
}
