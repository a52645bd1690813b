package dev.basin.core.model;

/** Where a member of an input or output structure travels on the wire. */
public enum Location {
  /** In the body (JSON, XML, form or CBOR), the default. */
  BODY,
  /** In one HTTP header named by the member's location name. */
  HEADER,
  /** In every header whose name starts with the location name (a map, e.g. x-amz-meta-). */
  HEADERS,
  /** In the query string. */
  QUERY_STRING,
  /** In a label of the request URI template. */
  URI,
  /** The HTTP status code of a response. */
  STATUS_CODE;

  static Location fromModel(String location) {
    if (location == null) {
      return BODY;
    }
    return switch (location) {
      case "header" -> HEADER;
      case "headers" -> HEADERS;
      case "querystring" -> QUERY_STRING;
      case "uri" -> URI;
      case "statusCode" -> STATUS_CODE;
      default -> throw new IllegalArgumentException("unknown member location " + location);
    };
  }
}
