package dev.basin.core.clock;

import java.time.Instant;

/** Told when a {@link TestClock} moves, so time-driven engines (lifecycle, TTL, alarms) run. */
@FunctionalInterface
public interface ClockListener {

  /** Called after the clock moved from {@code previous} to {@code now} ({@code now > previous}). */
  void timeChanged(Instant previous, Instant now);
}
