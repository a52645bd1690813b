package dev.basin.s3.store;

import java.time.Instant;

/**
 * The restore state of an archived (GLACIER, DEEP_ARCHIVE) object, the {@code x-amz-restore}
 * header: {@code ongoing-request="true"}, or done with the expiry of the restored copy.
 *
 * @param ongoing whether a restore is in progress
 * @param expiry when the restored copy expires; null while ongoing
 * @param completesAt when an ongoing restore finishes on Basin's clock, or null
 */
public record RestoreState(boolean ongoing, Instant expiry, Instant completesAt) {

  /** A restore whose completion time is not tracked (done when {@code ongoing} is false). */
  public RestoreState(boolean ongoing, Instant expiry) {
    this(ongoing, expiry, null);
  }
}
