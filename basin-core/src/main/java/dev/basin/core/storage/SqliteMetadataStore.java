package dev.basin.core.storage;

import dev.basin.core.concurrent.Blocking;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.sqlite.SQLiteConfig;

/**
 * A {@link MetadataStore} on one SQLite database file in WAL mode.
 *
 * <p>One connection belongs to the writer thread; {@link Options#readConnections()} others serve
 * reads, which WAL lets run while the writer writes. The writer takes every queued unit (up to
 * {@link Options#maxBatch()}), runs each in its own {@code SAVEPOINT} inside one {@code BEGIN
 * IMMEDIATE} transaction, commits once and only then completes the callers' futures: under load one
 * sync serves many writes. If a failure makes SQLite abandon the whole transaction (rare: I/O
 * errors, a full disk), the failing unit fails and the units before it in the group run again in a
 * new transaction, so no other caller sees someone else's failure.
 *
 * <p>Schema migrations are a list of SQL scripts: script {@code i} (1-based) is schema version
 * {@code i}. At open, each script whose version is not yet recorded in {@code basin_schema_version}
 * runs in its own transaction together with the insert of its version, so a script is applied
 * exactly once even across crashes. Scripts may hold several statements. Scripts are append-only:
 * never edit or reorder a released one.
 *
 * <p>Connections have {@code foreign_keys=ON} and a busy timeout. Readers are {@code query_only}.
 */
public final class SqliteMetadataStore implements MetadataStore {

  /** How far an acknowledged write is durable; the {@code PRAGMA synchronous} level in WAL mode. */
  public enum Durability {
    /**
     * The WAL is synced to stable storage at every commit: an acknowledged write survives a killed
     * process ({@code kill -9}), an OS crash and a power loss. Costs one {@code fsync} per group
     * commit.
     */
    FULL,
    /**
     * The WAL is written to the OS at every commit but synced only at checkpoints: an acknowledged
     * write survives a killed process, but the last writes before an OS crash or power loss may be
     * lost (the database itself stays consistent). Much faster on slow disks.
     */
    NORMAL
  }

  /**
   * Tuning of a store.
   *
   * @param durability see {@link Durability}
   * @param readConnections size of the read pool; a read waits while all are busy
   * @param maxBatch most write units in one group commit
   * @param busyTimeout how long a connection waits for a lock (checkpoints) before failing
   */
  public record Options(
      Durability durability, int readConnections, int maxBatch, Duration busyTimeout) {

    public static final Options DEFAULT =
        new Options(Durability.FULL, 4, 256, Duration.ofSeconds(10));

    public Options {
      Objects.requireNonNull(durability, "durability");
      Objects.requireNonNull(busyTimeout, "busyTimeout");
      if (readConnections < 1 || maxBatch < 1) {
        throw new IllegalArgumentException("readConnections and maxBatch must be positive");
      }
    }

    public Options withDurability(Durability value) {
      return new Options(value, readConnections, maxBatch, busyTimeout);
    }

    public Options withReadConnections(int value) {
      return new Options(durability, value, maxBatch, busyTimeout);
    }

    public Options withMaxBatch(int value) {
      return new Options(durability, readConnections, value, busyTimeout);
    }
  }

  private static final System.Logger LOG = System.getLogger(SqliteMetadataStore.class.getName());
  private static final String VERSION_TABLE = "basin_schema_version";

  private final Path file;
  private final int maxBatch;
  private final Connection writerConnection;
  private final Control writerControl;
  private final BlockingQueue<Reader> readers;
  private final List<Reader> allReaders;
  private final LinkedBlockingQueue<Unit<?>> queue = new LinkedBlockingQueue<>();
  private final Unit<Void> poison = new Unit<>(c -> null);
  private final Object lifecycle = new Object();
  private final Thread writer;
  private volatile boolean closed;
  private volatile long groupCommits; // written by the writer thread only

  private SqliteMetadataStore(Path file, List<String> migrations, Options options)
      throws SQLException {
    this.file = file;
    this.maxBatch = options.maxBatch();
    List<Connection> opened = new ArrayList<>();
    try {
      writerConnection = open(file, options, false);
      opened.add(writerConnection);
      migrate(writerConnection, migrations);
      writerControl = new Control(writerConnection, "BEGIN IMMEDIATE");
      allReaders = new ArrayList<>(options.readConnections());
      for (int i = 0; i < options.readConnections(); i++) {
        Connection c = open(file, options, true);
        opened.add(c);
        allReaders.add(new Reader(c, new Control(c, "BEGIN")));
      }
    } catch (SQLException | RuntimeException e) {
      for (Connection c : opened) {
        closeQuietly(c);
      }
      throw e;
    }
    readers = new ArrayBlockingQueue<>(allReaders.size(), false, allReaders);
    writer = new Thread(this::runWriter, "basin-sqlite-writer-" + file.getFileName());
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens (creating if absent) the database {@code file}, applies the {@code migrations} not yet
   * applied, and starts the writer thread.
   *
   * @throws StorageException if the file cannot be opened, a migration fails, or the database has a
   *     newer schema version than {@code migrations} knows
   */
  public static SqliteMetadataStore open(Path file, List<String> migrations, Options options) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return new SqliteMetadataStore(file, List.copyOf(migrations), options);
    } catch (IOException | SQLException e) {
      throw new StorageException(
          "cannot open metadata database " + file + ": " + e.getMessage(), e);
    }
  }

  /** {@link #open(Path, List, Options)} with {@link Options#DEFAULT}. */
  public static SqliteMetadataStore open(Path file, List<String> migrations) {
    return open(file, migrations, Options.DEFAULT);
  }

  /** The database file. */
  public Path file() {
    return file;
  }

  @Override
  public <T> T read(SqlWork<T> work) {
    Objects.requireNonNull(work, "work");
    if (closed) {
      throw new IllegalStateException("metadata store " + file + " is closed");
    }
    Reader reader;
    try {
      reader = readers.poll();
      if (reader == null) {
        reader = Blocking.call(readers::take);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted waiting for a read connection", e);
    }
    try {
      reader.control.begin.execute();
      T result;
      try {
        result = work.run(reader.connection);
      } catch (Throwable t) {
        rollbackQuietly(reader.control);
        throw t;
      }
      reader.control.commit.execute();
      return result;
    } catch (Throwable t) {
      throw translate(t);
    } finally {
      readers.add(reader);
    }
  }

  @Override
  public <T> T write(SqlWork<T> work) {
    try {
      return writeAsync(work).join();
    } catch (CompletionException e) {
      throw translate(e.getCause());
    }
  }

  @Override
  public <T> CompletableFuture<T> writeAsync(SqlWork<T> work) {
    Objects.requireNonNull(work, "work");
    if (Thread.currentThread() == writer) {
      throw new IllegalStateException(
          "write() called from inside a unit of work of the same store; it would wait for itself");
    }
    Unit<T> unit = new Unit<>(work);
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException("metadata store " + file + " is closed");
      }
      queue.add(unit);
    }
    return unit.future;
  }

  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(poison);
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    for (Reader reader : allReaders) {
      closeQuietly(reader.connection);
    }
    try (Statement s = writerConnection.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "checkpoint of " + file + " failed at close", e);
    }
    writerControl.closeQuietly();
    closeQuietly(writerConnection);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Transactions the writer has committed; each holds one or more write units. */
  long groupCommits() {
    return groupCommits;
  }

  // ---------------------------------------------------------------- writer

  private void runWriter() {
    List<Unit<?>> batch = new ArrayList<>(maxBatch);
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() ends the writer, through the poison unit
      }
      queue.drainTo(batch, maxBatch - 1);
      if (batch.get(batch.size() - 1) == poison) {
        batch.remove(batch.size() - 1);
        stop = true; // close() enqueues nothing after the poison
      }
      List<Unit<?>> pending = batch;
      while (!pending.isEmpty()) {
        pending = runGroup(pending);
      }
      batch.clear();
    }
  }

  /**
   * Runs {@code units} in one transaction and completes them; returns the units that must run again
   * because SQLite abandoned the transaction under them.
   */
  private List<Unit<?>> runGroup(List<Unit<?>> units) {
    Control c = writerControl;
    try {
      c.begin.execute();
    } catch (SQLException e) {
      for (Unit<?> u : units) {
        u.failure = e;
        u.complete();
      }
      return List.of();
    }
    for (int i = 0; i < units.size(); i++) {
      Unit<?> u = units.get(i);
      try {
        c.savepoint.execute();
      } catch (SQLException e) {
        u.failure = e;
        return abandon(units, i);
      }
      try {
        u.runWork(writerConnection);
        c.release.execute();
      } catch (Throwable t) {
        u.failure = t;
        try {
          c.rollbackTo.execute();
          c.release.execute();
        } catch (SQLException gone) {
          // SQLite rolled back the whole transaction: the earlier units must run again.
          return abandon(units, i);
        }
      }
    }
    try {
      c.commit.execute();
      groupCommits++;
    } catch (SQLException e) {
      rollbackQuietly(c);
      for (Unit<?> u : units) {
        if (u.failure == null) {
          u.failure = e;
        }
      }
    }
    for (Unit<?> u : units) {
      u.complete();
    }
    return List.of();
  }

  /** Fails {@code units[failed]} and returns the others for another transaction. */
  private List<Unit<?>> abandon(List<Unit<?>> units, int failed) {
    rollbackQuietly(writerControl);
    units.get(failed).complete();
    List<Unit<?>> again = new ArrayList<>(units.size() - 1);
    for (int i = 0; i < units.size(); i++) {
      if (i != failed) {
        Unit<?> u = units.get(i);
        u.result = null;
        u.failure = null;
        again.add(u);
      }
    }
    return again;
  }

  // ---------------------------------------------------------------- helpers

  private static Connection open(Path file, Options options, boolean reader) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(
        options.durability() == Durability.FULL
            ? SQLiteConfig.SynchronousMode.FULL
            : SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.busyTimeout().toMillis()));
    config.enforceForeignKeys(true);
    Connection c = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    if (reader) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA query_only=ON");
      }
    }
    return c;
  }

  private void migrate(Connection c, List<String> migrations) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate(
          "CREATE TABLE IF NOT EXISTS "
              + VERSION_TABLE
              + " (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
      int current;
      try (ResultSet rs =
          s.executeQuery("SELECT coalesce(max(version), 0) FROM " + VERSION_TABLE)) {
        rs.next();
        current = rs.getInt(1);
      }
      if (current > migrations.size()) {
        throw new StorageException(
            "metadata database "
                + file
                + " has schema version "
                + current
                + ", newer than the "
                + migrations.size()
                + " this Basin knows; refusing to open it");
      }
      for (int version = current + 1; version <= migrations.size(); version++) {
        s.execute("BEGIN IMMEDIATE");
        try {
          s.executeUpdate(migrations.get(version - 1));
          s.executeUpdate(
              "INSERT INTO "
                  + VERSION_TABLE
                  + " (version, applied_at) VALUES ("
                  + version
                  + ", CAST(strftime('%s','now') AS INTEGER))");
          s.execute("COMMIT");
        } catch (SQLException e) {
          try {
            s.execute("ROLLBACK");
          } catch (SQLException ignored) {
            // the failure already ended the transaction
          }
          throw new StorageException(
              "migration to schema version "
                  + version
                  + " of "
                  + file
                  + " failed: "
                  + e.getMessage(),
              e);
        }
      }
    }
  }

  private static RuntimeException translate(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new StorageException("metadata operation failed: " + t.getMessage(), t);
  }

  private static void rollbackQuietly(Control c) {
    try {
      c.rollback.execute();
    } catch (SQLException ignored) {
      // no transaction was open
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "closing an SQLite connection failed", e);
    }
  }

  /** The transaction-control statements of one connection, prepared once. */
  private static final class Control {
    final PreparedStatement begin;
    final PreparedStatement commit;
    final PreparedStatement rollback;
    final PreparedStatement savepoint;
    final PreparedStatement release;
    final PreparedStatement rollbackTo;

    Control(Connection c, String beginSql) throws SQLException {
      begin = c.prepareStatement(beginSql);
      commit = c.prepareStatement("COMMIT");
      rollback = c.prepareStatement("ROLLBACK");
      savepoint = c.prepareStatement("SAVEPOINT unit");
      release = c.prepareStatement("RELEASE unit");
      rollbackTo = c.prepareStatement("ROLLBACK TO unit");
    }

    void closeQuietly() {
      for (PreparedStatement p : List.of(begin, commit, rollback, savepoint, release, rollbackTo)) {
        try {
          p.close();
        } catch (SQLException ignored) {
          // closing the connection frees it anyway
        }
      }
    }
  }

  private record Reader(Connection connection, Control control) {}

  /** One queued write and, once run, its outcome. Touched only by the writer thread until done. */
  private static final class Unit<T> {
    final SqlWork<T> work;
    final CompletableFuture<T> future = new CompletableFuture<>();
    T result;
    Throwable failure;

    Unit(SqlWork<T> work) {
      this.work = work;
    }

    void runWork(Connection c) throws SQLException {
      result = work.run(c);
    }

    void complete() {
      if (failure == null) {
        future.complete(result);
      } else {
        future.completeExceptionally(
            failure instanceof SQLException ? translate(failure) : failure);
      }
    }
  }
}
