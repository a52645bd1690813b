package dev.basin.core.clock;

import java.time.Instant;

/**
 * The one source of time for everything in Basin that AWS ties to time: signature skew, credential
 * expiry, lifecycle rules, retention, TTL, alarms. With {@code --test-clock} it is a {@link
 * TestClock} that tests move forward.
 */
public interface BasinClock {

  Instant now();

  /** Milliseconds since the epoch, as {@link System#currentTimeMillis()} but on this clock. */
  default long millis() {
    return now().toEpochMilli();
  }

  /** The system's clock. */
  BasinClock SYSTEM = Instant::now;
}
