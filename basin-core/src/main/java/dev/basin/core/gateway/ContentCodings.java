package dev.basin.core.gateway;

import dev.basin.core.model.Protocol;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * HTTP content codings of request and response bodies: undoing a request's {@code Content-Encoding}
 * and choosing a response coding from {@code Accept-Encoding}, the way AWS's front end for JSON
 * services (DynamoDB) does.
 */
public final class ContentCodings {
  /** The most a compressed request may inflate to. */
  static final int MAX_DECOMPRESSED_BODY = 64 * 1024 * 1024;

  private ContentCodings() {}

  /**
   * The response with a bytes body of at least {@code threshold} bytes compressed in the coding the
   * request's first {@code Accept-Encoding} header prefers (DynamoDB reads only the first), with
   * {@code Content-Encoding} set; otherwise (smaller, not accepted, a file or stream body) the
   * response itself.
   */
  public static WireResponse compress(WireRequest request, WireResponse response, int threshold) {
    if (!(response.body() instanceof ResponseBody.Bytes bytes)
        || bytes.bytes().length < threshold) {
      return response;
    }
    String accept = request.header("Accept-Encoding");
    Coding coding = accept == null ? null : negotiate(accept);
    if (coding == null) {
      return response;
    }
    response.headers().set("Content-Encoding", coding.token);
    return new WireResponse(
        response.status(),
        response.headers(),
        new ResponseBody.Bytes(coding.encode(bytes.bytes())));
  }

  /** A coding Basin can apply to a response body. */
  enum Coding {
    GZIP("gzip"),
    DEFLATE("deflate");

    final String token;

    Coding(String token) {
      this.token = token;
    }

    /** The body compressed at the default level (6). */
    byte[] encode(byte[] body) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
      try (OutputStream compressor =
          this == GZIP ? new GZIPOutputStream(out, 8192) : new DeflaterOutputStream(out)) {
        compressor.write(body);
      } catch (IOException e) {
        throw new IllegalStateException("in-memory compression failed", e);
      }
      return out.toByteArray();
    }
  }

  /**
   * The request with its body decoded per {@code Content-Encoding}. For the JSON protocols (AWS's
   * Coral front end, DynamoDB) {@code gzip} (also several concatenated members) and {@code deflate}
   * (zlib) are undone and any other coding, or a body that does not decode, is answered {@code 500
   * InternalServerError} as DynamoDB does. The other protocols (the query protocol's CloudWatch
   * PutMetricData) undo {@code gzip} only and answer an undecodable body 400. S3 never comes here:
   * there the coding is the object's metadata.
   */
  static WireRequest decodeRequest(WireRequest request, Protocol protocol) {
    String encoding = request.header("Content-Encoding");
    if (encoding == null) {
      return request;
    }
    if (protocol != Protocol.JSON) {
      if (!encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
        return request;
      }
      try {
        return inflated(request, new GZIPInputStream(request.body().stream()));
      } catch (IOException e) {
        throw new AwsException(
            "SerializationException", 400, "the gzip body cannot be read: " + e.getMessage());
      }
    }
    String coding = encoding.trim();
    try {
      if (coding.equalsIgnoreCase("gzip")) {
        return inflated(request, new GZIPInputStream(request.body().stream()));
      }
      if (coding.equalsIgnoreCase("deflate")) {
        return inflated(request, new InflaterInputStream(request.body().stream()));
      }
    } catch (IOException e) {
      throw new AwsException(
          "InternalServerError",
          500,
          false,
          "The request body cannot be decoded as "
              + coding
              + ": "
              + (e.getMessage() != null ? e.getMessage() : "it ends too early"));
    }
    if (coding.isEmpty() || coding.equalsIgnoreCase("identity")) {
      return request;
    }
    throw new AwsException(
        "InternalServerError", 500, false, "Unsupported Content-Encoding: " + coding);
  }

  private static WireRequest inflated(WireRequest request, InputStream decoder) throws IOException {
    try (decoder) {
      byte[] body = decoder.readNBytes(MAX_DECOMPRESSED_BODY + 1);
      if (body.length > MAX_DECOMPRESSED_BODY) {
        throw new AwsException(
            "RequestEntityTooLarge", 413, "the decompressed body exceeds 64 MiB");
      }
      return request.withBody(RequestBody.of(body));
    }
  }

  /**
   * The coding to answer with for this {@code Accept-Encoding} value, or null for none, following
   * what DynamoDB does with the header (RFC 9110 with its quirks): entries are separated by commas
   * and trimmed; an entry's coding is what precedes its first {@code ;}, case-insensitive; its
   * weight is the value after the first {@code q=} among its parameters, trimmed, 1 when that is
   * not a number, and clamped to [0, 1]; a coding listed several times takes its highest weight.
   * {@code *} gives its weight to gzip and deflate when they are not listed; {@code identity} and
   * unknown codings are ignored. The highest positive weight wins; on a tie a listed coding beats
   * one taken from {@code *}, then the one listed first, then gzip.
   */
  static Coding negotiate(String acceptEncoding) {
    double[] weight = {-1, -1};
    int[] position = {Integer.MAX_VALUE, Integer.MAX_VALUE};
    double wildcard = -1;
    int length = acceptEncoding.length();
    int start = 0;
    int index = 0;
    while (start <= length) {
      int end = acceptEncoding.indexOf(',', start);
      if (end < 0) {
        end = length;
      }
      int semicolon = acceptEncoding.indexOf(';', start);
      int codingEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
      String coding = acceptEncoding.substring(start, codingEnd).trim();
      if (!coding.isEmpty()) {
        double q = codingEnd < end ? weight(acceptEncoding.substring(codingEnd + 1, end)) : 1;
        if (coding.equals("*")) {
          wildcard = Math.max(wildcard, q);
        } else {
          Coding known =
              coding.equalsIgnoreCase("gzip")
                  ? Coding.GZIP
                  : coding.equalsIgnoreCase("deflate") ? Coding.DEFLATE : null;
          if (known != null) {
            int k = known.ordinal();
            weight[k] = Math.max(weight[k], q);
            position[k] = Math.min(position[k], index);
          }
        }
        index++;
      }
      start = end + 1;
    }
    Coding best = null;
    double bestWeight = 0;
    boolean bestListed = false;
    int bestPosition = Integer.MAX_VALUE;
    for (Coding coding : Coding.values()) {
      int k = coding.ordinal();
      boolean listed = weight[k] >= 0;
      double q = listed ? weight[k] : wildcard;
      if (q <= 0) {
        continue;
      }
      boolean better =
          best == null
              || q > bestWeight
              || (q == bestWeight && listed && !bestListed)
              || (q == bestWeight && listed == bestListed && position[k] < bestPosition);
      if (better) {
        best = coding;
        bestWeight = q;
        bestListed = listed;
        bestPosition = position[k];
      }
    }
    return best;
  }

  /** The weight given by an entry's parameters (the text after its first {@code ;}). */
  private static double weight(String parameters) {
    int at = parameters.indexOf("q=");
    if (at < 0) {
      return 1;
    }
    int end = parameters.indexOf(';', at);
    String value = parameters.substring(at + 2, end < 0 ? parameters.length() : end).trim();
    if (value.isEmpty()) {
      return 1;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < '0' || c > '9') && c != '.' && c != '-' && c != '+') {
        return 1;
      }
    }
    try {
      double q = Double.parseDouble(value);
      return Double.isNaN(q) ? 1 : Math.min(1, Math.max(0, q));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
