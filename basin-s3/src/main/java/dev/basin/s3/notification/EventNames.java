package dev.basin.s3.notification;

import java.util.Set;

/**
 * S3's notification event types (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html">Event
 * notification types</a>). Configurations name them with an {@code s3:} prefix and may end in a
 * {@code *} wildcard; event records name a single type without the prefix ({@code
 * ObjectCreated:Put}).
 */
public final class EventNames {
  static final Set<String> SUPPORTED =
      Set.of(
          "s3:ReducedRedundancyLostObject",
          "s3:ObjectCreated:*",
          "s3:ObjectCreated:Put",
          "s3:ObjectCreated:Post",
          "s3:ObjectCreated:Copy",
          "s3:ObjectCreated:CompleteMultipartUpload",
          "s3:ObjectRemoved:*",
          "s3:ObjectRemoved:Delete",
          "s3:ObjectRemoved:DeleteMarkerCreated",
          "s3:ObjectRestore:*",
          "s3:ObjectRestore:Post",
          "s3:ObjectRestore:Completed",
          "s3:ObjectRestore:Delete",
          "s3:Replication:*",
          "s3:Replication:OperationFailedReplication",
          "s3:Replication:OperationNotTracked",
          "s3:Replication:OperationMissedThreshold",
          "s3:Replication:OperationReplicatedAfterThreshold",
          "s3:LifecycleTransition",
          "s3:IntelligentTiering",
          "s3:ObjectAcl:Put",
          "s3:LifecycleExpiration:*",
          "s3:LifecycleExpiration:Delete",
          "s3:LifecycleExpiration:DeleteMarkerCreated",
          "s3:ObjectTagging:*",
          "s3:ObjectTagging:Put",
          "s3:ObjectTagging:Delete");

  public static final String OBJECT_CREATED_PUT = "ObjectCreated:Put";
  public static final String OBJECT_CREATED_POST = "ObjectCreated:Post";
  public static final String OBJECT_CREATED_COPY = "ObjectCreated:Copy";
  public static final String OBJECT_CREATED_COMPLETE_MULTIPART_UPLOAD =
      "ObjectCreated:CompleteMultipartUpload";
  public static final String OBJECT_REMOVED_DELETE = "ObjectRemoved:Delete";
  public static final String OBJECT_REMOVED_DELETE_MARKER_CREATED =
      "ObjectRemoved:DeleteMarkerCreated";
  public static final String LIFECYCLE_TRANSITION = "LifecycleTransition";
  public static final String LIFECYCLE_EXPIRATION_DELETE = "LifecycleExpiration:Delete";
  public static final String LIFECYCLE_EXPIRATION_DELETE_MARKER_CREATED =
      "LifecycleExpiration:DeleteMarkerCreated";
  public static final String OBJECT_TAGGING_PUT = "ObjectTagging:Put";
  public static final String OBJECT_TAGGING_DELETE = "ObjectTagging:Delete";
  public static final String OBJECT_ACL_PUT = "ObjectAcl:Put";

  private EventNames() {}

  public static boolean isSupported(String configured) {
    return SUPPORTED.contains(configured);
  }

  /**
   * Whether configured type {@code configured} ({@code s3:...}, maybe a wildcard) includes {@code
   * eventName}.
   */
  static boolean covers(String configured, String eventName) {
    int from = configured.startsWith("s3:") ? 3 : 0;
    if (configured.endsWith("*")) {
      int stem = configured.length() - 1 - from;
      return eventName.length() > stem && eventName.regionMatches(0, configured, from, stem);
    }
    return configured.length() - from == eventName.length()
        && eventName.regionMatches(0, configured, from, eventName.length());
  }

  /** Whether two configured types can both include some event. */
  static boolean overlap(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    return (a.endsWith("*") && b.startsWith(a.substring(0, a.length() - 1)))
        || (b.endsWith("*") && a.startsWith(b.substring(0, b.length() - 1)));
  }

  /**
   * The {@code eventVersion} of a record of {@code eventName}: 2.2 for replication events, 2.3 for
   * lifecycle, Intelligent-Tiering, ACL and tagging events, 2.1 otherwise.
   */
  static String version(String eventName) {
    if (eventName.startsWith("Replication:")) {
      return "2.2";
    }
    if (eventName.startsWith("Lifecycle")
        || eventName.startsWith("IntelligentTiering")
        || eventName.startsWith("ObjectAcl:")
        || eventName.startsWith("ObjectTagging:")) {
      return "2.3";
    }
    return "2.1";
  }
}
