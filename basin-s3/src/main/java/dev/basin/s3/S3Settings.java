package dev.basin.s3;

import java.time.Duration;

/**
 * Settings of Basin's S3 that AWS fixes but tests want to move.
 *
 * @param restoreExpedited how long an Expedited restore from GLACIER takes (AWS: 1-5 minutes)
 * @param restoreStandard a Standard restore (AWS: 3-5 hours from GLACIER, 12 from DEEP_ARCHIVE)
 * @param restoreBulk a Bulk restore (AWS: 5-12 hours, 48 from DEEP_ARCHIVE)
 */
public record S3Settings(
    Duration restoreExpedited, Duration restoreStandard, Duration restoreBulk) {

  /** AWS's upper figures for GLACIER Flexible Retrieval. */
  public static S3Settings defaults() {
    return new S3Settings(Duration.ofMinutes(5), Duration.ofHours(5), Duration.ofHours(12));
  }

  /** The time a restore of {@code tier} takes, DEEP_ARCHIVE being slower as at AWS. */
  Duration restoreDuration(String tier, boolean deepArchive) {
    Duration base =
        switch (tier == null ? "Standard" : tier) {
          case "Expedited" -> restoreExpedited;
          case "Bulk" -> restoreBulk;
          default -> restoreStandard;
        };
    return deepArchive ? base.multipliedBy(4) : base;
  }
}
