package dev.basin.core.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error that AWS would answer with: its code, HTTP status and fault side. Handlers throw it; the
 * gateway encodes it once, in the shape of the service's protocol.
 *
 * <p>{@code fields} carries the extra members some errors have (S3's {@code BucketName}, {@code
 * Key}, DynamoDB's {@code CancellationReasons}); codecs put them beside code and message.
 */
public class AwsException extends RuntimeException {
  private final String code;
  private final int status;
  private final boolean senderFault;
  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Headers headers = new Headers();

  public AwsException(String code, int status, String message) {
    this(code, status, status < 500, message);
  }

  public AwsException(String code, int status, boolean senderFault, String message) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.senderFault = senderFault;
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** True when the client is at fault ({@code Sender}), false for {@code Receiver}. */
  public boolean senderFault() {
    return senderFault;
  }

  /** Extra error members, in order; values are strings, numbers, or Jackson nodes. */
  public Map<String, Object> fields() {
    return fields;
  }

  /** Headers the error response carries besides the common ones. */
  public Headers headers() {
    return headers;
  }

  public AwsException with(String field, Object value) {
    fields.put(field, value);
    return this;
  }

  public AwsException withHeader(String name, String value) {
    headers.set(name, value);
    return this;
  }

  @Override
  public String toString() {
    return code + " (" + status + "): " + getMessage();
  }
}
