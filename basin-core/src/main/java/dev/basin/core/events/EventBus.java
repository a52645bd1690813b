package dev.basin.core.events;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * In-process publish/subscribe between services (S3 notifications to Lambda, ...).
 *
 * <p>Delivery is asynchronous, on a fixed pool of daemon threads; each subscriber receives the
 * events of its type (and subtypes) one at a time, in publish order (for publishes on different
 * threads that race, in the order they reached the subscriber's queue). Different subscribers run
 * in parallel. A handler that throws is logged and keeps its subscription; other handlers are
 * unaffected.
 *
 * <p>Backpressure: at most {@code capacity} deliveries wait at once; {@link #publish} blocks when
 * that many are queued, except on the bus's own threads (a handler publishing a follow-up event),
 * which never block, so handlers cannot deadlock the bus.
 */
public final class EventBus implements AutoCloseable {

  private static final System.Logger LOG = System.getLogger(EventBus.class.getName());
  private static final int DRAIN_BUDGET = 64;

  private final List<Subscriber<?>> subscribers = new CopyOnWriteArrayList<>();
  private final ExecutorService executor;
  private final Semaphore permits;
  private final AtomicLong pending = new AtomicLong();
  private final Object idle = new Object();
  private volatile boolean closing;

  /** A bus with 2 delivery threads and room for 10,000 queued deliveries. */
  public EventBus() {
    this(2, 10_000);
  }

  public EventBus(int threads, int capacity) {
    if (threads < 1 || capacity < 1) {
      throw new IllegalArgumentException("threads and capacity must be positive");
    }
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), // holds at most one task per subscriber
            r -> new BusThread(this, r, "basin-events-" + n.incrementAndGet()));
    this.permits = new Semaphore(capacity);
  }

  /**
   * Calls {@code handler} with every event published from now on that is an instance of {@code
   * type}, until the returned subscription is closed.
   */
  public <E extends BasinEvent> Subscription subscribe(Class<E> type, Consumer<? super E> handler) {
    Subscriber<E> s =
        new Subscriber<>(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler));
    subscribers.add(s);
    return s;
  }

  /**
   * Queues {@code event} for every current subscriber of its type; returns without waiting for the
   * handlers.
   *
   * @throws IllegalStateException if the bus is closing (except from the bus's own threads, whose
   *     follow-up events are still delivered while it drains)
   */
  public void publish(BasinEvent event) {
    Objects.requireNonNull(event, "event");
    boolean busThread = Thread.currentThread() instanceof BusThread t && t.bus == this;
    if (closing && !busThread) {
      throw new IllegalStateException("event bus is closed");
    }
    for (Subscriber<?> s : subscribers) {
      if (s.type.isInstance(event)) {
        boolean permit;
        if (busThread) {
          permit = permits.tryAcquire();
        } else {
          permits.acquireUninterruptibly();
          permit = true;
        }
        pending.incrementAndGet();
        s.enqueue(new Delivery(event, permit));
      }
    }
  }

  /**
   * Waits until every event published so far (and every event their handlers published) has been
   * handled; returns false on timeout. For tests and shutdown.
   */
  public boolean awaitIdle(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (pending.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(idle, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Refuses new events from outside, delivers every queued one (waiting up to 30 s), then stops the
   * delivery threads. Idempotent.
   */
  @Override
  public void close() {
    closing = true;
    if (!awaitIdle(Duration.ofSeconds(30))) {
      LOG.log(
          System.Logger.Level.WARNING, "event bus closed with " + pending.get() + " undelivered");
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void done(Delivery d) {
    if (d.permit) {
      permits.release();
    }
    if (pending.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  private record Delivery(BasinEvent event, boolean permit) {}

  private static final class BusThread extends Thread {
    final EventBus bus;

    BusThread(EventBus bus, Runnable r, String name) {
      super(r, name);
      this.bus = bus;
      setDaemon(true);
    }
  }

  /** A subscriber's mailbox, drained by at most one thread at a time (which keeps its order). */
  private final class Subscriber<E extends BasinEvent> implements Subscription {
    final Class<E> type;
    final Consumer<? super E> handler;
    final ConcurrentLinkedQueue<Delivery> mailbox = new ConcurrentLinkedQueue<>();
    final AtomicBoolean scheduled = new AtomicBoolean();
    volatile boolean active = true;

    Subscriber(Class<E> type, Consumer<? super E> handler) {
      this.type = type;
      this.handler = handler;
    }

    void enqueue(Delivery d) {
      mailbox.add(d);
      if (!active) {
        dropQueued();
        return;
      }
      schedule();
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        executor.execute(this::drain);
      }
    }

    private void drain() {
      Delivery d;
      for (int budget = DRAIN_BUDGET; budget > 0 && (d = mailbox.poll()) != null; budget--) {
        try {
          if (active) {
            handler.accept(type.cast(d.event));
          }
        } catch (Throwable t) {
          LOG.log(
              System.Logger.Level.WARNING,
              "event handler for " + type.getSimpleName() + " failed on " + d.event,
              t);
        } finally {
          done(d);
        }
      }
      scheduled.set(false);
      if (!mailbox.isEmpty()) {
        schedule(); // more arrived, or the budget ran out: yield the thread, keep the order
      }
    }

    private void dropQueued() {
      Delivery d;
      while ((d = mailbox.poll()) != null) {
        done(d);
      }
    }

    @Override
    public void close() {
      active = false;
      subscribers.remove(this);
      dropQueued();
    }
  }
}
