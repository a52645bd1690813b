package dev.basin.s3.notification;

import java.util.List;

/**
 * A bucket's validated event notification configuration (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_NotificationConfiguration.html">NotificationConfiguration</a>),
 * as {@link NotificationCodec} reads and writes it.
 *
 * @param targets the topic, queue and Lambda function configurations, in that order, each group in
 *     request order
 * @param eventBridge whether every event also goes to Amazon EventBridge
 */
public record NotificationConfiguration(List<Target> targets, boolean eventBridge) {

  public static final NotificationConfiguration EMPTY =
      new NotificationConfiguration(List.of(), false);

  public NotificationConfiguration {
    targets = List.copyOf(targets);
  }

  /** Where a configuration sends events. */
  public enum DestinationType {
    TOPIC("TopicConfigurations", "TopicArn"),
    QUEUE("QueueConfigurations", "QueueArn"),
    LAMBDA("LambdaFunctionConfigurations", "LambdaFunctionArn");

    final String listMember;
    final String arnMember;

    DestinationType(String listMember, String arnMember) {
      this.listMember = listMember;
      this.arnMember = arnMember;
    }
  }

  /**
   * One destination configuration.
   *
   * @param id its ID (S3 generates one when the request has none)
   * @param events the event types, as sent (e.g. {@code s3:ObjectCreated:*})
   * @param prefix the key prefix filter, or null
   * @param suffix the key suffix filter, or null
   */
  public record Target(
      DestinationType type,
      String id,
      String arn,
      List<String> events,
      String prefix,
      String suffix) {

    public Target {
      events = List.copyOf(events);
    }

    /**
     * Whether this configuration wants {@code eventName} (e.g. {@code ObjectCreated:Put}) for
     * {@code key}.
     */
    public boolean matches(String eventName, String key) {
      if (prefix != null && !key.startsWith(prefix)) {
        return false;
      }
      if (suffix != null && !key.endsWith(suffix)) {
        return false;
      }
      for (String event : events) {
        if (EventNames.covers(event, eventName)) {
          return true;
        }
      }
      return false;
    }
  }
}
