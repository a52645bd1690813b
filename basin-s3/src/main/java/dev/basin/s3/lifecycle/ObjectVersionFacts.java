package dev.basin.s3.lifecycle;

import java.time.Instant;
import java.util.Map;

/**
 * What lifecycle evaluation needs to know about one object version.
 *
 * @param key the object's key
 * @param size its size in bytes (0 for a delete marker)
 * @param tags its tags (empty for a delete marker)
 * @param storageClass its storage class ({@code STANDARD}, {@code GLACIER}, ...)
 * @param createdAt when this version was created (for a delete marker, when it was placed)
 * @param current whether it is the key's current version
 * @param deleteMarker whether it is a delete marker
 * @param noncurrentSince for a noncurrent version, when its successor was created; else null
 * @param newerNoncurrentVersions how many noncurrent versions of the key are newer than this one
 * @param onlyVersion whether it is the key's only version (a current delete marker with no
 *     noncurrent versions is an "expired object delete marker")
 * @param versioned whether the bucket's versioning is enabled or suspended (then expiring a current
 *     version places a delete marker instead of deleting it)
 */
public record ObjectVersionFacts(
    String key,
    long size,
    Map<String, String> tags,
    String storageClass,
    Instant createdAt,
    boolean current,
    boolean deleteMarker,
    Instant noncurrentSince,
    int newerNoncurrentVersions,
    boolean onlyVersion,
    boolean versioned) {

  public ObjectVersionFacts {
    tags = tags == null ? Map.of() : tags;
    if (!current && noncurrentSince == null) {
      throw new IllegalArgumentException("a noncurrent version needs noncurrentSince");
    }
  }
}
