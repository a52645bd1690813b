package dev.basin.core.auth;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Verifies AWS Signature Version 4 on incoming requests, in the Authorization header or in a
 * presigned URL's query, and the payload the signature covers (plain, {@code UNSIGNED-PAYLOAD},
 * aws-chunked with or without chunk signatures and trailers, {@code x-amz-checksum-*}).
 *
 * <p>Thread safe; signing keys are cached and MAC/digest instances are per thread, because this
 * runs on every request.
 */
public final class SigV4Verifier {
  private static final long MAX_SKEW_MILLIS = 15 * 60 * 1000L;
  private static final long MAX_EXPIRES_SECONDS = 604800;
  private static final String SIGNATURE_MISMATCH_MESSAGE =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method.";
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

  private final CredentialStore credentials;
  private final BasinClock requestClock;
  private final BasinClock credentialClock;
  private final SigV4Canonical.PathMode pathMode;
  private final SigningKeyCache signingKeys = new SigningKeyCache();

  /** A verifier whose clock allows 15 minutes of skew. */
  public SigV4Verifier(CredentialStore credentials, BasinClock clock) {
    this(credentials, clock, clock, null);
  }

  /**
   * @param requestClock what request times (skew, presigned expiry) are checked against: the wall
   *     clock clients sign with, even when Basin's own clock has been moved ({@code --test-clock})
   * @param credentialClock what temporary credentials expire on: Basin's clock
   */
  public SigV4Verifier(
      CredentialStore credentials, BasinClock requestClock, BasinClock credentialClock) {
    this(credentials, requestClock, credentialClock, null);
  }

  /**
   * @param pathMode how every request's path is canonicalized, or null to follow the service (S3
   *     single-encoded as sent, everything else normalized and double-encoded)
   */
  SigV4Verifier(CredentialStore credentials, BasinClock clock, SigV4Canonical.PathMode pathMode) {
    this(credentials, clock, clock, pathMode);
  }

  private SigV4Verifier(
      CredentialStore credentials,
      BasinClock requestClock,
      BasinClock credentialClock,
      SigV4Canonical.PathMode pathMode) {
    this.credentials = credentials;
    this.requestClock = requestClock;
    this.credentialClock = credentialClock;
    this.pathMode = pathMode;
  }

  /** The parts of a signature, from the Authorization header or the presigned query. */
  private record Signed(
      CredentialScope scope,
      String signedHeaders,
      String signature,
      String amzDate,
      long expiresSeconds,
      String securityToken,
      boolean presigned) {}

  /**
   * Returns null when the request carries no SigV4 at all (no Authorization header and no
   * X-Amz-Signature/X-Amz-Credential query parameter): the caller decides whether anonymous is OK.
   * Otherwise returns the Authentication or throws AuthenticationException.
   */
  public Authentication verify(WireRequest request) {
    Signed signed = parse(request);
    if (signed == null) {
      return null;
    }
    CredentialScope scope = signed.scope();
    AccessKey key =
        credentials
            .find(scope.accessKeyId())
            .orElseThrow(
                () ->
                    new AuthenticationException(
                        AuthFailure.UNKNOWN_KEY,
                        "The AWS Access Key Id you provided does not exist in our records."));
    checkKey(key, signed.securityToken());
    checkTime(signed);

    String contentSha256 = request.header("x-amz-content-sha256");
    RequestBody body = request.body();
    String payloadHash;
    if (contentSha256 != null) {
      payloadHash = contentSha256;
      checkPayloadHashForm(payloadHash);
    } else if (signed.presigned() && scope.service().equals("s3")) {
      payloadHash = SigV4Canonical.UNSIGNED_PAYLOAD;
    } else {
      byte[] bytes = body.readAllBytes();
      if (body.buffered() == null) {
        body = RequestBody.of(bytes);
      }
      payloadHash = SigV4Canonical.sha256Hex(bytes);
    }

    SigV4Canonical.PathMode mode =
        pathMode != null ? pathMode : SigV4Canonical.PathMode.forService(scope.service());
    String canonicalRequest =
        SigV4Canonical.canonicalRequest(
            request.method(),
            request.rawPath(),
            request.queryParameters(),
            request.headers(),
            signed.signedHeaders(),
            payloadHash,
            mode,
            signed.presigned());
    String scopeString = scope.scopeString();
    String stringToSign =
        SigV4Canonical.stringToSign(signed.amzDate(), scopeString, canonicalRequest);
    byte[] signingKey =
        signingKeys.signingKey(
            key.secretAccessKey(), scope.date(), scope.region(), scope.service());
    byte[] expected = SigV4Canonical.hmac(signingKey, stringToSign);
    byte[] provided = SigV4Canonical.unhex(signed.signature());
    if (provided == null || !MessageDigest.isEqual(expected, provided)) {
      throw new AuthenticationException(AuthFailure.SIGNATURE_MISMATCH, SIGNATURE_MISMATCH_MESSAGE);
    }

    WireRequest verified =
        verifiedPayload(request, body, payloadHash, signingKey, signed, scopeString);
    return new Authentication(key, scope.region(), scope.service(), verified, signed.presigned());
  }

  /**
   * Parses only the credential scope (access key, date, region, service) from the Authorization
   * header or presigned query without verifying; null if absent. Used to route.
   */
  public static CredentialScope scope(WireRequest request) {
    String authorization = request.header("Authorization");
    if (authorization != null) {
      String credential = component(authorization, "Credential=");
      return credential == null ? null : CredentialScope.parse(credential);
    }
    return CredentialScope.parse(request.queryParameter("X-Amz-Credential"));
  }

  private Signed parse(WireRequest request) {
    String authorization = request.header("Authorization");
    if (authorization != null) {
      return parseHeader(request, authorization, requestClock.millis());
    }
    if (request.queryParameter("X-Amz-Signature") != null
        || request.queryParameter("X-Amz-Credential") != null) {
      return parseQuery(request);
    }
    return null;
  }

  /**
   * The request time is checked first, before the rest of the header is: AWS answers a request
   * signed too far from now with the skew error even when its credential is malformed.
   */
  private static Signed parseHeader(WireRequest request, String authorization, long now) {
    if (!authorization.startsWith(SigV4Canonical.ALGORITHM + " ")) {
      throw malformed("Unsupported Authorization Type");
    }
    String amzDate = request.header("X-Amz-Date");
    String date = amzDate == null ? request.header("Date") : null;
    if (amzDate != null) {
      checkSkew(amzDate, now);
    }
    String credential = component(authorization, "Credential=");
    String signedHeaders = component(authorization, "SignedHeaders=");
    String signature = component(authorization, "Signature=");
    if (credential == null || signedHeaders == null || signature == null) {
      throw malformed(
          "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'"
              + " parameters.");
    }
    CredentialScope scope = parseScope(credential);
    checkSignedHeaders(signedHeaders);
    if (amzDate == null) {
      if (date == null) {
        throw malformed(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date'"
                + " header.");
      }
      try {
        amzDate = AMZ_DATE.format(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME));
      } catch (DateTimeParseException e) {
        throw malformed("The Date header is not a valid HTTP date.");
      }
      checkSkew(amzDate, now);
    }
    return new Signed(
        scope,
        signedHeaders,
        signature,
        checkedDate(amzDate, scope),
        -1,
        request.header("X-Amz-Security-Token"),
        false);
  }

  private static Signed parseQuery(WireRequest request) {
    String algorithm = request.queryParameter("X-Amz-Algorithm");
    String credential = request.queryParameter("X-Amz-Credential");
    String amzDate = request.queryParameter("X-Amz-Date");
    String signedHeaders = request.queryParameter("X-Amz-SignedHeaders");
    String signature = request.queryParameter("X-Amz-Signature");
    String expires = request.queryParameter("X-Amz-Expires");
    if (algorithm == null
        || credential == null
        || amzDate == null
        || signedHeaders == null
        || signature == null) {
      throw malformed(
          "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential,"
              + " X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    }
    if (!algorithm.equals(SigV4Canonical.ALGORITHM)) {
      throw malformed("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"");
    }
    long expiresSeconds = -1;
    if (expires != null) {
      expiresSeconds = parseDigits(expires);
      if (expiresSeconds < 1 || expiresSeconds > MAX_EXPIRES_SECONDS) {
        throw malformed(
            "X-Amz-Expires must be between 1 and 604800 seconds (one week), was " + expires + ".");
      }
    }
    CredentialScope scope = parseScope(credential);
    checkSignedHeaders(signedHeaders);
    String token = request.queryParameter("X-Amz-Security-Token");
    if (token == null) {
      token = request.header("X-Amz-Security-Token");
    }
    return new Signed(
        scope, signedHeaders, signature, checkedDate(amzDate, scope), expiresSeconds, token, true);
  }

  private static CredentialScope parseScope(String credential) {
    CredentialScope scope = CredentialScope.parse(credential);
    if (scope == null) {
      throw malformed(
          "The credential is malformed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
    }
    return scope;
  }

  private static void checkSignedHeaders(String signedHeaders) {
    int start = 0;
    while (start <= signedHeaders.length()) {
      int end = signedHeaders.indexOf(';', start);
      if (end < 0) {
        end = signedHeaders.length();
      }
      if (end - start == 4 && signedHeaders.startsWith("host", start)) {
        return;
      }
      start = end + 1;
    }
    throw malformed("'Host' must be a signed header.");
  }

  private static String checkedDate(String amzDate, CredentialScope scope) {
    if (epochMillis(amzDate) == Long.MIN_VALUE) {
      throw malformed("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".");
    }
    if (!amzDate.startsWith(scope.date())) {
      throw malformed(
          "The date of the credential scope ("
              + scope.date()
              + ") does not match the date of the request ("
              + amzDate.substring(0, 8)
              + ").");
    }
    return amzDate;
  }

  private void checkKey(AccessKey key, String securityToken) {
    if (!key.active()) {
      throw new AuthenticationException(
          AuthFailure.INVALID_TOKEN, "The AWS Access Key Id you provided is not active.");
    }
    if (key.expiration() != null && !credentialClock.now().isBefore(key.expiration())) {
      throw new AuthenticationException(
          AuthFailure.EXPIRED_TOKEN, "The security token included in the request is expired");
    }
    if (key.sessionToken() == null
        ? securityToken != null
        : !key.sessionToken().equals(securityToken)) {
      throw new AuthenticationException(
          AuthFailure.INVALID_TOKEN, "The security token included in the request is invalid.");
    }
  }

  private void checkTime(Signed signed) {
    long requestMillis = epochMillis(signed.amzDate());
    long now = requestClock.millis();
    if (signed.presigned() && signed.expiresSeconds() > 0) {
      if (now > requestMillis + signed.expiresSeconds() * 1000) {
        throw new AuthenticationException(AuthFailure.EXPIRED, "Request has expired");
      }
      if (requestMillis - now > MAX_SKEW_MILLIS) {
        throw new AuthenticationException(AuthFailure.SKEWED, "Request is not valid yet");
      }
      return;
    }
    if (signed.presigned()) {
      checkSkew(signed.amzDate(), now);
    }
    // Header signatures had their time checked when parsed.
  }

  /**
   * Refuses a well-formed request time more than 15 minutes from now, with the message AWS's JSON
   * and query services give (S3 and EC2 answer their own, see the gateway's AuthErrors). A
   * malformed time is left to the format checks.
   */
  private static void checkSkew(String amzDate, long now) {
    long requestMillis = epochMillis(amzDate);
    if (requestMillis == Long.MIN_VALUE) {
      return;
    }
    if (now - requestMillis > MAX_SKEW_MILLIS) {
      throw new AuthenticationException(
          AuthFailure.SKEWED,
          "Signature expired: "
              + amzDate
              + " is now earlier than "
              + amzDate(now - MAX_SKEW_MILLIS)
              + " ("
              + amzDate(now)
              + " - 15 min.)");
    }
    if (requestMillis - now > MAX_SKEW_MILLIS) {
      throw new AuthenticationException(
          AuthFailure.SKEWED,
          "Signature not yet current: "
              + amzDate
              + " is still later than "
              + amzDate(now + MAX_SKEW_MILLIS)
              + " ("
              + amzDate(now)
              + " + 15 min.)");
    }
  }

  private static String amzDate(long epochMillis) {
    return AMZ_DATE.format(
        java.time.Instant.ofEpochMilli(epochMillis).atZone(java.time.ZoneOffset.UTC));
  }

  private static void checkPayloadHashForm(String payloadHash) {
    if (payloadHash.length() == 64) {
      if (SigV4Canonical.unhex(payloadHash) != null) {
        return;
      }
    } else if (payloadHash.equals(SigV4Canonical.UNSIGNED_PAYLOAD)
        || payloadHash.equals(SigV4Canonical.STREAMING_SIGNED)
        || payloadHash.equals(SigV4Canonical.STREAMING_SIGNED_TRAILER)
        || payloadHash.equals(SigV4Canonical.STREAMING_UNSIGNED_TRAILER)) {
      return;
    }
    throw malformed(
        "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER,"
            + " STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or"
            + " a valid sha256 value.");
  }

  /** The request with a body that yields exactly the signed payload, checked as far as possible. */
  private static WireRequest verifiedPayload(
      WireRequest request,
      RequestBody body,
      String payloadHash,
      byte[] signingKey,
      Signed signed,
      String scopeString) {
    boolean streaming = payloadHash.startsWith("STREAMING-");
    Checksums.Algorithm headerChecksum = headerChecksum(request);
    String checksumValue =
        headerChecksum == null ? null : request.header(headerChecksum.headerName());
    if (!streaming) {
      byte[] expectedSha = payloadHash.length() == 64 ? SigV4Canonical.unhex(payloadHash) : null;
      if (expectedSha == null && headerChecksum == null) {
        return body == request.body() ? request : request.withBody(body);
      }
      byte[] buffered = body.buffered();
      if (buffered != null) {
        if (expectedSha != null
            && !MessageDigest.isEqual(expectedSha, SigV4Canonical.sha256().digest(buffered))) {
          throw contentSha256Mismatch();
        }
        if (headerChecksum != null
            && !Checksums.base64(headerChecksum, buffered).equals(checksumValue)) {
          throw AwsChunkedDecoder.checksumMismatch(headerChecksum);
        }
        return body == request.body() ? request : request.withBody(body);
      }
      InputStream verifying =
          new PayloadVerifyingStream(body.stream(), expectedSha, headerChecksum, checksumValue);
      return request.withBody(RequestBody.ofStream(verifying, body.contentLength()));
    }

    AwsChunkedDecoder.ChunkSigning chunkSigning =
        payloadHash.equals(SigV4Canonical.STREAMING_UNSIGNED_TRAILER)
            ? null
            : new AwsChunkedDecoder.ChunkSigning(
                signingKey,
                signed.amzDate(),
                scopeString,
                signed.signature().toLowerCase(Locale.ROOT));
    List<String> trailerNames = trailerNames(request.header("x-amz-trailer"));
    if (payloadHash.equals(SigV4Canonical.STREAMING_SIGNED) && !trailerNames.isEmpty()) {
      throw malformed("x-amz-trailer requires a STREAMING-*-TRAILER x-amz-content-sha256.");
    }
    String decodedHeader = request.header("x-amz-decoded-content-length");
    long decodedLength = decodedHeader == null ? -1 : parseDigits(decodedHeader);
    if (decodedHeader != null && decodedLength < 0) {
      throw malformed("x-amz-decoded-content-length is not a valid length.");
    }
    InputStream decoder =
        new AwsChunkedDecoder(body.stream(), chunkSigning, trailerNames, decodedLength);
    if (headerChecksum != null && !trailerNames.contains(headerChecksum.headerName())) {
      decoder = new PayloadVerifyingStream(decoder, null, headerChecksum, checksumValue);
    }
    RequestBody decoded;
    if (body.buffered() != null) {
      try (InputStream in = decoder) {
        decoded = RequestBody.of(in.readAllBytes());
      } catch (IOException e) {
        throw new AuthenticationException(
            AuthFailure.CHUNK_SIGNATURE_MISMATCH, "The aws-chunked body is incomplete.");
      }
    } else {
      decoded = RequestBody.ofStream(decoder, decodedLength);
    }
    return new WireRequest(
        request.method(),
        request.rawPath(),
        request.rawQuery(),
        request.queryParameters(),
        decodedHeaders(request.headers(), decoded.contentLength()),
        decoded,
        request.remoteAddress());
  }

  /**
   * The {@code x-amz-checksum-<alg>} header that covers the body, or null.
   * CompleteMultipartUpload's checksum header describes the object, not the request body, so it is
   * left alone.
   */
  private static Checksums.Algorithm headerChecksum(WireRequest request) {
    Checksums.Algorithm found = null;
    for (String name : request.headers().names()) {
      if (name.startsWith("x-amz-checksum-")) {
        Checksums.Algorithm algorithm = Checksums.Algorithm.fromHeader(name);
        if (algorithm != null) {
          found = algorithm;
        }
      }
    }
    if (found != null
        && request.method().equals("POST")
        && request.queryParameters().containsKey("uploadId")) {
      return null;
    }
    return found;
  }

  private static List<String> trailerNames(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    List<String> names = new ArrayList<>(1);
    for (String name : header.split(",")) {
      String trimmed = name.trim().toLowerCase(Locale.ROOT);
      if (!trimmed.isEmpty()) {
        names.add(trimmed);
      }
    }
    return List.copyOf(names);
  }

  /** The headers a handler sees once aws-chunked framing is gone. */
  private static Headers decodedHeaders(Headers original, long decodedLength) {
    Headers headers = new Headers();
    original.forEach(
        (name, values) -> {
          if (name.equalsIgnoreCase("Content-Encoding")) {
            StringBuilder kept = new StringBuilder();
            for (String value : values) {
              for (String coding : value.split(",")) {
                String trimmed = coding.trim();
                if (!trimmed.isEmpty() && !trimmed.equalsIgnoreCase("aws-chunked")) {
                  kept.append(kept.length() == 0 ? "" : ",").append(trimmed);
                }
              }
            }
            if (kept.length() > 0) {
              headers.add(name, kept.toString());
            }
          } else if (name.equalsIgnoreCase("Content-Length")) {
            if (decodedLength >= 0) {
              headers.add(name, Long.toString(decodedLength));
            }
          } else {
            for (String value : values) {
              headers.add(name, value);
            }
          }
        });
    return headers;
  }

  static AuthenticationException contentSha256Mismatch() {
    return new AuthenticationException(
        AuthFailure.CONTENT_SHA256_MISMATCH,
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  private static AuthenticationException malformed(String message) {
    return new AuthenticationException(AuthFailure.MALFORMED, message);
  }

  /**
   * The value of {@code name} (e.g. {@code Credential=}) in an Authorization header, up to the next
   * comma, or null.
   */
  private static String component(String authorization, String name) {
    int at = authorization.indexOf(name);
    while (at > 0) {
      char before = authorization.charAt(at - 1);
      if (before == ' ' || before == ',') {
        break;
      }
      at = authorization.indexOf(name, at + 1);
    }
    if (at <= 0) {
      return null;
    }
    int start = at + name.length();
    int end = authorization.indexOf(',', start);
    return authorization.substring(start, end < 0 ? authorization.length() : end).trim();
  }

  /** A non-negative decimal number, or -1. */
  private static long parseDigits(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** {@code yyyyMMdd'T'HHmmss'Z'} as epoch milliseconds, or Long.MIN_VALUE when malformed. */
  static long epochMillis(String amzDate) {
    if (amzDate.length() != 16 || amzDate.charAt(8) != 'T' || amzDate.charAt(15) != 'Z') {
      return Long.MIN_VALUE;
    }
    int year = digits(amzDate, 0, 4);
    int month = digits(amzDate, 4, 6);
    int day = digits(amzDate, 6, 8);
    int hour = digits(amzDate, 9, 11);
    int minute = digits(amzDate, 11, 13);
    int second = digits(amzDate, 13, 15);
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 31
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 60) {
      return Long.MIN_VALUE;
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L;
    } catch (java.time.DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
