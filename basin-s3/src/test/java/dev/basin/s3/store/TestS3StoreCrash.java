package dev.basin.s3.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.clock.BasinClock;
import dev.basin.s3.store.S3Store.ListVersionsQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a process writing objects through the store, reopens the store and checks: every
 * acknowledged object is there with its bytes, every acknowledged delete holds, and recovery left
 * no blob file that no version references and no temporary file.
 */
class TestS3StoreCrash {

  @TempDir Path tmp;

  @Test
  void acknowledgedObjectsSurviveSigkillWithoutOrphans() throws Exception {
    Path data = tmp.resolve("s3");
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
                S3CrashWriterMain.class.getName(),
                data.toString(),
                "8")
            .redirectOutput(stdout.toFile())
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
      Thread.sleep(2000);
    } finally {
      child.destroyForcibly(); // SIGKILL
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Map<String, String[]> acked = new HashMap<>();
    Set<String> deleting = new HashSet<>();
    Set<String> deleted = new HashSet<>();
    for (String line : Files.readAllLines(stdout)) {
      String[] p = line.split(" ");
      if (p.length == 4 && p[0].equals("ACK") && p[2].length() == 32) {
        acked.put(p[1], new String[] {p[2], p[3]});
      } else if (p.length == 2 && p[0].equals("DELETING")) {
        deleting.add(p[1]);
      } else if (p.length == 2 && p[0].equals("DEL")) {
        deleted.add(p[1]);
      }
    }
    assertThat(acked).as("acks before the kill").hasSizeGreaterThan(20);

    try (SqliteS3Store store =
        SqliteS3Store.open(data, BasinClock.SYSTEM, SqliteS3Store.Options.DEFAULT)) {
      int inline = 0;
      for (Map.Entry<String, String[]> e : acked.entrySet()) {
        if (deleting.contains(e.getKey())) {
          continue;
        }
        try (ObjectRead r = store.get(S3CrashWriterMain.BUCKET, e.getKey(), null)) {
          byte[] bytes = TestSqliteS3Store.contentOf(r.content());
          assertThat(bytes).hasSize(Integer.parseInt(e.getValue()[1]));
          assertThat(TestSqliteS3Store.hex("MD5", bytes)).as(e.getKey()).isEqualTo(e.getValue()[0]);
          assertThat(r.version().etag()).isEqualTo(e.getValue()[0]);
          inline += r.version().inline() ? 1 : 0;
        }
      }
      for (String k : deleted) {
        TestSqliteS3Store.assertReason(
            () -> store.head(S3CrashWriterMain.BUCKET, k, null),
            S3StoreException.Reason.NO_SUCH_KEY);
      }
      List<ObjectVersion> all =
          store
              .listVersions(
                  S3CrashWriterMain.BUCKET, new ListVersionsQuery("", null, null, null, 100_000))
              .versions();
      long blobVersions = all.stream().filter(v -> !v.inline()).count();
      Path blobs = data.resolve("blobs");
      try (Stream<Path> files = Files.walk(blobs.resolve("blobs"))) {
        assertThat(files.filter(Files::isRegularFile).count())
            .as("blob files")
            .isEqualTo(blobVersions);
      }
      try (Stream<Path> temps = Files.list(blobs.resolve("tmp"))) {
        assertThat(temps).isEmpty();
      }
      System.out.printf(
          "s3 crash test: %d acked (%d inline), %d deletes acked, %d versions after reopen, recovery %s%n",
          acked.size(), inline, deleted.size(), all.size(), store.recovery());
    }
  }
}
