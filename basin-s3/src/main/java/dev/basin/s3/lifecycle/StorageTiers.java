package dev.basin.s3.lifecycle;

/**
 * S3's transition waterfall (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/lifecycle-transition-general-considerations.html">Transitioning
 * objects</a>): lifecycle moves an object only down this order, from STANDARD towards DEEP_ARCHIVE.
 */
final class StorageTiers {
  private StorageTiers() {}

  /** The class's place in the waterfall; higher is colder. Unknown classes rank as STANDARD. */
  static int rank(String storageClass) {
    if (storageClass == null) {
      return 0;
    }
    return switch (storageClass) {
      case "STANDARD_IA" -> 1;
      case "INTELLIGENT_TIERING" -> 2;
      case "ONEZONE_IA" -> 3;
      case "GLACIER_IR" -> 4;
      case "GLACIER" -> 5;
      case "DEEP_ARCHIVE" -> 6;
      default -> 0; // STANDARD, REDUCED_REDUNDANCY
    };
  }
}
