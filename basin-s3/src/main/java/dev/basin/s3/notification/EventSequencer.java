package dev.basin.s3.notification;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Makes the {@code sequencer} of event records: fixed-width uppercase hex that strictly increases
 * with every call, so that later events on a key compare greater as strings, as S3 promises ("the
 * sequencer provides a way to determine the sequence of events"). One instance per S3 service;
 * thread safe.
 *
 * <p>Values start from the clock's epoch microseconds, so they also increase across restarts of a
 * process whose clock moves forward.
 */
public final class EventSequencer {
  private final AtomicLong last = new AtomicLong();
  private final LongSupplier epochMicros;

  /**
   * @param epochMicros the current time in microseconds since the epoch
   */
  public EventSequencer(LongSupplier epochMicros) {
    this.epochMicros = epochMicros;
  }

  /** The next sequencer: 18 hex digits, greater than every earlier one. */
  public String next() {
    long now = epochMicros.getAsLong();
    long value = last.updateAndGet(previous -> Math.max(previous + 1, now));
    String hex = Long.toHexString(value).toUpperCase(java.util.Locale.ROOT);
    return "0".repeat(Math.max(0, 18 - hex.length())) + hex;
  }
}
