package dev.basin.core.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link BasinClock} that tests move forward, never backward. Two kinds:
 *
 * <ul>
 *   <li>{@link #TestClock(Instant)} stands still until moved: for unit tests that need exact times;
 *   <li>{@link #followingSystem()} runs with the system clock plus an offset that each move
 *       increases: what {@code --test-clock} uses, so that time still passes for clients (object
 *       timestamps, {@code aws s3 sync} comparisons) while a test jumps days ahead.
 * </ul>
 *
 * <p>Thread safe. Moves are serialized: each move's listeners have all been called (synchronously,
 * on the moving thread, in registration order, after the new time is visible to {@link #now()})
 * before the next move on another thread starts, so listeners see increasing times. A listener
 * should not move the clock; if it does, the nested move is notified in full before the outer
 * move's remaining listeners, which then see an older move. If listeners throw, the others are
 * still called, and the first exception is rethrown to the mover with the rest suppressed.
 */
public final class TestClock implements BasinClock {

  private final List<ClockListener> listeners = new CopyOnWriteArrayList<>();
  private final Object moveLock = new Object();
  private final boolean following;

  /** The frozen time, or the offset from the system clock as an instant after the epoch. */
  private volatile Instant now;

  private volatile Duration offset = Duration.ZERO;

  /** A clock standing still at the system's current time. */
  public TestClock() {
    this(Instant.now());
  }

  /** A clock standing still at {@code start}. */
  public TestClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
    this.following = false;
  }

  private TestClock(boolean following) {
    this.now = null;
    this.following = following;
  }

  /** A clock that runs with the system clock, plus the sum of every move. */
  public static TestClock followingSystem() {
    return new TestClock(true);
  }

  @Override
  public Instant now() {
    return following ? Instant.now().plus(offset) : now;
  }

  /**
   * Moves the clock forward by {@code amount} and returns the new time. A zero amount does nothing
   * and notifies no one.
   *
   * @throws IllegalArgumentException if {@code amount} is negative
   */
  public Instant advance(Duration amount) {
    if (amount.isNegative()) {
      throw new IllegalArgumentException("a test clock never goes backwards: " + amount);
    }
    synchronized (moveLock) {
      return moveTo(now().plus(amount));
    }
  }

  /**
   * Moves the clock to {@code instant}. Setting the current time does nothing.
   *
   * @throws IllegalArgumentException if {@code instant} is before {@link #now()}
   */
  public Instant set(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    synchronized (moveLock) {
      Instant current = now();
      if (instant.isBefore(current)) {
        throw new IllegalArgumentException(
            "a test clock never goes backwards: " + instant + " is before " + current);
      }
      return moveTo(instant);
    }
  }

  /** Registers {@code listener}, called on every later move until removed. */
  public void addListener(ClockListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public void removeListener(ClockListener listener) {
    listeners.remove(listener);
  }

  private Instant moveTo(Instant target) {
    Instant previous = now();
    if (!target.isAfter(previous)) {
      return previous;
    }
    if (following) {
      offset = offset.plus(Duration.between(previous, target));
    } else {
      now = target;
    }
    RuntimeException failure = null;
    for (ClockListener l : listeners) {
      try {
        l.timeChanged(previous, target);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return target;
  }
}
