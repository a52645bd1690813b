package dev.basin.cloudtrail;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CloudTrail {@code eventID}s: random UUIDs, version 7 (RFC 9562), so that an event's id carries
 * its time in milliseconds. LookupEvents by EventId then reads the events of that one millisecond
 * through the time index instead of needing an index of its own, which would make every insert pay
 * for a random B-tree position.
 *
 * <p>Ids come from {@link ThreadLocalRandom}: they must be unique, not unguessable, and a shared
 * {@code SecureRandom} would serialize the request threads.
 */
final class EventIds {
  private static final long MAX_MILLIS = (1L << 48) - 1;

  private EventIds() {}

  /** A new id for an event at {@code time}; a version 4 UUID if the time is outside 1970-10889. */
  static String next(Instant time) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long ms = time.toEpochMilli();
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // variant 10
    if (ms < 0 || ms > MAX_MILLIS) {
      long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
      return new UUID(msb, lsb).toString();
    }
    long msb = (ms << 16) | 0x7000L | (random.nextInt() & 0x0FFF); // version 7
    return new UUID(msb, lsb).toString();
  }

  /** The time in milliseconds a version 7 id carries, or -1 for any other text. */
  static long millis(String eventId) {
    if (eventId.length() != 36 || eventId.charAt(14) != '7') {
      return -1;
    }
    try {
      return UUID.fromString(eventId).getMostSignificantBits() >>> 16;
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }
}
