package dev.basin.s3.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.clock.BasinClock;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures (prints; asserts only correctness) durable PUT throughput: 4 KiB objects at concurrency
 * 1, 8 and 32, inline in SQLite vs in blob files; then larger sizes at concurrency 32, to place the
 * inline threshold. The disk's own fsync rate is printed for scale: a blob PUT costs two fsyncs
 * (file, directory) of its own, an inline PUT a share of one group commit.
 */
class TestS3StorePutThroughput {

  private static final long RUN_NANOS = 800_000_000L;

  @TempDir Path dir;

  @Test
  void measureSmallObjectPuts() throws Exception {
    System.out.printf("disk: %.0f fsyncs/s (4 KiB write + fsync, one thread)%n", fsyncRate());
    for (int concurrency : new int[] {1, 8, 32}) {
      for (boolean inline : new boolean[] {true, false}) {
        run(4 * 1024, concurrency, inline);
      }
    }
    for (int size : new int[] {16 * 1024, 32 * 1024, 64 * 1024, 256 * 1024}) {
      for (boolean inline : new boolean[] {true, false}) {
        run(size, 32, inline);
      }
    }
  }

  private void run(int size, int concurrency, boolean inline) throws Exception {
    Path d = dir.resolve(size + "-" + concurrency + "-" + inline);
    SqliteS3Store.Options options =
        SqliteS3Store.Options.DEFAULT.withInlineThreshold(inline ? size : 0);
    try (SqliteS3Store store = SqliteS3Store.open(d, BasinClock.SYSTEM, options)) {
      store.createBucket("b", "us-east-1", "o");
      AtomicLong done = new AtomicLong();
      long start = System.nanoTime();
      long end = start + RUN_NANOS;
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
        int id = t;
        Thread thread =
            new Thread(
                () -> {
                  byte[] bytes = new byte[size];
                  new Random(id).nextBytes(bytes);
                  for (int n = 0; System.nanoTime() < end; n++) {
                    try (StagedBody body = store.stage(bytes, Set.of())) {
                      assertThat(body.isInline()).isEqualTo(inline);
                      store.putObject("b", id + "/" + n, body, ObjectAttributes.of("o"));
                    }
                    done.incrementAndGet();
                  }
                });
        threads.add(thread);
        thread.start();
      }
      for (Thread t : threads) {
        t.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(
          "PUT %6d B  concurrency %2d  %-6s: %6.0f PUT/s%n",
          size, concurrency, inline ? "inline" : "blob", done.get() / seconds);
      long listed =
          store
              .listObjects("b", new S3Store.ListObjectsQuery("", null, null, 1_000_000))
              .objects()
              .size();
      assertThat(listed).isEqualTo(done.get());
    }
  }

  private double fsyncRate() throws Exception {
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("fsync-probe"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(4096);
      long start = System.nanoTime();
      int n = 0;
      while (System.nanoTime() - start < 500_000_000L) {
        buf.clear();
        ch.write(buf, 0);
        ch.force(false);
        n++;
      }
      return n / ((System.nanoTime() - start) / 1e9);
    }
  }
}
