package dev.basin.iam;

import java.util.Optional;

/**
 * Reads an S3 bucket's policy text for the authorizer; S3's store backs it (BasinServer wires it),
 * so that basin-iam does not depend on basin-s3.
 */
@FunctionalInterface
public interface BucketPolicySource {

  /** The bucket's policy document, or empty when it has none or does not exist. */
  Optional<String> policy(String bucket);

  BucketPolicySource NONE = bucket -> Optional.empty();
}
