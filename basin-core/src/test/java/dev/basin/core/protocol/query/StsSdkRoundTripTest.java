package dev.basin.core.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.PolicyDescriptorType;
import software.amazon.awssdk.services.sts.model.Tag;

/** The query codec against the AWS SDK for Java v2's STS client, both directions. */
class StsSdkRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CodecHttpServer server;
  private static StsClient sts;

  @BeforeAll
  static void start() throws Exception {
    server = new CodecHttpServer(new QueryCodec(), new ServiceModelLoader().load("sts"));
    sts =
        StsClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterAll
  static void stop() {
    sts.close();
    server.close();
  }

  @Test
  void decodesAssumeRoleWithTagsPolicyArnsAndDuration() throws Exception {
    server.respond((operation, input) -> null);

    sts.assumeRole(
        r ->
            r.roleArn("arn:aws:iam::123456789012:role/demo")
                .roleSessionName("session & co")
                .durationSeconds(1800)
                .tags(
                    Tag.builder().key("Project").value("Unicorn").build(),
                    Tag.builder().key("Cost-Center").value("12345 äö").build())
                .transitiveTagKeys("Project")
                .policyArns(
                    PolicyDescriptorType.builder()
                        .arn("arn:aws:iam::123456789012:policy/one")
                        .build()));

    assertThat(server.last().operation().name()).isEqualTo("AssumeRole");
    assertThat(server.last().input())
        .isEqualTo(
            JSON.readTree(
                """
                {"RoleArn": "arn:aws:iam::123456789012:role/demo",
                 "RoleSessionName": "session & co",
                 "DurationSeconds": 1800,
                 "Tags": [{"Key": "Project", "Value": "Unicorn"},
                          {"Key": "Cost-Center", "Value": "12345 äö"}],
                 "TransitiveTagKeys": ["Project"],
                 "PolicyArns": [{"arn": "arn:aws:iam::123456789012:policy/one"}]}
                """));
  }

  @Test
  void sdkReadsGetCallerIdentity() {
    server.respond(
        (operation, input) ->
            JSON.createObjectNode()
                .put("UserId", "AIDAEXAMPLE")
                .put("Account", "123456789012")
                .put("Arn", "arn:aws:iam::123456789012:user/<alice&bob>"));

    GetCallerIdentityResponse response = sts.getCallerIdentity();

    assertThat(server.last().operation().name()).isEqualTo("GetCallerIdentity");
    assertThat(server.last().input()).isEmpty();
    assertThat(response.userId()).isEqualTo("AIDAEXAMPLE");
    assertThat(response.account()).isEqualTo("123456789012");
    assertThat(response.arn()).isEqualTo("arn:aws:iam::123456789012:user/<alice&bob>");
    assertThat(response.responseMetadata().requestId()).isEqualTo(CodecHttpServer.REQUEST_ID);
  }

  @Test
  void sdkReadsAssumeRoleCredentialsWithExpiration() throws Exception {
    Instant expiration = Instant.parse("2030-05-06T07:08:09.123Z");
    JsonNode output =
        JSON.readTree(
            """
            {"Credentials": {"AccessKeyId": "ASIAEXAMPLE", "SecretAccessKey": "s3cr3t",
                             "SessionToken": "token+/=", "Expiration": %s},
             "AssumedRoleUser": {"AssumedRoleId": "AROAEXAMPLE:session",
                                 "Arn": "arn:aws:sts::123456789012:assumed-role/demo/session"},
             "PackedPolicySize": 6, "SourceIdentity": null}
            """
                .formatted(expiration.toEpochMilli() / 1000.0));
    server.respond((operation, input) -> output);

    AssumeRoleResponse response =
        sts.assumeRole(r -> r.roleArn("arn:aws:iam::123456789012:role/demo").roleSessionName("s"));

    assertThat(response.credentials().accessKeyId()).isEqualTo("ASIAEXAMPLE");
    assertThat(response.credentials().secretAccessKey()).isEqualTo("s3cr3t");
    assertThat(response.credentials().sessionToken()).isEqualTo("token+/=");
    assertThat(response.credentials().expiration()).isEqualTo(expiration);
    assertThat(response.assumedRoleUser().assumedRoleId()).isEqualTo("AROAEXAMPLE:session");
    assertThat(response.assumedRoleUser().arn())
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/demo/session");
    assertThat(response.packedPolicySize()).isEqualTo(6);
    assertThat(response.sourceIdentity()).isNull();
  }

  @Test
  void sdkSurfacesQueryErrors() {
    server.respond(
        (operation, input) -> {
          throw new AwsException("ExpiredTokenException", 400, "The security token <x> is expired");
        });

    AwsServiceException error =
        catchThrowableOfType(AwsServiceException.class, () -> sts.getCallerIdentity());

    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ExpiredTokenException");
    assertThat(error.awsErrorDetails().errorMessage())
        .isEqualTo("The security token <x> is expired");
    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(error.requestId()).isEqualTo(CodecHttpServer.REQUEST_ID);
  }

  @Test
  void sdkSurfacesServerFaults() {
    server.respond(
        (operation, input) -> {
          throw new AwsException("ServiceUnavailable", 503, "try later");
        });

    AwsServiceException error =
        catchThrowableOfType(AwsServiceException.class, () -> sts.getCallerIdentity());

    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("try later");
    assertThat(error.statusCode()).isEqualTo(503);
  }
}
