package dev.basin.core.auth;

import static dev.basin.core.auth.SigV4VectorsTest.assertFailure;
import static dev.basin.core.auth.SigV4VectorsTest.at;
import static dev.basin.core.auth.SigV4VectorsTest.trickle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.clock.BasinClock;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.WireRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * The AWS SDK for Java v2's own SigV4 signer as the oracle: what it signs, {@link SigV4Verifier}
 * accepts and decodes exactly; one flipped byte anywhere is rejected with the right failure.
 */
class SigV4SdkOracleTest {
  private static final Instant NOW = Instant.parse("2024-03-01T10:20:30Z");
  private static final String AKID = "AKIAEXAMPLEORACLE";
  private static final String SECRET = "s3cr3t/Example+Secret/Key0123456789abcdef";
  private static final AccessKey KEY =
      new AccessKey(AKID, SECRET, null, null, true, Caller.root("000000000000"));

  private static SigV4Verifier verifier(AccessKey key, Instant now) {
    return new SigV4Verifier(new StaticCredentialStore(List.of(key)), at(now));
  }

  private static SigV4Verifier verifier() {
    return verifier(KEY, NOW);
  }

  private static SignedRequest sdkSign(
      String service,
      SdkHttpRequest request,
      byte[] body,
      AwsCredentialsIdentity identity,
      Consumer<SignRequest.Builder<AwsCredentialsIdentity>> options) {
    return AwsV4HttpSigner.create()
        .sign(
            r -> {
              r.identity(identity)
                  .request(request)
                  .payload(ContentStreamProvider.fromByteArray(body))
                  .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, service)
                  .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                  .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC));
              if (service.equals("s3")) {
                // What the S3 client configures: S3 paths are signed as sent.
                r.putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false);
              }
              options.accept(r);
            });
  }

  private static SignedRequest sdkSign(
      String service,
      SdkHttpRequest request,
      byte[] body,
      Consumer<SignRequest.Builder<AwsCredentialsIdentity>> options) {
    return sdkSign(service, request, body, AwsCredentialsIdentity.create(AKID, SECRET), options);
  }

  private static byte[] payload(SignedRequest signed) {
    return signed
        .payload()
        .map(
            provider -> {
              try (InputStream in = provider.newStream()) {
                return in.readAllBytes();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .orElse(new byte[0]);
  }

  /** The request as Basin's gateway would receive it: raw URI, headers, the body buffered. */
  private static WireRequest wire(SdkHttpRequest request, byte[] body) {
    URI uri = request.getUri();
    String rawUri = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Headers headers = new Headers();
    request.forEachHeader((name, values) -> values.forEach(value -> headers.add(name, value)));
    if (!headers.contains("Host")) {
      headers.add("Host", uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
    }
    return WireRequest.of(request.method().name(), rawUri, headers, RequestBody.of(body), "::1");
  }

  private static WireRequest wire(SignedRequest signed) {
    return wire(signed.request(), payload(signed));
  }

  private static WireRequest streamed(WireRequest request, int step) {
    byte[] bytes = request.body().buffered();
    return request.withBody(RequestBody.ofStream(trickle(bytes, step), bytes.length));
  }

  private static byte[] flip(byte[] bytes, int index) {
    byte[] copy = bytes.clone();
    copy[index] ^= 0x01;
    return copy;
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static SdkHttpRequest.Builder https(SdkHttpMethod method, String host, String path) {
    return SdkHttpRequest.builder().method(method).protocol("https").host(host).encodedPath(path);
  }

  @Test
  void stsQueryRequest() {
    byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        https(SdkHttpMethod.POST, "sts.us-east-1.amazonaws.com", "/")
            .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    WireRequest wire = wire(sdkSign("sts", request, body, r -> {}));
    Authentication authentication = verifier().verify(wire);
    assertThat(authentication.service()).isEqualTo("sts");
    assertThat(authentication.key()).isEqualTo(KEY);
    assertThat(authentication.request().body().buffered()).isEqualTo(body);
    assertThat(SigV4Verifier.scope(wire))
        .isEqualTo(new CredentialScope(AKID, "20240301", "us-east-1", "sts"));
    // A streamed body is read to hash it, and still arrives whole.
    assertThat(verifier().verify(streamed(wire, 5)).request().body().readAllBytes())
        .isEqualTo(body);

    AccessKey otherSecret =
        new AccessKey(AKID, SECRET.replace('s', 'z'), null, null, true, KEY.caller());
    assertFailure(() -> verifier(otherSecret, NOW).verify(wire), AuthFailure.SIGNATURE_MISMATCH);
    // The SDK signs x-amz-content-sha256 for every service; without it the body's hash is signed.
    assertThat(wire.header("x-amz-content-sha256")).isEqualTo(SigV4Signer.sha256Hex(body));
    assertFailure(
        () -> verifier().verify(wire.withBody(RequestBody.of(flip(body, 3)))),
        AuthFailure.CONTENT_SHA256_MISMATCH);
    wire.headers().remove("x-amz-content-sha256");
    assertFailure(() -> verifier().verify(wire), AuthFailure.SIGNATURE_MISMATCH);
    assertFailure(() -> verifier(KEY, NOW.plusSeconds(16 * 60)).verify(wire), AuthFailure.SKEWED);
    assertFailure(() -> verifier(KEY, NOW.minusSeconds(16 * 60)).verify(wire), AuthFailure.SKEWED);
    AccessKey otherId = new AccessKey("AKIAOTHER", SECRET, null, null, true, KEY.caller());
    assertFailure(() -> verifier(otherId, NOW).verify(wire), AuthFailure.UNKNOWN_KEY);
    AccessKey inactive = new AccessKey(AKID, SECRET, null, null, false, KEY.caller());
    assertFailure(() -> verifier(inactive, NOW).verify(wire), AuthFailure.INVALID_TOKEN);
  }

  @Test
  void doubleEncodedNormalizedPathAndOddQuery() {
    SdkHttpRequest request =
        https(
                SdkHttpMethod.POST,
                "lambda.us-east-1.amazonaws.com",
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A000000000000%3Afunction%3Amy%20fn/invocations")
            .putRawQueryParameter("Qualifier", "$LATEST")
            .putRawQueryParameter("x y", List.of("a+b/c", "=&", ""))
            .putRawQueryParameter("ü", "∑")
            .putHeader("X-Amz-Invocation-Type", "  Event   now ")
            .build();
    byte[] body = "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8);
    WireRequest wire = wire(sdkSign("lambda", request, body, r -> {}));
    assertThat(verifier().verify(wire).service()).isEqualTo("lambda");
    WireRequest otherPath =
        WireRequest.of(
            wire.method(),
            wire.rawPath().replace("my%20fn", "my%20fm") + "?" + wire.rawQuery(),
            wire.headers(),
            wire.body(),
            "::1");
    assertFailure(() -> verifier().verify(otherPath), AuthFailure.SIGNATURE_MISMATCH);
  }

  @Test
  void s3SignedPayload() throws IOException {
    byte[] body = random(5000);
    SdkHttpRequest request =
        https(SdkHttpMethod.PUT, "bucket.s3.amazonaws.com", "/dir/a%20b%2Bc%25~%24.txt")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    WireRequest wire =
        wire(
            sdkSign(
                "s3",
                request,
                body,
                r -> r.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)));
    assertThat(wire.header("x-amz-content-sha256")).isEqualTo(SigV4Signer.sha256Hex(body));
    assertThat(verifier().verify(wire).request().body().buffered()).isEqualTo(body);
    assertThat(verifier().verify(streamed(wire, 333)).request().body().readAllBytes())
        .isEqualTo(body);

    assertFailure(
        () -> verifier().verify(wire.withBody(RequestBody.of(flip(body, 4999)))),
        AuthFailure.CONTENT_SHA256_MISMATCH);
    WireRequest tampered =
        verifier()
            .verify(wire.withBody(RequestBody.ofStream(trickle(flip(body, 0), 100), body.length)))
            .request();
    assertFailure(
        () -> tampered.body().stream().readAllBytes(), AuthFailure.CONTENT_SHA256_MISMATCH);
  }

  @Test
  void s3UnsignedPayloadWithChecksumHeader() throws IOException {
    byte[] body = random(3000);
    SdkHttpRequest request =
        https(SdkHttpMethod.PUT, "bucket.s3.amazonaws.com", "/key")
            .putHeader("Content-Length", Integer.toString(body.length))
            .putHeader("x-amz-checksum-crc32", Checksums.base64(Checksums.Algorithm.CRC32, body))
            .build();
    WireRequest wire =
        wire(
            sdkSign(
                "s3",
                request,
                body,
                r -> r.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
    assertThat(wire.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
    assertThat(verifier().verify(wire).request().body().buffered()).isEqualTo(body);
    assertThat(verifier().verify(streamed(wire, 1000)).request().body().readAllBytes())
        .isEqualTo(body);
    assertFailure(
        () -> verifier().verify(wire.withBody(RequestBody.of(flip(body, 10)))),
        AuthFailure.CHECKSUM_MISMATCH);
    WireRequest tampered =
        verifier()
            .verify(wire.withBody(RequestBody.ofStream(trickle(flip(body, 10), 64), body.length)))
            .request();
    assertFailure(() -> tampered.body().stream().readAllBytes(), AuthFailure.CHECKSUM_MISMATCH);
  }

  private static SignedRequest chunkedSign(byte[] body, boolean signed, boolean crc32) {
    SdkHttpRequest request =
        https(SdkHttpMethod.PUT, "bucket.s3.amazonaws.com", "/big/object.bin")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    return sdkSign(
        "s3",
        request,
        body,
        r -> {
          r.putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true)
              .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, signed);
          if (crc32) {
            r.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32);
          }
        });
  }

  /** The index of the first byte of the trailer's base64 value in an aws-chunked body. */
  private static int trailerValueIndex(byte[] framed) {
    String text = new String(framed, StandardCharsets.ISO_8859_1);
    return text.lastIndexOf("x-amz-checksum-crc32:") + "x-amz-checksum-crc32:".length();
  }

  private static byte[] changeBase64Char(byte[] framed, int index) {
    byte[] copy = framed.clone();
    copy[index] = (byte) (copy[index] == 'A' ? 'B' : 'A');
    return copy;
  }

  @Test
  void s3SignedChunksWithSignedTrailer() throws IOException {
    byte[] body = random(300_000);
    WireRequest wire = wire(chunkedSign(body, true, true));
    assertThat(wire.header("x-amz-content-sha256"))
        .isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER");
    assertThat(wire.header("x-amz-trailer")).isEqualTo("x-amz-checksum-crc32");

    Authentication buffered = verifier().verify(wire);
    assertThat(buffered.request().body().buffered()).isEqualTo(body);
    assertThat(buffered.request().body().contentLength()).isEqualTo(body.length);
    for (int step : new int[] {1, 13, 8192, 1 << 20}) {
      WireRequest request = verifier().verify(streamed(wire, step)).request();
      assertThat(request.body().contentLength()).isEqualTo(body.length);
      assertThat(request.body().stream().readAllBytes()).isEqualTo(body);
    }

    byte[] framed = wire.body().buffered();
    int dataByte =
        new String(framed, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2 + 200_000 % 131072;
    assertFailure(
        () -> verifier().verify(wire.withBody(RequestBody.of(flip(framed, dataByte)))),
        AuthFailure.CHUNK_SIGNATURE_MISMATCH);
    WireRequest tamperedChunk =
        verifier()
            .verify(
                wire.withBody(
                    RequestBody.ofStream(trickle(flip(framed, dataByte), 4096), framed.length)))
            .request();
    assertFailure(
        () -> tamperedChunk.body().stream().readAllBytes(), AuthFailure.CHUNK_SIGNATURE_MISMATCH);
    assertFailure(
        () ->
            verifier()
                .verify(
                    wire.withBody(
                        RequestBody.of(changeBase64Char(framed, trailerValueIndex(framed))))),
        AuthFailure.CHUNK_SIGNATURE_MISMATCH);

    AccessKey otherSecret = new AccessKey(AKID, SECRET + "x", null, null, true, KEY.caller());
    assertFailure(() -> verifier(otherSecret, NOW).verify(wire), AuthFailure.SIGNATURE_MISMATCH);
    assertFailure(() -> verifier(KEY, NOW.plusSeconds(16 * 60)).verify(wire), AuthFailure.SKEWED);
  }

  @Test
  void s3UnsignedChunksWithChecksumTrailer() throws IOException {
    byte[] body = random(200_001);
    WireRequest wire = wire(chunkedSign(body, false, true));
    assertThat(wire.header("x-amz-content-sha256")).isEqualTo("STREAMING-UNSIGNED-PAYLOAD-TRAILER");
    assertThat(verifier().verify(wire).request().body().buffered()).isEqualTo(body);
    assertThat(verifier().verify(streamed(wire, 7)).request().body().readAllBytes())
        .isEqualTo(body);

    byte[] framed = wire.body().buffered();
    int dataByte = new String(framed, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2 + 5;
    assertFailure(
        () -> verifier().verify(wire.withBody(RequestBody.of(flip(framed, dataByte)))),
        AuthFailure.CHECKSUM_MISMATCH);
    WireRequest tampered =
        verifier()
            .verify(
                wire.withBody(
                    RequestBody.ofStream(trickle(flip(framed, dataByte), 999), framed.length)))
            .request();
    assertFailure(() -> tampered.body().stream().readAllBytes(), AuthFailure.CHECKSUM_MISMATCH);
    assertFailure(
        () ->
            verifier()
                .verify(
                    wire.withBody(
                        RequestBody.of(changeBase64Char(framed, trailerValueIndex(framed))))),
        AuthFailure.CHECKSUM_MISMATCH);
  }

  @Test
  void s3SignedChunksWithoutTrailer() throws IOException {
    byte[] body = random(140_000);
    WireRequest wire = wire(chunkedSign(body, true, false));
    assertThat(wire.header("x-amz-content-sha256")).isEqualTo("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    assertThat(verifier().verify(streamed(wire, 1000)).request().body().readAllBytes())
        .isEqualTo(body);
    byte[] framed = wire.body().buffered();
    // Cut the final chunk off: the body ends early.
    byte[] truncated = java.util.Arrays.copyOf(framed, framed.length - 90);
    WireRequest cut =
        verifier()
            .verify(wire.withBody(RequestBody.ofStream(trickle(truncated, 512), truncated.length)))
            .request();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> cut.body().stream().readAllBytes())
        .isInstanceOfAny(IOException.class, AuthenticationException.class);
  }

  @Test
  void sessionCredentials() {
    String token = "FwoGZXIvYXdzEXAMPLETOKEN//+=";
    AwsSessionCredentialsIdentity identity =
        AwsSessionCredentialsIdentity.create(AKID, SECRET, token);
    SdkHttpRequest request =
        https(SdkHttpMethod.GET, "dynamodb.us-east-1.amazonaws.com", "/").build();
    WireRequest wire = wire(sdkSign("dynamodb", request, new byte[0], identity, r -> {}));
    AccessKey temporary =
        new AccessKey(AKID, SECRET, token, NOW.plusSeconds(3600), true, KEY.caller());
    assertThat(verifier(temporary, NOW).verify(wire).key()).isEqualTo(temporary);

    AccessKey otherToken =
        new AccessKey(AKID, SECRET, token + "x", NOW.plusSeconds(3600), true, KEY.caller());
    assertFailure(() -> verifier(otherToken, NOW).verify(wire), AuthFailure.INVALID_TOKEN);
    AccessKey expired = new AccessKey(AKID, SECRET, token, NOW, true, KEY.caller());
    assertFailure(() -> verifier(expired, NOW).verify(wire), AuthFailure.EXPIRED_TOKEN);
    // A key with a session token must be presented with it.
    wire.headers().remove("X-Amz-Security-Token");
    assertFailure(() -> verifier(temporary, NOW).verify(wire), AuthFailure.INVALID_TOKEN);
  }

  @Test
  void sdkPresignedQueryForOtherService() {
    SdkHttpRequest request =
        https(SdkHttpMethod.GET, "sts.amazonaws.com", "/")
            .putRawQueryParameter("Action", "GetCallerIdentity")
            .putRawQueryParameter("Version", "2011-06-15")
            .putHeader("x-k8s-aws-id", "my-cluster")
            .build();
    WireRequest wire =
        wire(
            sdkSign(
                "sts",
                request,
                new byte[0],
                r ->
                    r.putProperty(
                            AwsV4FamilyHttpSigner.AUTH_LOCATION,
                            AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(
                            AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofSeconds(60))));
    assertThat(wire.header("Authorization")).isNull();
    assertThat(verifier(KEY, NOW.plusSeconds(60)).verify(wire).presigned()).isTrue();
    assertFailure(() -> verifier(KEY, NOW.plusSeconds(61)).verify(wire), AuthFailure.EXPIRED);
  }

  @Test
  void s3PresignerUrl() {
    Duration validity = Duration.ofMinutes(10);
    PresignedGetObjectRequest presigned;
    Instant before = Instant.now();
    try (S3Presigner presigner =
        S3Presigner.builder()
            .region(Region.US_EAST_1)
            .endpointOverride(URI.create("http://localhost:4566"))
            .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(AKID, SECRET)))
            .build()) {
      presigned =
          presigner.presignGetObject(
              p ->
                  p.signatureDuration(validity)
                      .getObjectRequest(g -> g.bucket("my-bucket").key("dir/my key+ü.txt")));
    }
    URI url = URI.create(presigned.url().toString());
    Headers headers = new Headers().add("Host", "localhost:4566");
    WireRequest wire =
        WireRequest.of(
            "GET", url.getRawPath() + "?" + url.getRawQuery(), headers, RequestBody.EMPTY, "::1");
    SigV4Verifier now =
        new SigV4Verifier(new StaticCredentialStore(List.of(KEY)), BasinClock.SYSTEM);
    Authentication authentication = now.verify(wire);
    assertThat(authentication.presigned()).isTrue();
    assertThat(authentication.service()).isEqualTo("s3");
    assertThat(SigV4Verifier.scope(wire).accessKeyId()).isEqualTo(AKID);

    Instant expiry = before.plus(validity).plusSeconds(2);
    assertFailure(() -> verifier(KEY, expiry).verify(wire), AuthFailure.EXPIRED);
    WireRequest otherKey =
        WireRequest.of(
            "GET",
            url.getRawPath().replace("my%20key", "my%20kez") + "?" + url.getRawQuery(),
            headers,
            RequestBody.EMPTY,
            "::1");
    assertFailure(() -> now.verify(otherKey), AuthFailure.SIGNATURE_MISMATCH);
  }

  @Test
  void anonymousAndMalformed() {
    Headers headers = new Headers().add("Host", "h");
    assertThat(verifier().verify(WireRequest.of("GET", "/x", headers, RequestBody.EMPTY, "::1")))
        .isNull();
    assertThat(SigV4Verifier.scope(WireRequest.of("GET", "/x", headers, RequestBody.EMPTY, "::1")))
        .isNull();
    Headers v2 = new Headers().add("Host", "h").add("Authorization", "AWS AKID:c2lnbmF0dXJl");
    assertFailure(
        () -> verifier().verify(WireRequest.of("GET", "/x", v2, RequestBody.EMPTY, "::1")),
        AuthFailure.MALFORMED);
    Headers noHost =
        new Headers()
            .add("Host", "h")
            .add("X-Amz-Date", "20240301T102030Z")
            .add(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + AKID
                    + "/20240301/us-east-1/sts/aws4_request, SignedHeaders=x-amz-date, Signature=00");
    assertFailure(
        () -> verifier().verify(WireRequest.of("GET", "/x", noHost, RequestBody.EMPTY, "::1")),
        AuthFailure.MALFORMED);
    Headers badScope =
        new Headers()
            .add("Host", "h")
            .add("X-Amz-Date", "20240301T102030Z")
            .add(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential="
                    + AKID
                    + "/20240301/us-east-1/sts, SignedHeaders=host, Signature=00");
    assertFailure(
        () -> verifier().verify(WireRequest.of("GET", "/x", badScope, RequestBody.EMPTY, "::1")),
        AuthFailure.MALFORMED);
  }

  @Test
  void verifyCost() {
    byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest request =
        https(SdkHttpMethod.POST, "sts.us-east-1.amazonaws.com", "/")
            .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
    WireRequest sts = wire(sdkSign("sts", request, body, r -> {}));
    SdkHttpRequest s3Request =
        https(SdkHttpMethod.GET, "localhost", "/bucket/some/key.txt")
            .putRawQueryParameter("versionId", "3")
            .build();
    WireRequest s3 =
        wire(
            sdkSign(
                "s3",
                s3Request,
                new byte[0],
                r -> r.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true)));
    SigV4Verifier verifier = verifier();
    for (WireRequest wire : List.of(sts, s3)) {
      int iterations = 200_000;
      for (int i = 0; i < iterations; i++) {
        verifier.verify(wire);
      }
      long start = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        verifier.verify(wire);
      }
      long perCall = (System.nanoTime() - start) / iterations;
      System.out.printf(
          "SigV4Verifier.verify(%s): %.2f us/request%n", wire.header("Host"), perCall / 1000.0);
    }
  }
}
