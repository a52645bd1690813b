package dev.basin.s3.store;

/**
 * A bucket's versioning state. A bucket starts {@link #UNVERSIONED}; once versioning has been
 * enabled it can only move between {@link #ENABLED} and {@link #SUSPENDED}.
 */
public enum VersioningState {
  /** Never enabled: every object has only its "null" version. */
  UNVERSIONED,
  /** Each write adds a version with a new id; a plain delete adds a delete marker. */
  ENABLED,
  /**
   * Writes replace the "null" version (keeping other versions); a plain delete replaces the null
   * version with a null delete marker.
   */
  SUSPENDED
}
