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
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Basin's clock and the clients' clocks. With {@code --test-clock} a test moves Basin's clock
 * (lifecycle rules, TTLs follow it) while signatures are still checked against the wall clock
 * clients sign with, so their requests keep working. A client whose own clock is off by more than
 * 15 minutes is refused; the SDK then corrects its offset from the response's {@code Date} header.
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
  void movingBasinsClockDoesNotBreakClientsSigningWithTheWallClock() throws Exception {
    Instant before = basin.server.clock().now();
    HttpResponse<String> moved = post("/_basin/clock/advance?days=31");
    assertThat(moved.statusCode()).isEqualTo(200);
    assertThat(basin.server.clock().now()).isAfterOrEqualTo(before.plus(Duration.ofDays(31)));

    try (StsClient sts =
        basin.client(
            StsClient.builder()
                .overrideConfiguration(o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())))) {
      assertThat(sts.getCallerIdentity().account()).isEqualTo("000000000000");
    }
    assertThat(post("/_basin/clock/advance?days=-1").statusCode()).isEqualTo(400);
  }

  @Test
  void aClientWhoseClockIsAnHourOffIsRefusedAndTheSdkCorrectsItself() {
    SdkGlobalTime.setGlobalTimeOffset(3600);
    try {
      try (StsClient noRetries =
          basin.client(
              StsClient.builder()
                  .overrideConfiguration(
                      o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())))) {
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
    } finally {
      SdkGlobalTime.setGlobalTimeOffset(0);
    }
  }

  private static HttpResponse<String> post(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(basin.endpoint().resolve(path))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
