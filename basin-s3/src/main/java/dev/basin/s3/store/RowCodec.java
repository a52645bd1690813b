package dev.basin.s3.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Text encodings of the composite columns (headers, metadata and tag maps, checksums) and the byte
 * helpers of key ranges. Strings are length-prefixed ({@code <length>:<chars>}, {@code ~} for
 * null), so any character, including separators, round-trips.
 */
final class RowCodec {

  private RowCodec() {}

  static String encodeHeaders(ContentHeaders h) {
    if (h.equals(ContentHeaders.NONE)) {
      return null;
    }
    return encodeList(
        Arrays.asList(
            h.contentType(),
            h.contentEncoding(),
            h.contentDisposition(),
            h.contentLanguage(),
            h.cacheControl(),
            h.expires()));
  }

  static ContentHeaders decodeHeaders(String s) {
    if (s == null) {
      return ContentHeaders.NONE;
    }
    List<String> l = decodeList(s);
    return new ContentHeaders(l.get(0), l.get(1), l.get(2), l.get(3), l.get(4), l.get(5));
  }

  /** Sorted by name, so equal maps encode equally. */
  static String encodeMap(Map<String, String> map) {
    if (map.isEmpty()) {
      return null;
    }
    List<String> l = new ArrayList<>(map.size() * 2);
    new TreeMap<>(map)
        .forEach(
            (k, v) -> {
              l.add(k);
              l.add(v);
            });
    return encodeList(l);
  }

  static Map<String, String> decodeMap(String s) {
    if (s == null) {
      return Map.of();
    }
    List<String> l = decodeList(s);
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < l.size(); i += 2) {
      m.put(l.get(i), l.get(i + 1));
    }
    return Map.copyOf(m);
  }

  static String encodeChecksum(ObjectChecksum c) {
    return c == null ? null : c.algorithm() + ":" + c.type() + ":" + c.value();
  }

  static ObjectChecksum decodeChecksum(String s) {
    if (s == null) {
      return null;
    }
    int a = s.indexOf(':');
    int b = s.indexOf(':', a + 1);
    return new ObjectChecksum(
        ObjectChecksum.Algorithm.valueOf(s.substring(0, a)),
        s.substring(b + 1),
        ObjectChecksum.Type.valueOf(s.substring(a + 1, b)));
  }

  /** Part sizes as 8 big-endian bytes each; null for an object not uploaded in parts. */
  static byte[] encodePartSizes(long[] sizes) {
    if (sizes == null) {
      return null;
    }
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(sizes.length * Long.BYTES);
    for (long size : sizes) {
      buffer.putLong(size);
    }
    return buffer.array();
  }

  static long[] decodePartSizes(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
    long[] sizes = new long[bytes.length / Long.BYTES];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = buffer.getLong();
    }
    return sizes;
  }

  static String encodeList(List<String> values) {
    StringBuilder sb = new StringBuilder();
    for (String v : values) {
      if (v == null) {
        sb.append('~');
      } else {
        sb.append(v.length()).append(':').append(v);
      }
    }
    return sb.toString();
  }

  static List<String> decodeList(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      if (s.charAt(i) == '~') {
        out.add(null);
        i++;
        continue;
      }
      int colon = s.indexOf(':', i);
      int len = Integer.parseInt(s, i, colon, 10);
      out.add(s.substring(colon + 1, colon + 1 + len));
      i = colon + 1 + len;
    }
    return out;
  }

  // ---------------------------------------------------------------- key bytes

  /** A key's UTF-8 bytes: the column value, whose byte order is S3's listing order. */
  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(byte[] utf8) {
    return new String(utf8, StandardCharsets.UTF_8);
  }

  /**
   * The least byte string greater than every string starting with {@code prefix}; for the empty
   * prefix, {@code 0xFF}, a byte no UTF-8 text contains.
   */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return new byte[] {(byte) 0xFF};
  }

  /** The least byte string greater than {@code s}: {@code s} followed by a zero byte. */
  static byte[] after(byte[] s) {
    return Arrays.copyOf(s, s.length + 1);
  }

  /**
   * The common prefix {@code key} rolls up into: {@code key} up to and including the first {@code
   * delimiter} after {@code prefix}; null if none, if no delimiter, or if {@code key} does not
   * start with {@code prefix}.
   */
  static String commonPrefix(String key, String prefix, String delimiter) {
    if (delimiter == null || !key.startsWith(prefix)) {
      return null;
    }
    int i = key.indexOf(delimiter, prefix.length());
    return i < 0 ? null : key.substring(0, i + delimiter.length());
  }
}
