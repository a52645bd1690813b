package dev.basin.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract of {@link MetadataStore}; one subclass per implementation. */
abstract class AbstractTestMetadataStore {

  static final String V1 =
      "CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL);"
          + " CREATE TABLE note (id INTEGER PRIMARY KEY, k TEXT NOT NULL REFERENCES kv(k))";
  static final String V2 =
      "ALTER TABLE kv ADD COLUMN label TEXT; INSERT INTO kv (k, v, label) VALUES ('seed', 2, 'v2')";

  @TempDir Path dir;
  private final List<MetadataStore> opened = new ArrayList<>();

  /** Opens the store kept in {@code dir} (the same one on every call with the same dir). */
  protected abstract MetadataStore openStore(Path dir, List<String> migrations);

  MetadataStore open(List<String> migrations) {
    MetadataStore s = openStore(dir, migrations);
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeAll() {
    opened.forEach(MetadataStore::close);
  }

  static int put(java.sql.Connection c, String k, int v) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (k, v) VALUES (?, ?)")) {
      ps.setString(1, k);
      ps.setInt(2, v);
      return ps.executeUpdate();
    }
  }

  static Integer get(java.sql.Connection c, String k) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT v FROM kv WHERE k = ?")) {
      ps.setString(1, k);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getInt(1) : null;
      }
    }
  }

  static int count(java.sql.Connection c) throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM kv")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void writeIsVisibleToLaterReads() {
    MetadataStore store = open(List.of(V1));
    assertThat(store.<Integer>write(c -> put(c, "a", 1))).isEqualTo(1);
    assertThat(store.writeAsync(c -> put(c, "b", 2)).join()).isEqualTo(1);
    assertThat(store.<Integer>read(c -> get(c, "a"))).isEqualTo(1);
    assertThat(store.<Integer>read(c -> get(c, "b"))).isEqualTo(2);
  }

  @Test
  void runtimeExceptionOfWorkReachesCallerUnchangedAndRollsBackItsUnit() {
    MetadataStore store = open(List.of(V1));
    IllegalStateException boom = new IllegalStateException("conditional check failed");
    assertThatThrownBy(
            () ->
                store.write(
                    c -> {
                      put(c, "x", 1);
                      throw boom;
                    }))
        .isSameAs(boom);
    assertThat(store.<Integer>read(c -> get(c, "x"))).isNull();
    CompletableFuture<Object> f =
        store.writeAsync(
            c -> {
              put(c, "y", 1);
              throw boom;
            });
    assertThat(f)
        .failsWithin(5, TimeUnit.SECONDS)
        .withThrowableOfType(Exception.class)
        .withCause(boom);
    assertThat(store.<Integer>read(c -> get(c, "y"))).isNull();
  }

  @Test
  void sqlExceptionIsWrappedInStorageException() {
    MetadataStore store = open(List.of(V1));
    store.write(c -> put(c, "a", 1));
    assertThatThrownBy(() -> store.write(c -> put(c, "a", 2)))
        .isInstanceOf(StorageException.class)
        .hasCauseInstanceOf(SQLException.class);
    assertThatThrownBy(() -> store.read(c -> c.createStatement().executeQuery("SELECT nope")))
        .isInstanceOf(StorageException.class);
    assertThat(store.<Integer>read(c -> get(c, "a"))).isEqualTo(1);
  }

  @Test
  void foreignKeysAreEnforced() {
    MetadataStore store = open(List.of(V1));
    assertThatThrownBy(
            () ->
                store.write(
                    c -> c.createStatement().executeUpdate("INSERT INTO note (k) VALUES ('none')")))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("FOREIGN KEY");
  }

  @Test
  void readsCannotWrite() {
    MetadataStore store = open(List.of(V1));
    assertThatThrownBy(() -> store.read(c -> put(c, "a", 1))).isInstanceOf(StorageException.class);
    assertThat(store.<Integer>read(AbstractTestMetadataStore::count)).isZero();
  }

  @Test
  void groupCommitOf16ConcurrentWritersCommitsAllAndIsolatesFailures() throws Exception {
    MetadataStore store = open(List.of(V1));
    int writers = 16;
    int perWriter = 60;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger isolatedFailures = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int writer = w;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < perWriter; i++) {
                  String key = writer + "-" + i;
                  int value = i;
                  if (i % 7 == 3) {
                    IllegalArgumentException mine = new IllegalArgumentException(key);
                    try {
                      store.write(
                          c -> {
                            put(c, key, value);
                            throw mine;
                          });
                    } catch (IllegalArgumentException e) {
                      assertThat(e).isSameAs(mine);
                      isolatedFailures.incrementAndGet();
                    }
                  } else {
                    assertThat(store.<Integer>write(c -> put(c, key, value))).isEqualTo(1);
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    int failing = 0;
    for (int i = 0; i < perWriter; i++) {
      if (i % 7 == 3) {
        failing++;
      }
    }
    assertThat(isolatedFailures.get()).isEqualTo(writers * failing);
    assertThat(store.<Integer>read(AbstractTestMetadataStore::count))
        .isEqualTo(writers * (perWriter - failing));
    for (int w = 0; w < writers; w++) {
      int writer = w;
      assertThat(store.<Integer>read(c -> get(c, writer + "-3"))).isNull();
      assertThat(store.<Integer>read(c -> get(c, writer + "-4"))).isEqualTo(4);
    }
  }

  @Test
  void readsRunWhileAWriteTransactionIsOpen() throws Exception {
    MetadataStore store = open(List.of(V1));
    store.write(c -> put(c, "a", 1));
    CountDownLatch inWrite = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Integer> blocked = store.writeAsync(c -> unit(c, inWrite, release));
    assertThat(inWrite.await(10, TimeUnit.SECONDS)).isTrue();
    // The writer holds an uncommitted update; a read neither waits for it nor sees it.
    assertThat(store.<Integer>read(c -> get(c, "a"))).isEqualTo(1);
    release.countDown();
    blocked.get(10, TimeUnit.SECONDS);
    assertThat(store.<Integer>read(c -> get(c, "a"))).isEqualTo(2);
  }

  private static Integer unit(java.sql.Connection c, CountDownLatch inWrite, CountDownLatch release)
      throws SQLException {
    c.createStatement().executeUpdate("UPDATE kv SET v = 2 WHERE k = 'a'");
    inWrite.countDown();
    try {
      release.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return 0;
  }

  @Test
  void migrationsAreAppliedOnceAcrossReopen() {
    MetadataStore first = open(List.of(V1));
    first.write(c -> put(c, "a", 1));
    first.close();
    MetadataStore second = open(List.of(V1, V2));
    assertThat(second.<Integer>read(c -> get(c, "seed"))).isEqualTo(2);
    assertThat(second.<Integer>read(AbstractTestMetadataStore::count)).isEqualTo(2);
    second.close();
    // V2 inserts a primary key: running it again would fail the open.
    MetadataStore third = open(List.of(V1, V2));
    assertThat(third.<Integer>read(AbstractTestMetadataStore::count)).isEqualTo(2);
    assertThat(third.<Integer>read(c -> get(c, "a"))).isEqualTo(1);
  }

  @Test
  void failedMigrationLeavesTheSchemaAtThePreviousVersion() {
    open(List.of(V1)).close();
    String broken = "ALTER TABLE kv ADD COLUMN label TEXT; INSERT INTO missing VALUES (1)";
    assertThatThrownBy(() -> open(List.of(V1, broken)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("version 2");
    MetadataStore store = open(List.of(V1, V2)); // the ALTER of the broken script was rolled back
    assertThat(store.<Integer>read(c -> get(c, "seed"))).isEqualTo(2);
  }

  @Test
  void refusesADatabaseNewerThanItsMigrations() {
    open(List.of(V1, V2)).close();
    assertThatThrownBy(() -> open(List.of(V1)))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("schema version 2");
  }

  @Test
  void writeFromInsideAUnitIsRejectedInsteadOfDeadlocking() {
    MetadataStore store = open(List.of(V1));
    assertThatThrownBy(() -> store.write(c -> store.write(c2 -> put(c2, "a", 1))))
        .isInstanceOf(IllegalStateException.class);
    assertThat(store.<Integer>read(AbstractTestMetadataStore::count)).isZero();
  }

  @Test
  void closeRunsQueuedWritesThenRefusesNewOnes() {
    MetadataStore store = open(List.of(V1));
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int n = i;
      futures.add(store.writeAsync(c -> put(c, "k" + n, n)));
    }
    store.close();
    assertThat(futures).allSatisfy(f -> assertThat(f).isCompletedWithValue(1));
    assertThatThrownBy(() -> store.write(c -> put(c, "late", 0)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> store.read(AbstractTestMetadataStore::count))
        .isInstanceOf(IllegalStateException.class);
    store.close(); // idempotent
    MetadataStore reopened = open(List.of(V1));
    assertThat(reopened.<Integer>read(AbstractTestMetadataStore::count)).isEqualTo(200);
  }
}
