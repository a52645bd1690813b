package dev.basin.cloudtrail;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.concurrent.Blocking;
import dev.basin.core.gateway.RequestListener;
import dev.basin.core.gateway.RequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records every identified API call as a CloudTrail event, storing off the request path.
 *
 * <p>{@link #onRequest} builds the event on the request's thread ({@link CloudTrailRecordBuilder}
 * streams the redacted record straight into its JSON text, a few microseconds) and enqueues that
 * compact event on a bounded queue: the queue never holds the request's decoded input and output
 * trees, which would keep megabytes of garbage alive under load. One background thread inserts
 * everything queued in one transaction, so that under load one commit serves thousands of events.
 * The writer stores far more events per second than the gateway serves requests, so the queue fills
 * only when the writer is held up (a checkpoint, a busy disk, a starved thread): then the request
 * waits for room, up to {@code maxWait}, since CloudTrail must record every call; only a writer
 * stuck longer than that makes the event dropped and counted ({@link #dropped()}) instead of every
 * caller hanging. Nothing queued is lost at a clean shutdown: {@link #close()} drains the queue
 * completely (the server stops taking requests first).
 *
 * <p>It also enforces retention: events older than {@link #RETENTION} on Basin's clock are deleted
 * by a sweep on the writer thread at most every {@link #SWEEP_INTERVAL}.
 */
public final class CloudTrailRecorder implements RequestListener, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(CloudTrailRecorder.class.getName());

  /** How long CloudTrail's event history keeps events. */
  public static final Duration RETENTION = Duration.ofDays(90);

  static final Duration SWEEP_INTERVAL = Duration.ofMinutes(10);
  static final int MAX_BATCH = 4096;

  private static final CloudTrailEvent POISON =
      new CloudTrailEvent(
          "", Instant.EPOCH, "", "", "", "", null, null, false, false, List.of(), null, "");

  private final CloudTrailStore store;
  private final BasinClock clock;
  private final BlockingQueue<CloudTrailEvent> queue;
  private final Thread writer;
  private final long maxWaitNanos;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong recorded = new AtomicLong();
  private final Object lifecycle = new Object();
  private volatile boolean closed;
  private long lastSweepMs = Long.MIN_VALUE;

  /**
   * @param capacity events queued for the writer at most
   * @param maxWait how long a request waits for room in a full queue before its event is dropped
   */
  CloudTrailRecorder(CloudTrailStore store, BasinClock clock, int capacity, Duration maxWait) {
    this.maxWaitNanos = maxWait.toNanos();
    this.store = store;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "cloudtrail-recorder");
    this.writer.setDaemon(true);
    this.writer.start();
  }

  @Override
  public void onRequest(RequestRecord record) {
    if (closed || !CloudTrailRecordBuilder.recordable(record)) {
      return;
    }
    CloudTrailEvent event;
    try {
      event = CloudTrailRecordBuilder.build(record);
    } catch (RuntimeException e) {
      dropped.incrementAndGet();
      LOG.log(
          System.Logger.Level.WARNING,
          "cannot build the CloudTrail record of request " + record.requestId(),
          e);
      return;
    }
    if (!queue.offer(event) && !waitForRoom(event)) {
      dropped.incrementAndGet();
    }
  }

  private boolean waitForRoom(CloudTrailEvent event) {
    try {
      return maxWaitNanos > 0
          && Blocking.call(() -> queue.offer(event, maxWaitNanos, TimeUnit.NANOSECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Events lost because the queue stayed full (or could not be built or stored). */
  public long dropped() {
    return dropped.get();
  }

  /** Events committed so far. */
  public long recorded() {
    return recorded.get();
  }

  private void run() {
    List<CloudTrailEvent> batch = new ArrayList<>(MAX_BATCH);
    boolean stop = false;
    while (!stop) {
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() ends the writer, through the poison event
      }
      queue.drainTo(batch, MAX_BATCH - 1);
      if (batch.removeIf(e -> e == POISON)) {
        // close(): take what request threads still managed to queue after the poison too
        stop = true;
        queue.drainTo(batch);
        batch.removeIf(e -> e == POISON);
      }
      write(batch);
      batch.clear();
      sweep();
    }
  }

  private void write(List<CloudTrailEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    try {
      store.insert(events);
      recorded.addAndGet(events.size());
    } catch (RuntimeException e) {
      dropped.addAndGet(events.size());
      LOG.log(
          System.Logger.Level.WARNING, "cannot store " + events.size() + " CloudTrail events", e);
    }
  }

  private void sweep() {
    long now = clock.millis();
    if (lastSweepMs != Long.MIN_VALUE && now - lastSweepMs < SWEEP_INTERVAL.toMillis()) {
      return;
    }
    lastSweepMs = now;
    try {
      store.deleteBefore(clock.now().minus(RETENTION));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "CloudTrail retention sweep failed", e);
    }
  }

  /** Stops accepting events and waits until everything queued is stored. Idempotent. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
    }
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(POISON);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
