package dev.basin.core.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {
  private ForkJoinPool pool;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Test
  void aHandlerBlockedInBlockingRunDoesNotHoldUpTheTaskItWaitsFor() throws Exception {
    pool = WorkerPool.create(1, 4);
    CountDownLatch released = new CountDownLatch(1);
    CompletableFuture<Boolean> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Blocking.call(() -> released.await(10, TimeUnit.SECONDS));
              } catch (InterruptedException e) {
                return false;
              }
            },
            pool);
    // With one running thread and no compensation, this task would queue behind the waiter
    // until its ten-second timeout.
    CompletableFuture.runAsync(released::countDown, pool);
    assertThat(waiter.get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void onlyParallelismHandlersRunAtOnceWhenNoneBlocks() throws Exception {
    pool = WorkerPool.create(2, 16);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CompletableFuture<?>[] tasks = new CompletableFuture<?>[40];
    for (int i = 0; i < tasks.length; i++) {
      tasks[i] =
          CompletableFuture.runAsync(
              () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                long end = System.nanoTime() + 2_000_000;
                while (System.nanoTime() < end) {
                  Thread.onSpinWait();
                }
                running.decrementAndGet();
              },
              pool);
    }
    CompletableFuture.allOf(tasks).get(30, TimeUnit.SECONDS);
    assertThat(most.get()).isBetween(1, 2);
  }

  @Test
  void checkedAndUncheckedFailuresOfTheCallReachTheCaller() throws Exception {
    pool = WorkerPool.create(1, 2);
    CompletableFuture<Throwable> checked =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                Blocking.run(
                    () -> {
                      throw new IOException("disk gone");
                    });
                return null;
              } catch (IOException e) {
                return e;
              }
            },
            pool);
    assertThat(checked.get(5, TimeUnit.SECONDS)).hasMessage("disk gone");
    CompletableFuture<Object> unchecked =
        CompletableFuture.supplyAsync(
            () ->
                Blocking.call(
                    () -> {
                      throw new IllegalStateException("bad state");
                    }),
            pool);
    assertThatThrownBy(() -> unchecked.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void outsideAPoolTheCallSimplyRuns() throws Exception {
    assertThat(Blocking.call(() -> Thread.currentThread().getName()))
        .isEqualTo(Thread.currentThread().getName());
  }

  @Test
  void threadsAreNamedAndDaemon() throws Exception {
    pool = WorkerPool.create(1, 1);
    Thread thread = CompletableFuture.supplyAsync(Thread::currentThread, pool).get();
    assertThat(thread.getName()).startsWith("basin-worker-");
    assertThat(thread.isDaemon()).isTrue();
    assertThatThrownBy(() -> WorkerPool.create(2, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
