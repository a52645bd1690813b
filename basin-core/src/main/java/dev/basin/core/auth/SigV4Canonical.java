package dev.basin.core.auth;

import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.UrlEncoding;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The parts of SigV4 that signer and verifier share: canonical request, string to sign, HMAC and
 * SHA-256 with per-thread instances (creating a {@link Mac} or {@link MessageDigest} costs more
 * than using one).
 */
final class SigV4Canonical {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
  static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(SigV4Canonical::newMac);
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(SigV4Canonical::newSha256);
  private static final ThreadLocal<StringBuilder> BUILDER =
      ThreadLocal.withInitial(() -> new StringBuilder(512));

  /** How the path becomes the canonical URI. */
  enum PathMode {
    /** S3: decoded and encoded once, {@code .}/{@code ..}/{@code //} kept as sent. */
    S3,
    /** Segments normalized, then encoded once (the AWS sig-v4 test suite). */
    NORMALIZE_SINGLE,
    /** Segments normalized, then encoded twice (what AWS SDKs do for every service but S3). */
    NORMALIZE_DOUBLE;

    static PathMode forService(String service) {
      return "s3".equals(service) ? S3 : NORMALIZE_DOUBLE;
    }
  }

  private SigV4Canonical() {}

  /**
   * The canonical request.
   *
   * @param signedHeaders the lower-case names joined by {@code ;}, sorted, as the client sent them
   * @param excludeSignature leave {@code X-Amz-Signature} out of the query (presigned requests)
   */
  static String canonicalRequest(
      String method,
      String rawPath,
      Map<String, List<String>> queryParameters,
      Headers headers,
      String signedHeaders,
      String payloadHash,
      PathMode pathMode,
      boolean excludeSignature) {
    StringBuilder out = BUILDER.get();
    out.setLength(0);
    out.append(method).append('\n');
    appendCanonicalUri(out, rawPath, pathMode);
    out.append('\n');
    appendCanonicalQuery(out, queryParameters, excludeSignature);
    out.append('\n');
    int start = 0;
    int length = signedHeaders.length();
    while (start <= length) {
      int end = signedHeaders.indexOf(';', start);
      if (end < 0) {
        end = length;
      }
      if (end > start) {
        String name = signedHeaders.substring(start, end);
        out.append(name).append(':');
        appendHeaderValues(out, headers.getAll(name));
        out.append('\n');
      }
      start = end + 1;
    }
    out.append('\n').append(signedHeaders).append('\n').append(payloadHash);
    String result = out.toString();
    if (out.capacity() > 16384) {
      BUILDER.remove();
    }
    return result;
  }

  static String stringToSign(String amzDate, String scope, String canonicalRequest) {
    return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
  }

  static String scope(String date, String region, String service) {
    return date + '/' + region + '/' + service + "/aws4_request";
  }

  static void appendCanonicalUri(StringBuilder out, String rawPath, PathMode mode) {
    if (rawPath == null || rawPath.isEmpty()) {
      out.append('/');
      return;
    }
    if (mode == PathMode.S3) {
      if (isPlain(rawPath, true)) {
        out.append(rawPath);
      } else {
        out.append(UrlEncoding.encode(UrlEncoding.decode(rawPath, false), true));
      }
      return;
    }
    List<String> segments = new ArrayList<>();
    int start = 0;
    int length = rawPath.length();
    while (start <= length) {
      int end = rawPath.indexOf('/', start);
      if (end < 0) {
        end = length;
      }
      String segment = rawPath.substring(start, end);
      if (segment.equals("..")) {
        if (!segments.isEmpty()) {
          segments.remove(segments.size() - 1);
        }
      } else if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
      start = end + 1;
    }
    if (segments.isEmpty()) {
      out.append('/');
      return;
    }
    for (String segment : segments) {
      out.append('/');
      if (isPlain(segment, false)) {
        out.append(segment);
      } else {
        String once = UrlEncoding.encode(UrlEncoding.decode(segment, false), false);
        out.append(mode == PathMode.NORMALIZE_DOUBLE ? UrlEncoding.encode(once, false) : once);
      }
    }
    if (rawPath.endsWith("/")) {
      out.append('/');
    }
  }

  private static void appendCanonicalQuery(
      StringBuilder out, Map<String, List<String>> parameters, boolean excludeSignature) {
    if (parameters.isEmpty()) {
      return;
    }
    int count = 0;
    for (List<String> values : parameters.values()) {
      count += values.size();
    }
    String[] pairs = new String[count];
    int index = 0;
    for (Map.Entry<String, List<String>> entry : parameters.entrySet()) {
      if (excludeSignature && entry.getKey().equals("X-Amz-Signature")) {
        continue;
      }
      String name = encodeQuery(entry.getKey());
      for (String value : entry.getValue()) {
        // '\u0000' sorts below every encoded character, so "name=value" pairs sort by name first.
        pairs[index++] = name + '\u0000' + encodeQuery(value);
      }
    }
    Arrays.sort(pairs, 0, index);
    for (int i = 0; i < index; i++) {
      if (i > 0) {
        out.append('&');
      }
      String pair = pairs[i];
      int separator = pair.indexOf('\u0000');
      out.append(pair, 0, separator).append('=').append(pair, separator + 1, pair.length());
    }
  }

  private static String encodeQuery(String text) {
    return isPlain(text, false) ? text : UrlEncoding.encode(text, false);
  }

  /** Trimmed values with inner runs of whitespace collapsed, joined by {@code ,}. */
  private static void appendHeaderValues(StringBuilder out, List<String> values) {
    for (int v = 0; v < values.size(); v++) {
      if (v > 0) {
        out.append(',');
      }
      String value = values.get(v);
      int begin = 0;
      int end = value.length();
      while (begin < end && isSpace(value.charAt(begin))) {
        begin++;
      }
      while (end > begin && isSpace(value.charAt(end - 1))) {
        end--;
      }
      boolean inSpace = false;
      for (int i = begin; i < end; i++) {
        char c = value.charAt(i);
        if (isSpace(c)) {
          if (!inSpace) {
            out.append(' ');
            inSpace = true;
          }
        } else {
          out.append(c);
          inSpace = false;
        }
      }
    }
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** True when {@code text} holds only unreserved characters (and {@code /} if allowed). */
  private static boolean isPlain(String text, boolean slashAllowed) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (slashAllowed && c == '/'))) {
        return false;
      }
    }
    return true;
  }

  static byte[] hmac(byte[] key, String data) {
    return hmac(key, data.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] hmac(byte[] key, byte[] data) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return mac.doFinal(data);
  }

  static MessageDigest sha256() {
    MessageDigest digest = SHA256.get();
    digest.reset();
    return digest;
  }

  static String sha256Hex(String text) {
    return hex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  static String sha256Hex(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  /** Parses lower- or upper-case hex; null when {@code text} is not hex of even length. */
  static byte[] unhex(String text) {
    if (text == null || (text.length() & 1) != 0) {
      return null;
    }
    byte[] out = new byte[text.length() / 2];
    for (int i = 0; i < out.length; i++) {
      int high = Character.digit(text.charAt(2 * i), 16);
      int low = Character.digit(text.charAt(2 * i + 1), 16);
      if (high < 0 || low < 0) {
        return null;
      }
      out[i] = (byte) ((high << 4) | low);
    }
    return out;
  }

  private static Mac newMac() {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
