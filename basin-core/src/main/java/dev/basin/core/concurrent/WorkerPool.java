package dev.basin.core.concurrent;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool that runs the gateway's handlers: as many running threads as cores, more only while
 * handlers wait in {@link Blocking#run} (or {@code CompletableFuture.join}, which tells the pool
 * the same way).
 *
 * <p>Why not a fixed pool of many threads: with 64 threads and 32 requests in flight on two cores,
 * every request was runnable at once and the scheduler time-sliced them, so a request that needs 50
 * µs of CPU could wait tens of milliseconds for its turn (GetItem p99 of 15–28 ms at 23,000 req/s),
 * and a thread preempted while holding a read connection made others wait for it. Here the surplus
 * requests wait in the pool's queue instead, first come first served, while a handler that blocks
 * on disk or on another thread still does not hold up the others.
 */
public final class WorkerPool {
  private WorkerPool() {}

  /**
   * A pool with {@code parallelism} running threads and at most {@code maxThreads} threads in all
   * (running plus those blocked in managed waits). Beyond that a blocking handler blocks without a
   * replacement rather than failing.
   */
  public static ForkJoinPool create(int parallelism, int maxThreads) {
    if (parallelism < 1 || maxThreads < parallelism) {
      throw new IllegalArgumentException(
          "need 1 <= parallelism <= maxThreads, got " + parallelism + " and " + maxThreads);
    }
    AtomicInteger number = new AtomicInteger();
    return new ForkJoinPool(
        parallelism,
        pool -> {
          ForkJoinWorkerThread thread =
              ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
          thread.setName("basin-worker-" + number.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        },
        null,
        true,
        0,
        maxThreads,
        1,
        pool -> true,
        60,
        TimeUnit.SECONDS);
  }
}
