package dev.basin.core.concurrent;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Runs a call that may block its thread for long (waiting for another thread, a lock held across
 * I/O, a disk sync) so that the worker pool stays busy meanwhile.
 *
 * <p>Handlers run on a {@link ForkJoinPool} whose parallelism is the number of cores (see {@link
 * WorkerPool}): as many handlers run at once as there are cores, so a request is not time-sliced
 * against dozens of others. A handler that blocks without saying so would hold one of those few
 * slots idle; through {@link ForkJoinPool#managedBlock} the pool adds a spare thread for the
 * duration of the wait. Outside a fork-join worker the call simply runs.
 */
public final class Blocking {
  private Blocking() {}

  /** A call that may block and throw {@code E}. */
  @FunctionalInterface
  public interface Call<T, E extends Exception> {
    T call() throws E;
  }

  /** An action that may block and throw {@code E}. */
  @FunctionalInterface
  public interface Action<E extends Exception> {
    void run() throws E;
  }

  /** Runs {@code action}, telling the worker pool it may block. */
  public static <E extends Exception> void run(Action<E> action) throws E {
    call(
        () -> {
          action.run();
          return null;
        });
  }

  /** Runs {@code call} and returns its result, telling the worker pool it may block. */
  public static <T, E extends Exception> T call(Call<T, E> call) throws E {
    if (!(Thread.currentThread() instanceof ForkJoinWorkerThread)) {
      return call.call();
    }
    Blocker<T, E> blocker = new Blocker<>(call);
    try {
      ForkJoinPool.managedBlock(blocker);
    } catch (InterruptedException e) {
      // managedBlock itself was interrupted before the call ran: run it directly, which reports
      // the interrupt as the call's own blocking would.
      Thread.currentThread().interrupt();
      return call.call();
    }
    return blocker.outcome();
  }

  private static final class Blocker<T, E extends Exception>
      implements ForkJoinPool.ManagedBlocker {
    private final Call<T, E> call;
    private boolean done;
    private T result;
    private Exception failure;

    Blocker(Call<T, E> call) {
      this.call = call;
    }

    @Override
    public boolean block() {
      try {
        result = call.call();
      } catch (Exception e) {
        failure = e;
      }
      done = true;
      return true;
    }

    @Override
    public boolean isReleasable() {
      return done;
    }

    @SuppressWarnings("unchecked")
    T outcome() throws E {
      if (failure instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (failure != null) {
        throw (E) failure;
      }
      return result;
    }
  }
}
