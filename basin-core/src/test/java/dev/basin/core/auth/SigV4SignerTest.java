package dev.basin.core.auth;

import static dev.basin.core.auth.SigV4VectorsTest.assertFailure;
import static dev.basin.core.auth.SigV4VectorsTest.at;
import static org.assertj.core.api.Assertions.assertThat;

import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.WireRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Basin's own signer: what it signs verifies, for S3 and for double-encoding services. */
class SigV4SignerTest {
  private static final Instant NOW = Instant.parse("2024-06-30T23:59:59Z");
  private static final AccessKey KEY =
      new AccessKey("AKIDSIGNER", "secret", "token/+=", null, true, Caller.root("000000000000"));
  private static final SigV4Verifier VERIFIER =
      new SigV4Verifier(new StaticCredentialStore(List.of(KEY)), at(NOW));

  @Test
  void signedHeadersVerify() {
    for (String service : List.of("s3", "logs")) {
      SigV4Signer signer =
          new SigV4Signer("AKIDSIGNER", "secret", "token/+=", "eu-west-1", service);
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      String uri = "/a%20b/./c%3Ad//e?z=1&a=%2F&a=+";
      Headers headers =
          new Headers()
              .add("Host", "localhost:4566")
              .add("Content-Type", "application/x-amz-json-1.1")
              .add("User-Agent", "changed-by-proxies");
      signer.sign("POST", uri, headers, SigV4Signer.sha256Hex(body), true, NOW);
      assertThat(headers.get("X-Amz-Date")).isEqualTo("20240630T235959Z");
      assertThat(headers.get("x-amz-content-sha256")).isEqualTo(SigV4Signer.sha256Hex(body));
      assertThat(headers.get("Authorization")).doesNotContain("user-agent");
      WireRequest request = WireRequest.of("POST", uri, headers, RequestBody.of(body), "::1");
      Authentication authentication = VERIFIER.verify(request);
      assertThat(authentication.service()).isEqualTo(service);
      assertThat(authentication.region()).isEqualTo("eu-west-1");

      headers.set("Content-Type", "text/plain");
      assertFailure(() -> VERIFIER.verify(request), AuthFailure.SIGNATURE_MISMATCH);
    }
  }

  @Test
  void presignedUrlVerifies() {
    SigV4Signer signer = new SigV4Signer("AKIDSIGNER", "secret", "token/+=", "us-east-1", "s3");
    String uri = signer.presign("GET", "/bucket/key%20x?versionId=7", "localhost", NOW, 60);
    Headers headers = new Headers().add("Host", "localhost");
    WireRequest request = WireRequest.of("GET", uri, headers, RequestBody.EMPTY, "::1");
    assertThat(VERIFIER.verify(request).presigned()).isTrue();
    SigV4Verifier later =
        new SigV4Verifier(new StaticCredentialStore(List.of(KEY)), at(NOW.plusSeconds(61)));
    assertFailure(() -> later.verify(request), AuthFailure.EXPIRED);
  }
}
