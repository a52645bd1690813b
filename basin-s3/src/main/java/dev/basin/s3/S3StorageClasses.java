package dev.basin.s3;

import java.util.Set;

/**
 * S3's storage classes
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-class-intro.html).
 */
final class S3StorageClasses {
  static final Set<String> ALL =
      Set.of(
          "STANDARD",
          "REDUCED_REDUNDANCY",
          "STANDARD_IA",
          "ONEZONE_IA",
          "INTELLIGENT_TIERING",
          "GLACIER",
          "DEEP_ARCHIVE",
          "GLACIER_IR",
          "OUTPOSTS",
          "SNOW",
          "EXPRESS_ONEZONE");

  private S3StorageClasses() {}

  /** Classes whose objects must be restored before they can be read. */
  static boolean isArchived(String storageClass) {
    return "GLACIER".equals(storageClass) || "DEEP_ARCHIVE".equals(storageClass);
  }

  static String validate(String storageClass) {
    if (storageClass == null || storageClass.isEmpty()) {
      return "STANDARD";
    }
    if (!ALL.contains(storageClass)
        || storageClass.equals("OUTPOSTS")
        || storageClass.equals("SNOW")
        || storageClass.equals("EXPRESS_ONEZONE")) {
      throw S3Errors.invalidStorageClass(storageClass);
    }
    return storageClass;
  }
}
