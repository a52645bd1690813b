package dev.basin.core.storage;

import java.util.concurrent.CompletableFuture;

/**
 * A service's embedded, transactional metadata: one database, one writer, concurrent readers.
 *
 * <p>Writes are serialized on one writer thread and group-committed: units queued at the same time
 * share one transaction and one sync, each isolated in its own savepoint, so a failing unit rolls
 * back alone. A write is acknowledged (the call returns, the future completes) only after its
 * transaction has committed with the store's durability.
 *
 * <p>Reads run on a small pool of other connections, concurrently with the writer, each inside one
 * read transaction (a consistent snapshot of the last commit before it began). A read never sees a
 * write that has not been acknowledged.
 *
 * <p>Exceptions: a {@link RuntimeException} thrown by the work reaches the caller unchanged; an
 * {@link java.sql.SQLException} is wrapped in a {@link StorageException}.
 */
public interface MetadataStore extends AutoCloseable {

  /** Runs {@code work} in a read transaction and returns its result. */
  <T> T read(SqlWork<T> work);

  /**
   * Runs {@code work} in a write transaction and returns its result once the transaction is
   * durable. Must not be called from inside another unit of work of this store (that would wait for
   * itself); doing so throws {@link IllegalStateException}.
   */
  <T> T write(SqlWork<T> work);

  /**
   * Queues {@code work} for the writer and returns a future completed with its result once its
   * transaction is durable, or exceptionally with what the work threw. The future may be completed
   * on the writer thread: dependent stages must use the {@code *Async} methods if they block.
   */
  <T> CompletableFuture<T> writeAsync(SqlWork<T> work);

  /**
   * Stops accepting writes, runs every queued write, checkpoints and closes the database.
   * Idempotent.
   */
  @Override
  void close();
}
