package dev.basin.s3;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.events.EventBus;
import dev.basin.core.gateway.RequestContext;
import dev.basin.s3.notification.EventNames;
import dev.basin.s3.notification.EventSequencer;
import dev.basin.s3.notification.NotificationCodec;
import dev.basin.s3.notification.NotificationConfiguration;
import dev.basin.s3.notification.NotificationMatcher;
import dev.basin.s3.notification.S3EventRecord;
import dev.basin.s3.notification.S3ObjectEvent;
import dev.basin.s3.store.Bucket;
import dev.basin.s3.store.ObjectVersion;
import dev.basin.s3.store.S3Store;
import dev.basin.s3.store.S3Store.DeleteResult;
import dev.basin.s3.store.VersioningState;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns object writes and deletes into S3 event notifications: for each configuration of the bucket
 * that wants the event, one {@link S3ObjectEvent} on the event bus, carrying AWS's event message.
 * Delivery (Lambda, SQS, SNS) is the subscribers' business.
 */
final class S3Notifier {
  private static final String LIFECYCLE_PRINCIPAL = "s3.amazonaws.com";
  private final S3Store store;
  private final EventBus events;
  private final BasinClock clock;
  private final NotificationCodec codec = new NotificationCodec(() -> UUID.randomUUID().toString());
  private final EventSequencer sequencer;

  S3Notifier(S3Store store, EventBus events, BasinClock clock) {
    this.store = store;
    this.events = events;
    this.clock = clock;
    this.sequencer = new EventSequencer(() -> clock.now().toEpochMilli() * 1000);
  }

  void objectCreated(RequestContext context, String eventName, ObjectVersion version) {
    publish(
        context,
        version.bucket(),
        version.key(),
        eventName,
        version.size(),
        version.etag(),
        version.versionId());
  }

  void objectRemoved(RequestContext context, String bucket, String key, DeleteResult result) {
    String eventName =
        result.deleteMarker()
            ? EventNames.OBJECT_REMOVED_DELETE_MARKER_CREATED
            : EventNames.OBJECT_REMOVED_DELETE;
    publish(context, bucket, key, eventName, null, null, result.versionId());
  }

  /**
   * An event of lifecycle ({@code LifecycleTransition}, {@code LifecycleExpiration:*}), which S3
   * itself performs: the principal and source are {@code s3.amazonaws.com}, as in AWS's records.
   */
  void lifecycle(
      String bucket, String key, String eventName, Long size, String etag, String versionId) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
    publish(
        bucket,
        key,
        eventName,
        size,
        etag,
        versionId,
        LIFECYCLE_PRINCIPAL,
        LIFECYCLE_PRINCIPAL,
        requestId);
  }

  private void publish(
      RequestContext context,
      String bucketName,
      String key,
      String eventName,
      Long size,
      String etag,
      String versionId) {
    publish(
        bucketName,
        key,
        eventName,
        size,
        etag,
        versionId,
        principalId(context),
        context.request().remoteAddress(),
        context.requestId());
  }

  private void publish(
      String bucketName,
      String key,
      String eventName,
      Long size,
      String etag,
      String versionId,
      String principalId,
      String sourceIp,
      String requestId) {
    Optional<String> document = store.getConfig(bucketName, S3BucketOperations.NOTIFICATION);
    if (document.isEmpty()) {
      return;
    }
    NotificationConfiguration configuration = codec.parse(S3Support.fromJson(document.get()));
    Bucket bucket = store.bucket(bucketName).orElse(null);
    if (bucket == null) {
      return;
    }
    S3EventRecord record =
        new S3EventRecord(
            bucket.region(),
            clock.now(),
            eventName,
            principalId,
            sourceIp,
            requestId,
            requestId,
            bucketName,
            S3Support.canonicalUserId(bucket.owner()),
            key,
            size,
            etag,
            bucket.versioning() == VersioningState.UNVERSIONED ? null : versionId,
            sequencer.next());
    NotificationMatcher.events(configuration, record).forEach(events::publish);
  }

  /** AWS's {@code userIdentity.principalId}: {@code AWS:<user id>} for IAM principals. */
  private static String principalId(RequestContext context) {
    var caller = context.caller();
    return switch (caller.type()) {
      case ROOT -> caller.accountId();
      case ANONYMOUS -> "ANONYMOUS";
      default -> "AWS:" + caller.userId();
    };
  }
}
