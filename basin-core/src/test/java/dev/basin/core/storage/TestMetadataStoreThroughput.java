package dev.basin.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.storage.SqliteMetadataStore.Durability;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures (prints; asserts only correctness) write throughput with 1 and 32 concurrent writers
 * under each durability, to show what group commit buys.
 */
class TestMetadataStoreThroughput {

  @TempDir Path dir;

  @Test
  void measureGroupCommit() throws Exception {
    for (Durability durability : Durability.values()) {
      for (int writers : new int[] {1, 32}) {
        Path file = dir.resolve(durability + "-" + writers + ".db");
        try (SqliteMetadataStore store =
            SqliteMetadataStore.open(
                file,
                List.of("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL)"),
                SqliteMetadataStore.Options.DEFAULT.withDurability(durability))) {
          AtomicLong done = new AtomicLong();
          long end = System.nanoTime() + 700_000_000L;
          long start = System.nanoTime();
          long commitsBefore = store.groupCommits();
          List<Thread> threads = new ArrayList<>();
          for (int w = 0; w < writers; w++) {
            Thread t =
                new Thread(
                    () -> {
                      while (System.nanoTime() < end) {
                        store.write(
                            c -> {
                              try (PreparedStatement ps =
                                  c.prepareStatement("INSERT INTO t (v) VALUES ('value')")) {
                                return ps.executeUpdate();
                              }
                            });
                        done.incrementAndGet();
                      }
                    });
            threads.add(t);
            t.start();
          }
          for (Thread t : threads) {
            t.join();
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          long commits = store.groupCommits() - commitsBefore;
          System.out.printf(
              "synchronous=%s writers=%d: %.0f writes/s, %.1f writes per commit%n",
              durability, writers, done.get() / seconds, (double) done.get() / commits);
          long rows =
              store.read(
                  c -> {
                    try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
                      rs.next();
                      return rs.getLong(1);
                    }
                  });
          assertThat(rows).isEqualTo(done.get());
        }
      }
    }
  }
}
