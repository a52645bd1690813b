package dev.basin.s3;

import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.Timestamps;
import dev.basin.s3.store.RestoreState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Restores of archived objects on Basin's clock. A restore requested at {@code t} completes at
 * {@code t + tier duration}; the restored copy expires {@code Days} later, at the following
 * midnight UTC as AWS rounds it.
 */
final class S3Restores {
  private S3Restores() {}

  static RestoreState start(Instant now, Duration duration, int days) {
    Instant completes = now.plus(duration);
    Instant expiry =
        completes
            .plus(Duration.ofDays(days))
            .atZone(ZoneOffset.UTC)
            .toLocalDate()
            .plusDays(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    return new RestoreState(true, expiry, completes);
  }

  /** Whether the restored copy is readable at {@code now}. */
  static boolean isDone(RestoreState restore, Instant now) {
    return restore.completesAt() == null || !now.isBefore(restore.completesAt());
  }

  /** Whether the restored copy has expired (the object is archived-only again). */
  static boolean isExpired(RestoreState restore, Instant now) {
    return restore.expiry() != null && !now.isBefore(restore.expiry());
  }

  /** The {@code x-amz-restore} header. */
  static String header(RestoreState restore, Instant now) {
    if (!isDone(restore, now)) {
      return "ongoing-request=\"true\"";
    }
    return "ongoing-request=\"false\", expiry-date=\""
        + Timestamps.format(
            restore.expiry().truncatedTo(ChronoUnit.SECONDS), TimestampFormat.RFC_822)
        + "\"";
  }
}
