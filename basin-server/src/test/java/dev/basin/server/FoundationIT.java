package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * The foundation end to end through the AWS SDK for Java v2: EC2 region APIs, STS
 * GetCallerIdentity, and SigV4 in its forms (header, presigned query, aws-chunked body) and
 * failures (wrong secret, unknown key, no signature).
 */
class FoundationIT {
  private static RunningBasin basin;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
  }

  @AfterAll
  static void stop() throws Exception {
    basin.close();
  }

  @Test
  void responsesNameTheirServerAsAwsDoes() throws Exception {
    try (software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb =
            basin.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder());
        software.amazon.awssdk.services.s3.S3Client s3 =
            basin.client(software.amazon.awssdk.services.s3.S3Client.builder())) {
      assertThat(ddb.listTables().sdkHttpResponse().firstMatchingHeader("Server"))
          .contains("Server");
      assertThat(s3.listBuckets().sdkHttpResponse().firstMatchingHeader("Server"))
          .contains("AmazonS3");
    }
    // An unsigned request is refused, and the refusal too says who answered.
    java.net.http.HttpResponse<String> unsigned =
        HTTP.send(
            java.net.http.HttpRequest.newBuilder(basin.endpoint()).GET().build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(unsigned.headers().firstValue("Server")).isPresent();
  }

  @Test
  void describeRegionsListsTheRegionsEnabledForANewAccount() {
    try (Ec2Client ec2 = basin.client(Ec2Client.builder())) {
      List<software.amazon.awssdk.services.ec2.model.Region> regions =
          ec2.describeRegions().regions();
      assertThat(regions)
          .extracting(software.amazon.awssdk.services.ec2.model.Region::regionName)
          .contains("us-east-1", "eu-west-1", "ap-south-1", "sa-east-1")
          .doesNotContain("af-south-1", "me-central-1")
          .hasSize(17);
      software.amazon.awssdk.services.ec2.model.Region usEast1 =
          regions.stream()
              .filter(r -> r.regionName().equals("us-east-1"))
              .findFirst()
              .orElseThrow();
      assertThat(usEast1.endpoint()).isEqualTo("ec2.us-east-1.amazonaws.com");
      assertThat(usEast1.optInStatus()).isEqualTo("opt-in-not-required");

      List<software.amazon.awssdk.services.ec2.model.Region> all =
          ec2.describeRegions(r -> r.allRegions(true)).regions();
      assertThat(all).hasSize(34);
      assertThat(all)
          .filteredOn(r -> r.regionName().equals("af-south-1"))
          .extracting(software.amazon.awssdk.services.ec2.model.Region::optInStatus)
          .containsExactly("not-opted-in");
    }
  }

  @Test
  void describeRegionsFiltersByNameAndWildcard() {
    try (Ec2Client ec2 = basin.client(Ec2Client.builder())) {
      assertThat(ec2.describeRegions(r -> r.regionNames("eu-west-1", "af-south-1")).regions())
          .extracting(software.amazon.awssdk.services.ec2.model.Region::regionName)
          .containsExactly("af-south-1", "eu-west-1");
      assertThat(
              ec2.describeRegions(
                      r ->
                          r.allRegions(true)
                              .filters(Filter.builder().name("region-name").values("us-*").build()))
                  .regions())
          .extracting(software.amazon.awssdk.services.ec2.model.Region::regionName)
          .containsExactly("us-east-1", "us-east-2", "us-west-1", "us-west-2");
      assertThatThrownBy(() -> ec2.describeRegions(r -> r.regionNames("mars-north-1")))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
                assertThat(e.statusCode()).isEqualTo(400);
              });
      assertThatThrownBy(
              () ->
                  ec2.describeRegions(
                      r -> r.filters(Filter.builder().name("colour").values("blue").build())))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }
  }

  @Test
  void describeAvailabilityZonesAnswersForTheRegionTheClientAddresses() {
    try (Ec2Client ec2 = basin.client(Ec2Client.builder())) {
      List<AvailabilityZone> zones = ec2.describeAvailabilityZones().availabilityZones();
      assertThat(zones)
          .extracting(AvailabilityZone::zoneName)
          .containsExactly(
              "us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1e", "us-east-1f");
      assertThat(zones).extracting(AvailabilityZone::zoneId).contains("use1-az1", "use1-az6");
      assertThat(zones)
          .allSatisfy(
              zone -> {
                assertThat(zone.regionName()).isEqualTo("us-east-1");
                assertThat(zone.stateAsString()).isEqualTo("available");
                assertThat(zone.zoneType()).isEqualTo("availability-zone");
              });
      assertThat(ec2.describeAvailabilityZones(r -> r.zoneIds("use1-az2")).availabilityZones())
          .extracting(AvailabilityZone::zoneName)
          .containsExactly("us-east-1b");
      assertThatThrownBy(() -> ec2.describeAvailabilityZones(r -> r.zoneNames("us-east-1z")))
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }
    try (Ec2Client ec2 = basin.client(Ec2Client.builder(), "test", "test", Region.EU_WEST_1)) {
      assertThat(ec2.describeAvailabilityZones().availabilityZones())
          .extracting(AvailabilityZone::zoneId)
          .containsExactly("euw1-az1", "euw1-az2", "euw1-az3");
    }
  }

  @Test
  void getCallerIdentityNamesTheRootOfTheAccount() {
    try (StsClient sts = basin.client(StsClient.builder())) {
      GetCallerIdentityResponse identity = sts.getCallerIdentity();
      assertThat(identity.account()).isEqualTo("000000000000");
      assertThat(identity.arn()).isEqualTo("arn:aws:iam::000000000000:root");
      assertThat(identity.userId()).isEqualTo("000000000000");
    }
  }

  @Test
  void aWrongSecretIsSignatureDoesNotMatch() {
    try (StsClient sts = basin.client(StsClient.builder(), "test", "wrong", Region.US_EAST_1)) {
      assertThatThrownBy(sts::getCallerIdentity)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.statusCode()).isEqualTo(403);
                assertThat(e.requestId()).isNotBlank();
              });
    }
    try (Ec2Client ec2 = basin.client(Ec2Client.builder(), "test", "wrong", Region.US_EAST_1)) {
      assertThatThrownBy(ec2::describeRegions)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AuthFailure");
                assertThat(e.statusCode()).isEqualTo(401);
              });
    }
  }

  @Test
  void eachProtocolAnswersAuthenticationFailuresInItsOwnShape() {
    try (S3Client s3 =
        basin.client(S3Client.builder().forcePathStyle(true), "test", "wrong", Region.US_EAST_1)) {
      assertThatThrownBy(s3::listBuckets)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.statusCode()).isEqualTo(403);
              });
    }
    try (S3Client s3 =
        basin.client(
            S3Client.builder().forcePathStyle(true), "AKIANOBODY", "x", Region.US_EAST_1)) {
      assertThatThrownBy(s3::listBuckets)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAccessKeyId");
                assertThat(e.statusCode()).isEqualTo(403);
              });
    }
    try (DynamoDbClient dynamodb =
        basin.client(DynamoDbClient.builder(), "test", "wrong", Region.US_EAST_1)) {
      assertThatThrownBy(dynamodb::listTables)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                assertThat(e.statusCode()).isEqualTo(400);
              });
    }
    try (DynamoDbClient dynamodb =
        basin.client(DynamoDbClient.builder(), "AKIANOBODY", "x", Region.US_EAST_1)) {
      assertThatThrownBy(dynamodb::listTables)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("UnrecognizedClientException");
                assertThat(e.statusCode()).isEqualTo(400);
              });
    }
  }

  @Test
  void anUnknownAccessKeyIsRejected() {
    try (StsClient sts = basin.client(StsClient.builder(), "AKIANOBODY", "x", Region.US_EAST_1)) {
      assertThatThrownBy(sts::getCallerIdentity)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                assertThat(e.statusCode()).isEqualTo(403);
              });
    }
  }

  @Test
  void anUnsignedRequestIsMissingAuthenticationToken() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(basin.endpoint().resolve("/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "Action=GetCallerIdentity&Version=2011-06-15"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body())
        .contains("<Code>MissingAuthenticationToken</Code>")
        .startsWith("<ErrorResponse");
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(response.headers().firstValue("Date")).isPresent();
  }

  @Test
  void aPresignedUrlWorksUntilItExpires() throws Exception {
    SdkHttpRequest request = stsGet("/?Action=GetCallerIdentity&Version=2011-06-15");
    SignedRequest presigned =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create("test", "test"))
                        .request(request)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(
                            AwsV4FamilyHttpSigner.AUTH_LOCATION,
                            AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(
                            AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5)));
    HttpResponse<String> ok = send(presigned, null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).contains("<Arn>arn:aws:iam::000000000000:root</Arn>");

    SignedRequest old =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create("test", "test"))
                        .request(request)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(
                            HttpSigner.SIGNING_CLOCK,
                            Clock.fixed(
                                Instant.now().minus(Duration.ofMinutes(10)), ZoneOffset.UTC))
                        .putProperty(
                            AwsV4FamilyHttpSigner.AUTH_LOCATION,
                            AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(
                            AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5)));
    HttpResponse<String> expired = send(old, null);
    assertThat(expired.statusCode()).isEqualTo(403);
    assertThat(expired.body()).contains("<Code>SignatureDoesNotMatch</Code>");
  }

  @Test
  void anAwsChunkedBodyIsDecodedBeforeTheOperationReadsIt() throws Exception {
    String form = "Action=GetCallerIdentity&Version=2011-06-15";
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(basin.endpoint().resolve("/"))
            .putHeader("Content-Type", "application/x-www-form-urlencoded")
            .putHeader("Content-Length", Integer.toString(form.length()))
            .build();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create("test", "test"))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(form))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts")
                        .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true)
                        .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true));
    assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256"))
        .contains("STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    byte[] body = signed.payload().orElseThrow().newStream().readAllBytes();
    HttpResponse<String> response = send(signed, body);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("<Account>000000000000</Account>");

    // The same framing with one chunk byte changed no longer matches its chunk signature.
    byte[] tampered = body.clone();
    int dataStart = new String(body, StandardCharsets.ISO_8859_1).indexOf("\r\n") + 2;
    tampered[dataStart] = (byte) (tampered[dataStart] ^ 1);
    assertThat(send(signed, tampered).statusCode()).isEqualTo(403);
  }

  @Test
  void anUnknownActionIsInvalidAction() throws Exception {
    SdkHttpRequest request = stsGet("/?Action=FlyToTheMoon&Version=2011-06-15");
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(AwsBasicCredentials.create("test", "test"))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(""))
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "sts"));
    HttpResponse<String> response = send(signed, null);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("<Code>InvalidAction</Code>");
  }

  @Test
  void aServiceWithoutAModuleAnswersNotImplementedInItsOwnProtocol() {
    try (DynamoDbClient dynamodb = basin.client(DynamoDbClient.builder())) {
      assertThatThrownBy(dynamodb::listGlobalTables)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> {
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
                assertThat(e.statusCode()).isEqualTo(501);
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Basin does not implement DynamoDB ListGlobalTables yet");
              });
    }
    try (CloudWatchClient cloudwatch = basin.client(CloudWatchClient.builder())) {
      assertThatThrownBy(cloudwatch::listMetrics)
          .isInstanceOfSatisfying(
              AwsServiceException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotImplemented"));
    }
  }

  @Test
  void healthListsTheServicesOnceReady() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(basin.endpoint().resolve("/_basin/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"status\":\"ready\"")
        .contains("\"sts\":\"running\"")
        .contains("\"ec2\":\"running\"")
        .contains("\"dynamodb\":\"running\"")
        .contains("\"s3\":\"running\"");
  }

  @Test
  void theClockCannotBeMovedWithoutTestClock() throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(basin.endpoint().resolve("/_basin/clock/advance?days=31"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
  }

  private static SdkHttpRequest stsGet(String pathAndQuery) {
    return SdkHttpRequest.builder()
        .method(SdkHttpMethod.GET)
        .uri(basin.endpoint().resolve(pathAndQuery))
        .build();
  }

  private static HttpResponse<String> send(SignedRequest signed, byte[] body) throws Exception {
    SdkHttpRequest request = signed.request();
    HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri());
    Map<String, List<String>> headers = request.headers();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      String name = header.getKey();
      if (name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Content-Length")) {
        continue;
      }
      builder.header(name, header.getValue().stream().collect(Collectors.joining(",")));
    }
    builder.method(
        request.method().name(),
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
  }
}
