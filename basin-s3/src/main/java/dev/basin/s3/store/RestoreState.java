package dev.basin.s3.store;

import java.time.Instant;

/**
 * The restore state of an archived (GLACIER, DEEP_ARCHIVE) object, the {@code x-amz-restore}
 * header: {@code ongoing-request="true"}, or done with the expiry of the restored copy.
 *
 * @param ongoing whether a restore is in progress
 * @param expiry when the restored copy expires; null while ongoing
 */
public record RestoreState(boolean ongoing, Instant expiry) {}
