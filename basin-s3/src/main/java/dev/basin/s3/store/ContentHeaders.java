package dev.basin.s3.store;

/**
 * The representation headers stored with an object and returned by GET and HEAD, each as sent (null
 * when absent). {@code expires} is kept as the header text: S3 returns it verbatim.
 */
public record ContentHeaders(
    String contentType,
    String contentEncoding,
    String contentDisposition,
    String contentLanguage,
    String cacheControl,
    String expires) {

  /** No header. */
  public static final ContentHeaders NONE = new ContentHeaders(null, null, null, null, null, null);

  /** Only a Content-Type. */
  public static ContentHeaders ofType(String contentType) {
    return new ContentHeaders(contentType, null, null, null, null, null);
  }
}
