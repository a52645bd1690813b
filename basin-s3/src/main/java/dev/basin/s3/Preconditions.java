package dev.basin.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Timestamps;
import java.time.Instant;

/**
 * S3's conditional requests: {@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since} and
 * {@code If-Unmodified-Since} on reads, their {@code x-amz-copy-source-if-*} forms on CopyObject,
 * and conditional writes ({@code If-None-Match: *} / {@code If-Match} on PutObject and
 * CompleteMultipartUpload).
 *
 * <p>Reads follow RFC 9110 section 13.2.2, which is also what <a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html">GetObject</a>
 * documents: {@code If-Match} decides before {@code If-Unmodified-Since} (a matching ETag serves
 * the object even if it was modified since), and {@code If-None-Match} before {@code
 * If-Modified-Since} (a matching ETag answers 304 even if the object was modified since). Dates
 * compare at one-second resolution, the resolution of {@code Last-Modified}.
 */
public final class Preconditions {

  private Preconditions() {}

  /**
   * The conditions of one request; any may be null (absent). ETag lists are kept as sent (quoted or
   * not, comma separated, {@code *}).
   */
  public record Conditions(
      String ifMatch, String ifNoneMatch, Instant ifModifiedSince, Instant ifUnmodifiedSince) {

    public static final Conditions NONE = new Conditions(null, null, null, null);

    /** GetObject's / HeadObject's conditions from its value-form input. */
    public static Conditions ofRead(JsonNode input) {
      return of(input, "IfMatch", "IfNoneMatch", "IfModifiedSince", "IfUnmodifiedSince");
    }

    /** CopyObject's / UploadPartCopy's conditions on the source, from the value-form input. */
    public static Conditions ofCopySource(JsonNode input) {
      return of(
          input,
          "CopySourceIfMatch",
          "CopySourceIfNoneMatch",
          "CopySourceIfModifiedSince",
          "CopySourceIfUnmodifiedSince");
    }

    private static Conditions of(
        JsonNode input, String match, String noneMatch, String modified, String unmodified) {
      return new Conditions(
          text(input, match),
          text(input, noneMatch),
          time(input, modified),
          time(input, unmodified));
    }

    public boolean isEmpty() {
      return ifMatch == null
          && ifNoneMatch == null
          && ifModifiedSince == null
          && ifUnmodifiedSince == null;
    }
  }

  /**
   * Evaluates a GET's or HEAD's conditions against the object found.
   *
   * @throws AwsException {@code PreconditionFailed} (412, with the failing header as {@code
   *     Condition}) or {@code NotModified} (304)
   */
  public static void checkRead(Conditions conditions, String etag, Instant lastModified) {
    Failure failure = evaluate(conditions, etag, lastModified);
    switch (failure) {
      case NONE -> {}
      case IF_MATCH -> throw S3Errors.preconditionFailed("If-Match");
      case IF_UNMODIFIED_SINCE -> throw S3Errors.preconditionFailed("If-Unmodified-Since");
      case IF_NONE_MATCH, IF_MODIFIED_SINCE -> throw S3Errors.notModified();
    }
  }

  /**
   * Evaluates CopyObject's {@code x-amz-copy-source-if-*} conditions against the source object.
   * Unlike reads, every failure is a 412 (<a
   * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html">CopyObject</a>).
   *
   * @throws AwsException {@code PreconditionFailed} (412)
   */
  public static void checkCopySource(Conditions conditions, String etag, Instant lastModified) {
    Failure failure = evaluate(conditions, etag, lastModified);
    String header =
        switch (failure) {
          case NONE -> null;
          case IF_MATCH -> "x-amz-copy-source-If-Match";
          case IF_UNMODIFIED_SINCE -> "x-amz-copy-source-If-Unmodified-Since";
          case IF_NONE_MATCH -> "x-amz-copy-source-If-None-Match";
          case IF_MODIFIED_SINCE -> "x-amz-copy-source-If-Modified-Since";
        };
    if (header != null) {
      throw S3Errors.preconditionFailed(header);
    }
  }

  /**
   * Evaluates a conditional write (PutObject, CompleteMultipartUpload) against the key's current
   * version, {@code currentEtag} null when the key has none (or its current version is a delete
   * marker).
   *
   * <p>{@code If-None-Match} accepts only {@code *}: the write succeeds only if the key does not
   * exist. {@code If-Match} succeeds only if the current ETag matches; on a missing key it is
   * {@code NoSuchKey}.
   *
   * @throws AwsException {@code PreconditionFailed} (412), {@code NoSuchKey} (404), or {@code
   *     NotImplemented} (501) for an {@code If-None-Match} other than {@code *}
   */
  public static void checkWrite(
      String ifMatch, String ifNoneMatch, String key, String currentEtag) {
    if (ifNoneMatch != null && !ifNoneMatch.trim().equals("*")) {
      throw S3Errors.notImplemented("If-None-Match");
    }
    if (ifMatch != null) {
      if (currentEtag == null) {
        throw S3Errors.noSuchKey(key);
      }
      if (!matches(ifMatch, currentEtag, false)) {
        throw S3Errors.preconditionFailed("If-Match");
      }
    }
    if (ifNoneMatch != null && currentEtag != null) {
      throw S3Errors.preconditionFailed("If-None-Match");
    }
  }

  private enum Failure {
    NONE,
    IF_MATCH,
    IF_UNMODIFIED_SINCE,
    IF_NONE_MATCH,
    IF_MODIFIED_SINCE
  }

  private static Failure evaluate(Conditions c, String etag, Instant lastModified) {
    long modifiedSecond = lastModified.getEpochSecond();
    if (c.ifMatch() != null) {
      if (!matches(c.ifMatch(), etag, false)) {
        return Failure.IF_MATCH;
      }
    } else if (c.ifUnmodifiedSince() != null
        && modifiedSecond > c.ifUnmodifiedSince().getEpochSecond()) {
      return Failure.IF_UNMODIFIED_SINCE;
    }
    if (c.ifNoneMatch() != null) {
      if (matches(c.ifNoneMatch(), etag, true)) {
        return Failure.IF_NONE_MATCH;
      }
    } else if (c.ifModifiedSince() != null
        && modifiedSecond <= c.ifModifiedSince().getEpochSecond()) {
      return Failure.IF_MODIFIED_SINCE;
    }
    return Failure.NONE;
  }

  /**
   * Whether the comma-separated entity tags in {@code header} (or {@code *}) include {@code etag}.
   * Quotes are optional on both sides; a weak tag ({@code W/"..."}) matches only when {@code weak}
   * comparison is allowed (If-None-Match), as RFC 9110 section 8.8.3.2 prescribes.
   */
  static boolean matches(String header, String etag, boolean weak) {
    String wanted = unquote(etag);
    int start = 0;
    int length = header.length();
    while (start <= length) {
      int comma = header.indexOf(',', start);
      int end = comma < 0 ? length : comma;
      String tag = header.substring(start, end).trim();
      if (tag.equals("*")) {
        return true;
      }
      boolean isWeak = tag.startsWith("W/");
      if (isWeak) {
        tag = tag.substring(2);
      }
      if ((weak || !isWeak) && unquote(tag).equals(wanted)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  private static String unquote(String tag) {
    String t = tag.trim();
    if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static String text(JsonNode input, String member) {
    JsonNode node = input == null ? null : input.get(member);
    return node == null || node.isNull() ? null : node.asText();
  }

  private static Instant time(JsonNode input, String member) {
    JsonNode node = input == null ? null : input.get(member);
    return node == null || node.isNull() ? null : Timestamps.instant(node);
  }
}
