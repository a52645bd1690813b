package dev.basin.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.WireRequest;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's published SigV4 vectors: the sig-v4 test suite (canonical request, string to sign and
 * signature of each case) and the worked examples of the S3 API reference (header signing, query
 * signing and the 66560-byte aws-chunked upload).
 */
class SigV4VectorsTest {
  private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
  private static final Instant S3_TIME = Instant.parse("2013-05-24T00:00:00Z");
  private static final String S3_AKID = "AKIAIOSFODNN7EXAMPLE";
  private static final String S3_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  record Vector(
      String name, boolean normalizePath, String req, String creq, String sts, String authz) {
    @Override
    public String toString() {
      return name;
    }
  }

  static JsonNode suite() throws IOException {
    try (InputStream in = SigV4VectorsTest.class.getResourceAsStream("sigv4-test-suite.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  static Stream<Vector> vectors() throws IOException {
    List<Vector> vectors = new ArrayList<>();
    for (JsonNode v : suite().get("vectors")) {
      vectors.add(
          new Vector(
              v.get("name").asText(),
              v.get("normalizePath").asBoolean(),
              v.get("req").asText(),
              v.get("creq").asText(),
              v.get("sts").asText(),
              v.get("authz").asText()));
    }
    return vectors.stream();
  }

  /**
   * Parses a test-suite .req file: request line, headers (folded lines continue a header), body.
   */
  static WireRequest parseReq(String req) {
    int lineEnd = req.indexOf('\n');
    String requestLine = req.substring(0, lineEnd);
    String method = requestLine.substring(0, requestLine.indexOf(' '));
    String uri = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/"));
    Headers headers = new Headers();
    String body = "";
    String lastName = null;
    String[] lines = req.substring(lineEnd + 1).split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        body = String.join("\n", Arrays.copyOfRange(lines, i + 1, lines.length));
        break;
      }
      if (Character.isWhitespace(line.charAt(0))) {
        headers.add(lastName, line.trim());
        continue;
      }
      int colon = line.indexOf(':');
      lastName = line.substring(0, colon);
      headers.add(lastName, line.substring(colon + 1));
    }
    return WireRequest.of(
        method, uri, headers, RequestBody.of(body.getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
  }

  static String signedHeaders(String authz) {
    int start = authz.indexOf("SignedHeaders=") + "SignedHeaders=".length();
    return authz.substring(start, authz.indexOf(',', start));
  }

  static BasinClock at(Instant instant) {
    return () -> instant;
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void testSuiteCanonicalRequestStringToSignAndSignature(Vector vector) throws IOException {
    JsonNode suite = suite();
    WireRequest request = parseReq(vector.req());
    String payloadHash = SigV4Canonical.sha256Hex(request.body().buffered());

    String creq =
        SigV4Canonical.canonicalRequest(
            request.method(),
            request.rawPath(),
            request.queryParameters(),
            request.headers(),
            signedHeaders(vector.authz()),
            payloadHash,
            SigV4Canonical.PathMode.NORMALIZE_SINGLE,
            false);
    assertThat(creq).isEqualTo(vector.creq());
    String sts =
        SigV4Canonical.stringToSign(
            "20150830T123600Z", "20150830/us-east-1/service/aws4_request", creq);
    assertThat(sts).isEqualTo(vector.sts());

    SigV4Signer signer =
        new SigV4Signer(
            "AKIDEXAMPLE",
            suite.get("secret").asText(),
            null,
            "us-east-1",
            "service",
            SigV4Canonical.PathMode.NORMALIZE_SINGLE);
    String rawUri =
        request.rawQuery().isEmpty()
            ? request.rawPath()
            : request.rawPath() + "?" + request.rawQuery();
    String signature =
        signer.signature(
            request.method(),
            rawUri,
            request.headers(),
            signedHeaders(vector.authz()),
            payloadHash,
            "20150830T123600Z",
            false);
    assertThat(vector.authz()).endsWith("Signature=" + signature);

    // And the verifier accepts the request as signed by the suite, and only as signed.
    String token = vector.name().startsWith("post-sts") ? suite.get("sessionToken").asText() : null;
    AccessKey key =
        new AccessKey(
            "AKIDEXAMPLE", suite.get("secret").asText(), token, null, true, Caller.root("1"));
    SigV4Verifier verifier =
        new SigV4Verifier(
            new StaticCredentialStore(List.of(key)),
            at(SUITE_TIME),
            SigV4Canonical.PathMode.NORMALIZE_SINGLE);
    request.headers().set("Authorization", vector.authz());
    Authentication authentication = verifier.verify(request);
    assertThat(authentication.key()).isEqualTo(key);
    assertThat(authentication.service()).isEqualTo("service");
    assertThat(authentication.region()).isEqualTo("us-east-1");
    assertThat(authentication.presigned()).isFalse();

    String last = signature.substring(63).equals("0") ? "1" : "0";
    request
        .headers()
        .set("Authorization", vector.authz().substring(0, vector.authz().length() - 1) + last);
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            e -> assertThat(e.failure()).isEqualTo(AuthFailure.SIGNATURE_MISMATCH));
  }

  @Test
  void testSuiteNormalizationCasesAreCovered() throws IOException {
    assertThat(vectors().filter(Vector::normalizePath).map(Vector::name))
        .contains("get-relative", "get-relative-relative", "get-slash", "get-slashes", "get-space");
  }

  private static SigV4Verifier s3Verifier(Instant now) {
    return new SigV4Verifier(
        StaticCredentialStore.root("123456789012", S3_AKID, S3_SECRET), at(now));
  }

  private static String s3Authorization(String signedHeaders, String signature) {
    return "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
        + "SignedHeaders="
        + signedHeaders
        + ",Signature="
        + signature;
  }

  @Test
  void s3GetObjectWithRange() {
    Headers headers =
        new Headers()
            .add("Host", "examplebucket.s3.amazonaws.com")
            .add("Range", "bytes=0-9")
            .add("x-amz-content-sha256", SigV4Canonical.EMPTY_SHA256)
            .add("x-amz-date", "20130524T000000Z")
            .add(
                "Authorization",
                s3Authorization(
                    "host;range;x-amz-content-sha256;x-amz-date",
                    "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"));
    WireRequest request = WireRequest.of("GET", "/test.txt", headers, RequestBody.EMPTY, "::1");
    assertThat(s3Verifier(S3_TIME).verify(request).service()).isEqualTo("s3");
    assertThat(SigV4Verifier.scope(request))
        .isEqualTo(new CredentialScope(S3_AKID, "20130524", "us-east-1", "s3"));
    // Fifteen minutes either way are fine, a second more is not.
    assertThat(s3Verifier(S3_TIME.plus(Duration.ofMinutes(15))).verify(request)).isNotNull();
    assertThat(s3Verifier(S3_TIME.minus(Duration.ofMinutes(15))).verify(request)).isNotNull();
    assertFailure(
        () -> s3Verifier(S3_TIME.plus(Duration.ofMinutes(15)).plusSeconds(1)).verify(request),
        AuthFailure.SKEWED);
  }

  @Test
  void s3PutObjectSignedWithDateAndPayloadHash() {
    byte[] body = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
    Headers headers =
        new Headers()
            .add("Host", "examplebucket.s3.amazonaws.com")
            .add("Date", "Fri, 24 May 2013 00:00:00 GMT")
            .add(
                "x-amz-content-sha256",
                "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072")
            .add("x-amz-date", "20130524T000000Z")
            .add("x-amz-storage-class", "REDUCED_REDUNDANCY")
            .add(
                "Authorization",
                s3Authorization(
                    "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
                    "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"));
    WireRequest request =
        WireRequest.of("PUT", "/test%24file.text", headers, RequestBody.of(body), "::1");
    assertThat(s3Verifier(S3_TIME).verify(request).request().body().buffered()).isEqualTo(body);

    byte[] tampered = body.clone();
    tampered[0] ^= 1;
    assertFailure(
        () -> s3Verifier(S3_TIME).verify(request.withBody(RequestBody.of(tampered))),
        AuthFailure.CONTENT_SHA256_MISMATCH);
    // Streamed, the mismatch surfaces at the end of the body.
    WireRequest streamed =
        s3Verifier(S3_TIME)
            .verify(
                request.withBody(
                    RequestBody.ofStream(new java.io.ByteArrayInputStream(tampered), 21)))
            .request();
    assertFailure(
        () -> streamed.body().stream().readAllBytes(), AuthFailure.CONTENT_SHA256_MISMATCH);
  }

  @Test
  void s3GetBucketLifecycleAndListObjects() {
    Headers lifecycle =
        new Headers()
            .add("Host", "examplebucket.s3.amazonaws.com")
            .add("x-amz-date", "20130524T000000Z")
            .add("x-amz-content-sha256", SigV4Canonical.EMPTY_SHA256)
            .add(
                "Authorization",
                s3Authorization(
                    "host;x-amz-content-sha256;x-amz-date",
                    "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"));
    assertThat(
            s3Verifier(S3_TIME)
                .verify(WireRequest.of("GET", "/?lifecycle", lifecycle, RequestBody.EMPTY, "::1")))
        .isNotNull();
    Headers list =
        new Headers()
            .add("Host", "examplebucket.s3.amazonaws.com")
            .add("x-amz-date", "20130524T000000Z")
            .add("x-amz-content-sha256", SigV4Canonical.EMPTY_SHA256)
            .add(
                "Authorization",
                s3Authorization(
                    "host;x-amz-content-sha256;x-amz-date",
                    "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"));
    assertThat(
            s3Verifier(S3_TIME)
                .verify(
                    WireRequest.of("GET", "/?max-keys=2&prefix=J", list, RequestBody.EMPTY, "::1")))
        .isNotNull();
  }

  @Test
  void s3PresignedUrlExample() {
    String uri =
        "/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
            + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
    SigV4Signer signer = new SigV4Signer(S3_AKID, S3_SECRET, null, "us-east-1", "s3");
    assertThat(signer.presign("GET", "/test.txt", "examplebucket.s3.amazonaws.com", S3_TIME, 86400))
        .isEqualTo(uri);

    Headers headers = new Headers().add("Host", "examplebucket.s3.amazonaws.com");
    WireRequest request = WireRequest.of("GET", uri, headers, RequestBody.EMPTY, "::1");
    Authentication authentication = s3Verifier(S3_TIME.plusSeconds(86400)).verify(request);
    assertThat(authentication.presigned()).isTrue();
    assertThat(SigV4Verifier.scope(request))
        .isEqualTo(new CredentialScope(S3_AKID, "20130524", "us-east-1", "s3"));
    assertFailure(
        () -> s3Verifier(S3_TIME.plusSeconds(86401)).verify(request), AuthFailure.EXPIRED);
    assertFailure(
        () ->
            s3Verifier(S3_TIME)
                .verify(
                    WireRequest.of(
                        "GET",
                        uri.replace("X-Amz-Expires=86400", "X-Amz-Expires=604801"),
                        headers,
                        RequestBody.EMPTY,
                        "::1")),
        AuthFailure.MALFORMED);
    assertFailure(
        () ->
            s3Verifier(S3_TIME)
                .verify(
                    WireRequest.of(
                        "GET",
                        uri.replace("test.txt", "test2.txt"),
                        headers,
                        RequestBody.EMPTY,
                        "::1")),
        AuthFailure.SIGNATURE_MISMATCH);
  }

  static final String[] CHUNK_SIGNATURES = {
    "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
    "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
    "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"
  };

  /** The documented aws-chunked body: a 65536-byte chunk, a 1024-byte chunk, the final chunk. */
  static byte[] documentedChunkedBody() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int[] sizes = {65536, 1024, 0};
    for (int i = 0; i < sizes.length; i++) {
      out.writeBytes(
          (Integer.toHexString(sizes[i]) + ";chunk-signature=" + CHUNK_SIGNATURES[i] + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] data = new byte[sizes[i]];
      Arrays.fill(data, (byte) 'a');
      out.writeBytes(data);
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return out.toByteArray();
  }

  static WireRequest documentedChunkedRequest(RequestBody body) {
    Headers headers =
        new Headers()
            .add("Host", "s3.amazonaws.com")
            .add("x-amz-date", "20130524T000000Z")
            .add("x-amz-storage-class", "REDUCED_REDUNDANCY")
            .add("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD")
            .add("Content-Encoding", "aws-chunked")
            .add("x-amz-decoded-content-length", "66560")
            .add("Content-Length", "66824");
    String signedHeaders =
        "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;"
            + "x-amz-decoded-content-length;x-amz-storage-class";
    String seed =
        new SigV4Signer(S3_AKID, S3_SECRET, null, "us-east-1", "s3")
            .signature(
                "PUT",
                "/examplebucket/chunkObject.txt",
                headers,
                signedHeaders,
                "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
                "20130524T000000Z",
                false);
    assertThat(seed).isEqualTo("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
    headers.add("Authorization", s3Authorization(signedHeaders, seed));
    return WireRequest.of("PUT", "/examplebucket/chunkObject.txt", headers, body, "::1");
  }

  /** Hands out at most {@code step} bytes per read, so framing splits across reads. */
  static InputStream trickle(byte[] bytes, int step) {
    return new FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  @Test
  void s3DocumentedChunkedUpload() throws IOException {
    byte[] framed = documentedChunkedBody();
    assertThat(framed).hasSize(66824);
    byte[] expected = new byte[66560];
    Arrays.fill(expected, (byte) 'a');

    Authentication buffered =
        s3Verifier(S3_TIME).verify(documentedChunkedRequest(RequestBody.of(framed)));
    assertThat(buffered.request().body().buffered()).isEqualTo(expected);
    assertThat(buffered.request().header("Content-Encoding")).isNull();
    assertThat(buffered.request().header("Content-Length")).isEqualTo("66560");

    for (int step : new int[] {1, 7, 100, 8193, 70000}) {
      Authentication streamed =
          s3Verifier(S3_TIME)
              .verify(documentedChunkedRequest(RequestBody.ofStream(trickle(framed, step), 66824)));
      assertThat(streamed.request().body().contentLength()).isEqualTo(66560);
      assertThat(streamed.request().body().stream().readAllBytes()).isEqualTo(expected);
    }

    byte[] tampered = framed.clone();
    tampered[70000 - 10000] = 'b';
    WireRequest bad =
        s3Verifier(S3_TIME)
            .verify(documentedChunkedRequest(RequestBody.ofStream(trickle(tampered, 4096), 66824)))
            .request();
    assertFailure(() -> bad.body().stream().readAllBytes(), AuthFailure.CHUNK_SIGNATURE_MISMATCH);
    assertFailure(
        () -> s3Verifier(S3_TIME).verify(documentedChunkedRequest(RequestBody.of(tampered))),
        AuthFailure.CHUNK_SIGNATURE_MISMATCH);
  }

  interface Action {
    void run() throws Exception;
  }

  static void assertFailure(Action action, AuthFailure failure) {
    assertThatThrownBy(action::run)
        .isInstanceOfSatisfying(
            AuthenticationException.class, e -> assertThat(e.failure()).isEqualTo(failure));
  }
}
