package dev.basin.s3.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.events.BasinEvent;
import dev.basin.s3.notification.NotificationConfiguration.DestinationType;

/**
 * An S3 event notification on its way to one destination, published on the event bus for the
 * service that owns the destination (Lambda, SQS, SNS, EventBridge).
 *
 * @param destinationType the kind of destination, or null for EventBridge
 * @param targetArn the destination's ARN, or null for EventBridge
 * @param message the event message, {@code {"Records": [...]}}; never modified after construction
 *     (several subscribers read it on their own threads), so a consumer that needs to change it
 *     copies it first
 */
public record S3ObjectEvent(
    String bucket,
    String key,
    String eventName,
    String configurationId,
    DestinationType destinationType,
    String targetArn,
    ObjectNode message)
    implements BasinEvent {

  /** Whether the event goes to EventBridge rather than a configured destination. */
  public boolean toEventBridge() {
    return destinationType == null;
  }
}
