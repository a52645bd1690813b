package dev.basin.core.protocol;

import java.util.List;
import java.util.Map;

/**
 * An HTTP request as the gateway received it, independent of the HTTP server.
 *
 * @param method upper-case HTTP method
 * @param rawPath the path exactly as sent, still percent-encoded
 * @param rawQuery the query string exactly as sent, without {@code ?}, or empty
 * @param queryParameters the decoded query parameters in order; a parameter without {@code =} has
 *     the empty string as value
 * @param headers the request headers
 * @param body the body
 * @param remoteAddress the client's IP address
 */
public record WireRequest(
    String method,
    String rawPath,
    String rawQuery,
    Map<String, List<String>> queryParameters,
    Headers headers,
    RequestBody body,
    String remoteAddress) {

  public static WireRequest of(
      String method, String rawUri, Headers headers, RequestBody body, String remoteAddress) {
    int question = rawUri.indexOf('?');
    String rawPath = question < 0 ? rawUri : rawUri.substring(0, question);
    String rawQuery = question < 0 ? "" : rawUri.substring(question + 1);
    return new WireRequest(
        method, rawPath, rawQuery, UrlEncoding.parseQuery(rawQuery), headers, body, remoteAddress);
  }

  /** The decoded path. */
  public String path() {
    return UrlEncoding.decode(rawPath, false);
  }

  /** The first value of query parameter {@code name}, or null. */
  public String queryParameter(String name) {
    List<String> values = queryParameters.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  public String header(String name) {
    return headers.get(name);
  }

  /** The same request with another body, e.g. once aws-chunked framing is decoded. */
  public WireRequest withBody(RequestBody newBody) {
    return new WireRequest(
        method, rawPath, rawQuery, queryParameters, headers, newBody, remoteAddress);
  }
}
