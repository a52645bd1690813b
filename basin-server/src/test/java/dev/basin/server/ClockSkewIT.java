package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A Basin whose clock runs an hour ahead of the client's (moved with {@code --test-clock}): a
 * signature is then too old. The SDK reads Basin's {@code Date} header from the error, corrects its
 * clock offset and succeeds on retry; without retries it reports the error.
 */
class ClockSkewIT {
  private static RunningBasin basin;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start("--test-clock");
  }

  @AfterAll
  static void stop() throws Exception {
    basin.close();
  }

  @Test
  void theTestClockEndpointMovesBasinsClockAndASkewedRequestIsRejected() throws Exception {
    Instant before = basin.server.clock().now();
    HttpResponse<String> moved =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(basin.endpoint().resolve("/_basin/clock/advance?hours=1"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(basin.server.clock().now()).isAfterOrEqualTo(before.plus(Duration.ofHours(1)));

    try (StsClient noRetries =
        basin.client(
            StsClient.builder()
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())))) {
      assertThatThrownBy(noRetries::getCallerIdentity)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.awsErrorDetails().errorMessage()).contains("Signature expired");
                assertThat(e.statusCode()).isEqualTo(403);
              });
    }

    try (StsClient sts = basin.client(StsClient.builder())) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
    }

    HttpResponse<String> backwards =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(basin.endpoint().resolve("/_basin/clock/advance?days=-1"))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(backwards.statusCode()).isEqualTo(400);
  }
}
