package dev.basin.core.auth;

import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.UrlEncoding;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Signs requests with SigV4, for tests, benchmarks and Basin's own outgoing calls. Signs the {@code
 * host} header and every other header present except those that proxies change ({@code user-agent},
 * {@code x-amzn-trace-id}, {@code expect}, {@code connection}, {@code transfer-encoding}). Thread
 * safe.
 */
public final class SigV4Signer {
  private static final Set<String> UNSIGNED_HEADERS =
      Set.of(
          "authorization",
          "user-agent",
          "x-amzn-trace-id",
          "expect",
          "connection",
          "transfer-encoding");
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final String accessKeyId;
  private final String secretAccessKey;
  private final String sessionToken;
  private final String region;
  private final String service;
  private final SigV4Canonical.PathMode pathMode;

  /** A signer whose path encoding follows the service as AWS SDKs do. */
  public SigV4Signer(
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      String region,
      String service) {
    this(
        accessKeyId,
        secretAccessKey,
        sessionToken,
        region,
        service,
        SigV4Canonical.PathMode.forService(service));
  }

  SigV4Signer(
      String accessKeyId,
      String secretAccessKey,
      String sessionToken,
      String region,
      String service,
      SigV4Canonical.PathMode pathMode) {
    this.accessKeyId = accessKeyId;
    this.secretAccessKey = secretAccessKey;
    this.sessionToken = sessionToken;
    this.region = region;
    this.service = service;
    this.pathMode = pathMode;
  }

  /** The lower-case hex SHA-256 of {@code body}, a payload hash. */
  public static String sha256Hex(byte[] body) {
    return SigV4Canonical.sha256Hex(body);
  }

  /**
   * Signs a request in place: sets {@code X-Amz-Date}, {@code X-Amz-Security-Token} (for temporary
   * credentials), {@code x-amz-content-sha256} when {@code addContentSha256} and {@code
   * Authorization}.
   *
   * @param rawUri the path and query as they will be sent (percent-encoded)
   * @param headers the headers to send; must contain {@code Host}
   * @param payloadHash the hex SHA-256 of the body, or {@code UNSIGNED-PAYLOAD} or a {@code
   *     STREAMING-*} value
   * @return the signature (the seed signature of an aws-chunked body)
   */
  public String sign(
      String method,
      String rawUri,
      Headers headers,
      String payloadHash,
      boolean addContentSha256,
      Instant time) {
    if (!headers.contains("Host")) {
      throw new IllegalArgumentException("The Host header is required to sign a request.");
    }
    String amzDate = AMZ_DATE.format(time);
    headers.remove("Authorization");
    headers.set("X-Amz-Date", amzDate);
    if (sessionToken != null) {
      headers.set("X-Amz-Security-Token", sessionToken);
    }
    if (addContentSha256) {
      headers.set("x-amz-content-sha256", payloadHash);
    }
    List<String> names = new ArrayList<>();
    for (String name : headers.names()) {
      if (!UNSIGNED_HEADERS.contains(name)) {
        names.add(name);
      }
    }
    Collections.sort(names);
    String signedHeaders = String.join(";", names);
    String signature =
        signature(method, rawUri, headers, signedHeaders, payloadHash, amzDate, false);
    headers.set(
        "Authorization",
        SigV4Canonical.ALGORITHM
            + " Credential="
            + accessKeyId
            + '/'
            + scope(amzDate)
            + ", SignedHeaders="
            + signedHeaders
            + ", Signature="
            + signature);
    return signature;
  }

  /**
   * A presigned URI: {@code rawUri} with the X-Amz-* query parameters added, signing only {@code
   * host} and an unsigned payload for S3 (the SHA-256 of an empty body for other services).
   *
   * @param host the Host header value the URL will be requested with
   * @param expiresSeconds 1 to 604800
   */
  public String presign(
      String method, String rawUri, String host, Instant time, long expiresSeconds) {
    String amzDate = AMZ_DATE.format(time);
    StringBuilder uri = new StringBuilder(rawUri);
    uri.append(rawUri.indexOf('?') < 0 ? '?' : '&');
    uri.append("X-Amz-Algorithm=").append(SigV4Canonical.ALGORITHM);
    uri.append("&X-Amz-Credential=")
        .append(UrlEncoding.encode(accessKeyId + '/' + scope(amzDate), false));
    uri.append("&X-Amz-Date=").append(amzDate);
    uri.append("&X-Amz-Expires=").append(expiresSeconds);
    if (sessionToken != null) {
      uri.append("&X-Amz-Security-Token=").append(UrlEncoding.encode(sessionToken, false));
    }
    uri.append("&X-Amz-SignedHeaders=host");
    Headers headers = new Headers().add("Host", host);
    String payloadHash =
        service.equals("s3") ? SigV4Canonical.UNSIGNED_PAYLOAD : SigV4Canonical.EMPTY_SHA256;
    String signature =
        signature(method, uri.toString(), headers, "host", payloadHash, amzDate, true);
    return uri.append("&X-Amz-Signature=").append(signature).toString();
  }

  /** The hex signature of a request, for the given signed header names. */
  String signature(
      String method,
      String rawUri,
      Headers headers,
      String signedHeaders,
      String payloadHash,
      String amzDate,
      boolean presigned) {
    int question = rawUri.indexOf('?');
    String rawPath = question < 0 ? rawUri : rawUri.substring(0, question);
    Map<String, List<String>> query =
        UrlEncoding.parseQuery(question < 0 ? "" : rawUri.substring(question + 1));
    String canonicalRequest =
        SigV4Canonical.canonicalRequest(
            method, rawPath, query, headers, signedHeaders, payloadHash, pathMode, presigned);
    String stringToSign = SigV4Canonical.stringToSign(amzDate, scope(amzDate), canonicalRequest);
    return SigV4Canonical.hex(SigV4Canonical.hmac(signingKey(amzDate), stringToSign));
  }

  /** The derived signing key for the day of {@code amzDate}. */
  byte[] signingKey(String amzDate) {
    return SigningKeyCache.derive(secretAccessKey, amzDate.substring(0, 8), region, service);
  }

  private String scope(String amzDate) {
    return SigV4Canonical.scope(amzDate.substring(0, 8), region, service);
  }
}
