package dev.basin.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.storage.SqliteMetadataStore.Durability;
import dev.basin.core.storage.SqliteMetadataStore.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TestSqliteMetadataStore extends AbstractTestMetadataStore {

  @Override
  protected MetadataStore openStore(Path dir, List<String> migrations) {
    return SqliteMetadataStore.open(dir.resolve("meta.db"), migrations);
  }

  private SqliteMetadataStore openSqlite(Options options, List<String> migrations) {
    return SqliteMetadataStore.open(dir.resolve("meta.db"), migrations, options);
  }

  private static String pragma(MetadataStore store, String name) {
    return store.read(
        c -> {
          try (ResultSet rs = c.createStatement().executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
          }
        });
  }

  @Test
  void usesWalAndTheChosenSynchronousLevel() {
    try (SqliteMetadataStore full = openSqlite(Options.DEFAULT, List.of(V1))) {
      assertThat(pragma(full, "journal_mode")).isEqualTo("wal");
      assertThat(
              full.<Integer>write(
                  c -> {
                    try (ResultSet rs = c.createStatement().executeQuery("PRAGMA synchronous")) {
                      rs.next();
                      return rs.getInt(1);
                    }
                  }))
          .isEqualTo(2); // FULL
      assertThat(pragma(full, "foreign_keys")).isEqualTo("1");
      assertThat(Integer.parseInt(pragma(full, "busy_timeout"))).isPositive();
    }
    try (SqliteMetadataStore normal =
        openSqlite(Options.DEFAULT.withDurability(Durability.NORMAL), List.of(V1))) {
      assertThat(
              normal.<Integer>write(
                  c -> {
                    try (ResultSet rs = c.createStatement().executeQuery("PRAGMA synchronous")) {
                      rs.next();
                      return rs.getInt(1);
                    }
                  }))
          .isEqualTo(1); // NORMAL
    }
  }

  @Test
  void queuedWritesShareOneTransaction() throws Exception {
    try (SqliteMetadataStore store = openSqlite(Options.DEFAULT, List.of(V1))) {
      CountDownLatch inWrite = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> blocker =
          store.writeAsync(
              c -> {
                inWrite.countDown();
                await(release);
                return null;
              });
      assertThat(inWrite.await(10, TimeUnit.SECONDS)).isTrue();
      long before = store.groupCommits();
      List<CompletableFuture<Integer>> queued = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        int n = i;
        queued.add(store.writeAsync(c -> put(c, "k" + n, n)));
      }
      release.countDown();
      blocker.get(10, TimeUnit.SECONDS);
      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      // The blocker's commit plus one group for the 100 queued units.
      assertThat(store.groupCommits() - before).isEqualTo(2);
      assertThat(store.<Integer>read(AbstractTestMetadataStore::count)).isEqualTo(100);
    }
  }

  @Test
  void groupsAreBoundedByMaxBatch() throws Exception {
    try (SqliteMetadataStore store = openSqlite(Options.DEFAULT.withMaxBatch(10), List.of(V1))) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> blocker = store.writeAsync(c -> await(release));
      List<CompletableFuture<Integer>> queued = new ArrayList<>();
      for (int i = 0; i < 95; i++) {
        int n = i;
        queued.add(store.writeAsync(c -> put(c, "k" + n, n)));
      }
      long before = store.groupCommits();
      release.countDown();
      blocker.get(10, TimeUnit.SECONDS);
      CompletableFuture.allOf(queued.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
      // The blocker may have started alone or with up to 9 units; 95 units need >= 10 groups.
      assertThat(store.groupCommits() - before).isBetween(10L, 11L);
    }
  }

  @Test
  void aUnitThatMakesSqliteAbandonTheTransactionFailsAloneAndTheOthersRunAgain() throws Exception {
    String trigger =
        "CREATE TABLE poison (x INTEGER);"
            + " CREATE TRIGGER poison_abort BEFORE INSERT ON poison"
            + " BEGIN SELECT RAISE(ROLLBACK, 'poisoned'); END";
    try (SqliteMetadataStore store = openSqlite(Options.DEFAULT, List.of(V1, trigger))) {
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Object> blocker = store.writeAsync(c -> await(release));
      CompletableFuture<Integer> before = store.writeAsync(c -> put(c, "before", 1));
      CompletableFuture<Integer> poison =
          store.writeAsync(c -> c.createStatement().executeUpdate("INSERT INTO poison VALUES (1)"));
      // Runs in the same transaction as "before": sees its uncommitted row.
      CompletableFuture<Integer> after = store.writeAsync(c -> put(c, "after", get(c, "before")));
      release.countDown();
      blocker.get(10, TimeUnit.SECONDS);
      assertThat(before.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(after.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(poison)
          .failsWithin(10, TimeUnit.SECONDS)
          .withThrowableOfType(Exception.class)
          .withRootCauseInstanceOf(java.sql.SQLException.class)
          .withMessageContaining("poisoned");
      assertThat(store.<Integer>read(c -> get(c, "after"))).isEqualTo(1);
      assertThat(store.<Integer>read(AbstractTestMetadataStore::count)).isEqualTo(2);
    }
  }

  @Test
  void closeCheckpointsTheWal() throws Exception {
    Path file = dir.resolve("meta.db");
    SqliteMetadataStore store = openSqlite(Options.DEFAULT, List.of(V1));
    for (int i = 0; i < 50; i++) {
      int n = i;
      store.write(c -> put(c, "k" + n, n));
    }
    store.close();
    Path wal = file.resolveSibling("meta.db-wal");
    assertThat(!Files.exists(wal) || Files.size(wal) == 0).isTrue();
  }

  @Test
  void rejectsInvalidOptions() {
    assertThatThrownBy(() -> Options.DEFAULT.withMaxBatch(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Options.DEFAULT.withReadConnections(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Object await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return null;
  }
}
