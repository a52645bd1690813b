package dev.basin.core.protocol;

/** An HTTP response as a codec produced it, before the gateway adds the common headers. */
public record WireResponse(int status, Headers headers, ResponseBody body) {

  public static WireResponse of(int status, String contentType, byte[] body) {
    Headers headers = new Headers();
    if (contentType != null) {
      headers.set("Content-Type", contentType);
    }
    return new WireResponse(status, headers, ResponseBody.of(body));
  }
}
