package dev.basin.s3.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A bucket.
 *
 * @param name the globally unique name
 * @param region the LocationConstraint it was created with (e.g. {@code us-east-1})
 * @param owner the owning account id
 * @param created creation time, millisecond precision
 * @param versioning the current versioning state
 */
public record Bucket(
    String name, String region, String owner, Instant created, VersioningState versioning) {

  public Bucket {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(versioning, "versioning");
  }
}
