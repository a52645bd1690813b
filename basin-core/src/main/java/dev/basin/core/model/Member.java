package dev.basin.core.model;

/**
 * A member of a structure, or the element, key or value of a list or map.
 *
 * @param name the member's name in the model (the name the JSON protocols use on the wire)
 * @param target the member's shape
 * @param location where the member travels
 * @param locationName the wire name: header name, query parameter, URI label or XML element name;
 *     null when the model gives none
 * @param queryName the EC2 protocol's explicit parameter name, or null
 * @param flattened XML list or map without a wrapping element
 * @param xmlAttribute the member is an XML attribute of its parent element
 * @param xmlNamespaceUri the member's own XML namespace, or null
 * @param timestampFormat the member's explicit timestamp format, or null for the protocol default
 * @param jsonValue the member is a JSON document carried in a header, base64-encoded
 * @param idempotencyToken the member is an idempotency token the client fills in
 * @param hostLabel the member is a label of the endpoint host prefix
 * @param streamingFlag the model marks the member itself as streaming (botocore's S3 model does so
 *     on the member, newer models on the target shape); read {@link #streaming()}
 */
public record Member(
    String name,
    Shape target,
    Location location,
    String locationName,
    String queryName,
    boolean flattened,
    boolean xmlAttribute,
    String xmlNamespaceUri,
    TimestampFormat timestampFormat,
    boolean jsonValue,
    boolean idempotencyToken,
    boolean hostLabel,
    boolean streamingFlag) {

  /** A blob or string payload that streams as the raw body, marked on the member or its shape. */
  public boolean streaming() {
    return streamingFlag || target.streaming();
  }

  /** The member's wire name: its location name when the model gives one, otherwise its name. */
  public String wireName() {
    return locationName != null ? locationName : name;
  }
}
