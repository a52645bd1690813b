package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** What the S3 integration tests share: clients and the error assertion. */
final class S3Testing {
  private S3Testing() {}

  /** A path-style sync client signing for {@code region}. */
  static S3Client pathStyle(RunningBasin basin, Region region) {
    return basin.client(S3Client.builder().forcePathStyle(true), "test", "test", region);
  }

  static S3Client pathStyle(RunningBasin basin) {
    return pathStyle(basin, Region.US_EAST_1);
  }

  /**
   * A virtual-hosted-style client: the SDK addresses {@code http://<bucket>.localhost:<port>}; the
   * HTTP client resolves every {@code *.localhost} to the loopback address, as browsers and
   * systemd-resolved do.
   */
  static S3Client virtualHosted(RunningBasin basin) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://localhost:" + basin.endpoint().getPort()))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(
            ApacheHttpClient.builder()
                .socketTimeout(Duration.ofSeconds(30))
                .dnsResolver(
                    host ->
                        host.equals("localhost") || host.endsWith(".localhost")
                            ? new InetAddress[] {InetAddress.getLoopbackAddress()}
                            : InetAddress.getAllByName(host))
                .build())
        .build();
  }

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /**
   * Sends one SigV4-signed S3 request without the SDK's client-side validation (which refuses, for
   * one, upper-case bucket names before they reach the server).
   */
  static HttpResponse<String> signed(
      RunningBasin basin,
      String method,
      String pathAndQuery,
      String body,
      Map<String, String> headers)
      throws IOException, InterruptedException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.fromValue(method))
            .uri(basin.endpoint().resolve(pathAndQuery));
    headers.forEach(request::putHeader);
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create("test", "test"))
                        .request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    HttpRequest.Builder http =
        HttpRequest.newBuilder(signed.request().getUri())
            .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
    signed
        .request()
        .forEachHeader(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> http.header(name, value));
              }
            });
    return HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String contentMd5(String body) {
    try {
      return java.util.Base64.getEncoder()
          .encodeToString(
              java.security.MessageDigest.getInstance("MD5")
                  .digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts the call fails with S3 error {@code code} and HTTP {@code status}. */
  static void assertS3Error(ThrowingCallable call, String code, int status) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).as(e.getMessage()).isEqualTo(code);
              assertThat(e.statusCode()).as("HTTP status").isEqualTo(status);
            });
  }

  /** Asserts an error without a body (HEAD, 304): only the HTTP status is on the wire. */
  static void assertS3Status(ThrowingCallable call, int status) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            AwsServiceException.class, e -> assertThat(e.statusCode()).isEqualTo(status));
  }
}
