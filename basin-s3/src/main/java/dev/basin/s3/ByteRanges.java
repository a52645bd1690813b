package dev.basin.s3;

import dev.basin.core.protocol.AwsException;

/**
 * The part of an object a GET or HEAD asks for: the {@code Range} header or the {@code partNumber}
 * query parameter, resolved against the object as S3 resolves them.
 *
 * <p>S3 serves one range per request (<a
 * href="https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html">GetObject</a>: "Amazon
 * S3 doesn't support retrieving multiple ranges of data per GET request"). A header it cannot use —
 * several ranges, another unit, bad syntax, a last byte before the first — is ignored and the whole
 * object is served with 200, as RFC 9110 prescribes for an invalid {@code Range}. A well-formed
 * range that selects no byte of the object is answered with {@code InvalidRange} (416).
 */
public final class ByteRanges {
  private static final String UNIT = "bytes=";

  private ByteRanges() {}

  /**
   * A satisfiable range: {@code length} bytes from {@code offset} of an object of {@code
   * objectSize} bytes. Served with 206 and {@link #contentRange()}.
   */
  public record ByteRange(long offset, long length, long objectSize) {
    public ByteRange {
      if (offset < 0 || length < 1 || offset + length > objectSize) {
        throw new IllegalArgumentException(
            "range " + offset + "+" + length + " outside an object of " + objectSize);
      }
    }

    /** The last byte's offset, inclusive. */
    public long last() {
      return offset + length - 1;
    }

    /** The {@code Content-Range} header value, e.g. {@code bytes 0-9/100}. */
    public String contentRange() {
      return "bytes " + offset + "-" + last() + "/" + objectSize;
    }
  }

  /**
   * Resolves a {@code Range} header against an object of {@code objectSize} bytes.
   *
   * @return the range to serve, or null to serve the whole object (no header, or one S3 ignores)
   * @throws AwsException {@code InvalidRange} (416) when the range selects no byte of the object
   */
  public static ByteRange parse(String header, long objectSize) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, UNIT, 0, UNIT.length()) || value.indexOf(',') >= 0) {
      return null;
    }
    int dash = value.indexOf('-', UNIT.length());
    if (dash < 0) {
      return null;
    }
    long first = digits(value, UNIT.length(), dash);
    long last = digits(value, dash + 1, value.length());
    if (first == MALFORMED || last == MALFORMED) {
      return null;
    }
    if (first == ABSENT) {
      if (last == ABSENT) {
        return null;
      }
      // suffix range: the final `last` bytes
      if (last == 0 || objectSize == 0) {
        throw S3Errors.invalidRange(header, objectSize);
      }
      long length = Math.min(last, objectSize);
      return new ByteRange(objectSize - length, length, objectSize);
    }
    if (last != ABSENT && last < first) {
      return null;
    }
    if (first >= objectSize) {
      throw S3Errors.invalidRange(header, objectSize);
    }
    long end = last == ABSENT ? objectSize - 1 : Math.min(last, objectSize - 1);
    return new ByteRange(first, end - first + 1, objectSize);
  }

  /**
   * The bytes of part {@code partNumber} (1-based) of an object made of parts of the given sizes;
   * an object not uploaded in parts is one part. S3 answers a {@code partNumber} GET with 206 and
   * this range, and {@code x-amz-mp-parts-count}.
   *
   * @throws AwsException {@code InvalidArgument} for a part number outside 1..10000, {@code
   *     InvalidPartNumber} (416) for one past the object's last part
   */
  public static ByteRange forPart(int partNumber, long[] partSizes) {
    if (partNumber < 1 || partNumber > 10_000) {
      throw S3Errors.invalidArgument(
          "Part number must be an integer between 1 and 10000, inclusive",
          "partNumber",
          Integer.toString(partNumber));
    }
    if (partNumber > partSizes.length) {
      throw S3Errors.invalidPartNumber(partNumber, partSizes.length);
    }
    long offset = 0;
    long total = 0;
    for (int i = 0; i < partSizes.length; i++) {
      if (i < partNumber - 1) {
        offset += partSizes[i];
      }
      total += partSizes[i];
    }
    long length = partSizes[partNumber - 1];
    if (length == 0) {
      // An empty object (its one part is empty) has no bytes to range over.
      throw S3Errors.invalidPartNumber(partNumber, partSizes.length);
    }
    return new ByteRange(offset, length, total);
  }

  /**
   * S3 refuses a request with both a {@code Range} header and a {@code partNumber}.
   *
   * @throws AwsException {@code InvalidRequest} when both are given
   */
  public static void requireNotBoth(String rangeHeader, String partNumber) {
    if (rangeHeader != null && partNumber != null) {
      throw S3Errors.invalidRequest(
          "Cannot specify both Range header and partNumber query parameter");
    }
  }

  private static final long ABSENT = -1;
  private static final long MALFORMED = -2;

  /** The decimal number in {@code s[from, to)} (blanks around it allowed), ABSENT or MALFORMED. */
  private static long digits(String s, int from, int to) {
    while (from < to && s.charAt(from) == ' ') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == ' ') {
      to--;
    }
    if (from == to) {
      return ABSENT;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return MALFORMED;
      }
      // saturate: any number this large lies past every object's end
      n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
    }
    return n;
  }
}
