package dev.basin.core.protocol.query;

import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.WireRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Reads the parameters of a query or EC2 request, from its query string and its form-encoded body
 * (both, merged), into a {@link FormNode} tree split at the dots of the parameter names: {@code
 * Tags.member.1.Key=k} becomes the path {@code Tags → member → 1 → Key}.
 *
 * <p>The body is read only when it is form-encoded (or has no content type at all, as some older
 * clients send). A parameter given twice keeps its first value.
 */
final class FormDecoder {
  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  private FormDecoder() {}

  /** The parameter tree of {@code request}. */
  static FormNode parse(WireRequest request) {
    FormNode root = new FormNode();
    for (Map.Entry<String, List<String>> parameter : request.queryParameters().entrySet()) {
      if (!parameter.getValue().isEmpty()) {
        root.put(parameter.getKey(), parameter.getValue().get(0));
      }
    }
    byte[] body = formBody(request);
    if (body != null) {
      parseForm(body, root);
    }
    return root;
  }

  /**
   * The first value of the top-level parameter {@code name} (which must need no percent-encoding,
   * like {@code Action} and {@code Version}), looked up without building the tree.
   */
  static String parameter(WireRequest request, String name) {
    String value = request.queryParameter(name);
    if (value != null) {
      return value;
    }
    byte[] body = formBody(request);
    return body == null ? null : find(body, name);
  }

  private static byte[] formBody(WireRequest request) {
    RequestBody body = request.body();
    if (body == null || body.contentLength() == 0) {
      return null;
    }
    String contentType = request.header("Content-Type");
    if (contentType != null
        && !contentType.regionMatches(true, 0, FORM_TYPE, 0, FORM_TYPE.length())) {
      return null;
    }
    byte[] bytes = body.buffered();
    return bytes != null ? bytes : body.readAllBytes();
  }

  private static void parseForm(byte[] body, FormNode root) {
    int start = 0;
    int length = body.length;
    while (start < length) {
      int end = start;
      int equals = -1;
      while (end < length && body[end] != '&') {
        if (equals < 0 && body[end] == '=') {
          equals = end;
        }
        end++;
      }
      if (end > start) {
        String name = decode(body, start, equals < 0 ? end : equals);
        String value = equals < 0 ? "" : decode(body, equals + 1, end);
        root.put(name, value);
      }
      start = end + 1;
    }
  }

  private static String find(byte[] body, String name) {
    int length = body.length;
    int nameLength = name.length();
    int start = 0;
    while (start < length) {
      int end = start;
      while (end < length && body[end] != '&') {
        end++;
      }
      if (end - start > nameLength
          && body[start + nameLength] == '='
          && startsWith(body, start, name)) {
        return decode(body, start + nameLength + 1, end);
      }
      if (end - start == nameLength && startsWith(body, start, name)) {
        return "";
      }
      start = end + 1;
    }
    return null;
  }

  private static boolean startsWith(byte[] body, int offset, String name) {
    for (int i = 0; i < name.length(); i++) {
      if (body[offset + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Decodes {@code %XY} (UTF-8) and {@code +} in {@code body[from, to)}. */
  static String decode(byte[] body, int from, int to) {
    int i = from;
    while (i < to && body[i] != '%' && body[i] != '+') {
      i++;
    }
    if (i == to) {
      return new String(body, from, to - from, StandardCharsets.UTF_8);
    }
    byte[] out = new byte[to - from];
    int length = i - from;
    System.arraycopy(body, from, out, 0, length);
    for (; i < to; i++) {
      byte b = body[i];
      if (b == '+') {
        out[length++] = ' ';
      } else if (b == '%' && i + 2 < to) {
        int high = Character.digit(body[i + 1], 16);
        int low = Character.digit(body[i + 2], 16);
        if (high >= 0 && low >= 0) {
          out[length++] = (byte) ((high << 4) | low);
          i += 2;
        } else {
          out[length++] = b;
        }
      } else {
        out[length++] = b;
      }
    }
    return new String(out, 0, length, StandardCharsets.UTF_8);
  }
}
