package dev.basin.s3.notification;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.Timestamps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The facts of one S3 event, and the event message S3 sends for them (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html">Event
 * message structure</a>).
 *
 * @param region the bucket's Region ({@code awsRegion})
 * @param eventTime when the request completed
 * @param eventName e.g. {@code ObjectCreated:Put}, without {@code s3:}
 * @param principalId who made the request ({@code userIdentity.principalId})
 * @param sourceIp the requester's IP address
 * @param requestId the request's {@code x-amz-request-id}
 * @param hostId the request's {@code x-amz-id-2}
 * @param bucket the bucket's name
 * @param bucketOwnerPrincipalId the bucket owner's ID
 * @param key the object key, not encoded
 * @param size the object's size, or null (removal events carry none)
 * @param etag the object's ETag, quoted or not, or null
 * @param versionId the version ID, or null when the bucket is not versioned
 * @param sequencer from {@link EventSequencer}
 */
public record S3EventRecord(
    String region,
    Instant eventTime,
    String eventName,
    String principalId,
    String sourceIp,
    String requestId,
    String hostId,
    String bucket,
    String bucketOwnerPrincipalId,
    String key,
    Long size,
    String etag,
    String versionId,
    String sequencer) {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * The whole message, {@code {"Records": [record]}}, for the configuration {@code
   * configurationId}. A new node each call: the caller owns it.
   */
  public ObjectNode toMessage(String configurationId) {
    ObjectNode message = NODES.objectNode();
    message.putArray("Records").add(toRecord(configurationId));
    return message;
  }

  /** The one record of the message. */
  public ObjectNode toRecord(String configurationId) {
    ObjectNode r = NODES.objectNode();
    r.put("eventVersion", EventNames.version(eventName));
    r.put("eventSource", "aws:s3");
    r.put("awsRegion", region);
    r.put("eventTime", Timestamps.format(eventTime, TimestampFormat.ISO_8601));
    r.put("eventName", eventName);
    r.putObject("userIdentity").put("principalId", principalId);
    r.putObject("requestParameters").put("sourceIPAddress", sourceIp);
    ObjectNode response = r.putObject("responseElements");
    response.put("x-amz-request-id", requestId);
    response.put("x-amz-id-2", hostId);
    ObjectNode s3 = r.putObject("s3");
    s3.put("s3SchemaVersion", "1.0");
    s3.put("configurationId", configurationId);
    ObjectNode b = s3.putObject("bucket");
    b.put("name", bucket);
    b.putObject("ownerIdentity").put("principalId", bucketOwnerPrincipalId);
    b.put("arn", "arn:aws:s3:::" + bucket);
    ObjectNode o = s3.putObject("object");
    o.put("key", encodeKey(key));
    if (size != null) {
      o.put("size", size);
    }
    if (etag != null) {
      o.put("eTag", unquote(etag));
    }
    if (versionId != null) {
      o.put("versionId", versionId);
    }
    o.put("sequencer", sequencer);
    return r;
  }

  /**
   * The key as S3 writes it in event records: form-URL-encoded (a space is {@code +}), with {@code
   * /} left as is.
   */
  static String encodeKey(String key) {
    String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
    return encoded.indexOf("%2F") < 0 ? encoded : encoded.replace("%2F", "/");
  }

  private static String unquote(String etag) {
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }
}
