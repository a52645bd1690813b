package dev.basin.cloudtrail;

import java.time.Instant;
import java.util.List;

/**
 * One recorded API call: the CloudTrail record as AWS writes it ({@link #json}) and the fields
 * LookupEvents filters on and trails select by, extracted once when the event is built.
 *
 * @param eventId the record's {@code eventID}
 * @param time the {@code eventTime}, on Basin's clock
 * @param accountId the {@code recipientAccountId}: whose event history holds it
 * @param region the {@code awsRegion}
 * @param eventName the operation
 * @param eventSource e.g. {@code s3.amazonaws.com}
 * @param username LookupEvents' {@code Username}: {@code root}, the user name or the session name
 * @param accessKeyId the access key that signed the call, or null
 * @param readOnly whether the call only reads
 * @param management whether it is a management event ({@code eventCategory} Management); data
 *     events are never in LookupEvents and reach trails only through data-event selectors
 * @param resources the resources LookupEvents reports and filters on
 * @param dataResourceArn for data events, the ARN trail data-event selectors match by prefix (e.g.
 *     {@code arn:aws:s3:::bucket/key}); null otherwise
 * @param json the whole record as a JSON object text
 */
public record CloudTrailEvent(
    String eventId,
    Instant time,
    String accountId,
    String region,
    String eventName,
    String eventSource,
    String username,
    String accessKeyId,
    boolean readOnly,
    boolean management,
    List<Resource> resources,
    String dataResourceArn,
    String json) {

  public CloudTrailEvent {
    resources = List.copyOf(resources);
  }

  /** A resource an event names, as LookupEvents reports it. */
  public record Resource(String type, String name) {}
}
