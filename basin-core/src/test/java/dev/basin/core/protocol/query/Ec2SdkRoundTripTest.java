package dev.basin.core.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.AvailabilityZoneState;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Region;

/** The EC2 codec against the AWS SDK for Java v2's EC2 client, both directions. */
class Ec2SdkRoundTripTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static CodecHttpServer server;
  private static Ec2Client ec2;

  @BeforeAll
  static void start() throws Exception {
    server = new CodecHttpServer(new Ec2Codec(), new ServiceModelLoader().load("ec2"));
    ec2 =
        Ec2Client.builder()
            .endpointOverride(server.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
  }

  @AfterAll
  static void stop() {
    ec2.close();
    server.close();
  }

  @Test
  void decodesDescribeRegionsWithNamesFiltersAndAllRegions() throws Exception {
    server.respond((operation, input) -> null);

    ec2.describeRegions(
        r ->
            r.regionNames("us-east-1", "eu-west-1")
                .filters(
                    Filter.builder().name("region-name").values("us-east-1", "eu-west-1").build(),
                    Filter.builder().name("opt-in-status").values("opt-in-not-required").build())
                .allRegions(true));

    assertThat(server.last().operation().name()).isEqualTo("DescribeRegions");
    assertThat(server.last().input())
        .isEqualTo(
            JSON.readTree(
                """
                {"RegionNames": ["us-east-1", "eu-west-1"],
                 "Filters": [{"Name": "region-name", "Values": ["us-east-1", "eu-west-1"]},
                             {"Name": "opt-in-status", "Values": ["opt-in-not-required"]}],
                 "AllRegions": true}
                """));
  }

  @Test
  void decodesDescribeAvailabilityZonesWithZoneIds() throws Exception {
    server.respond((operation, input) -> null);

    ec2.describeAvailabilityZones(r -> r.zoneIds("use1-az1", "use1-az2").dryRun(false));

    assertThat(server.last().input())
        .isEqualTo(
            JSON.readTree(
                """
                {"ZoneIds": ["use1-az1", "use1-az2"], "DryRun": false}
                """));
  }

  @Test
  void sdkReadsDescribeRegions() throws Exception {
    JsonNode output =
        JSON.readTree(
            """
            {"Regions": [
              {"RegionName": "us-east-1", "Endpoint": "ec2.us-east-1.amazonaws.com",
               "OptInStatus": "opt-in-not-required"},
              {"RegionName": "af-south-1", "Endpoint": "ec2.af-south-1.amazonaws.com",
               "OptInStatus": "not-opted-in"}]}
            """);
    server.respond((operation, input) -> output);

    DescribeRegionsResponse response = ec2.describeRegions();

    assertThat(response.regions())
        .extracting(Region::regionName, Region::endpoint, Region::optInStatus)
        .containsExactly(
            tuple("us-east-1", "ec2.us-east-1.amazonaws.com", "opt-in-not-required"),
            tuple("af-south-1", "ec2.af-south-1.amazonaws.com", "not-opted-in"));
    assertThat(response.responseMetadata().requestId()).isEqualTo(CodecHttpServer.REQUEST_ID);
  }

  @Test
  void sdkReadsDescribeAvailabilityZones() throws Exception {
    JsonNode output =
        JSON.readTree(
            """
            {"AvailabilityZones": [
              {"State": "available", "OptInStatus": "opt-in-not-required",
               "Messages": [{"Message": "all good"}, {"Message": "really"}],
               "RegionName": "us-east-1", "ZoneName": "us-east-1a", "ZoneId": "use1-az6",
               "GroupName": "us-east-1", "NetworkBorderGroup": "us-east-1",
               "ZoneType": "availability-zone"},
              {"State": "impaired", "RegionName": "us-east-1", "ZoneName": "us-east-1b",
               "ZoneId": "use1-az1", "Messages": []}]}
            """);
    server.respond((operation, input) -> output);

    DescribeAvailabilityZonesResponse response = ec2.describeAvailabilityZones();

    assertThat(response.availabilityZones())
        .extracting(
            AvailabilityZone::zoneName,
            AvailabilityZone::zoneId,
            AvailabilityZone::state,
            AvailabilityZone::zoneType)
        .containsExactly(
            tuple("us-east-1a", "use1-az6", AvailabilityZoneState.AVAILABLE, "availability-zone"),
            tuple("us-east-1b", "use1-az1", AvailabilityZoneState.IMPAIRED, null));
    AvailabilityZone first = response.availabilityZones().get(0);
    assertThat(first.messages()).extracting(m -> m.message()).containsExactly("all good", "really");
    assertThat(first.regionName()).isEqualTo("us-east-1");
    assertThat(first.networkBorderGroup()).isEqualTo("us-east-1");
    assertThat(first.optInStatusAsString()).isEqualTo("opt-in-not-required");
  }

  @Test
  void sdkSurfacesEc2Errors() {
    server.respond(
        (operation, input) -> {
          throw new AwsException("InvalidParameterValue", 400, "Invalid region name: 'mars-1'");
        });

    AwsServiceException error =
        catchThrowableOfType(AwsServiceException.class, () -> ec2.describeRegions());

    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
    assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("Invalid region name: 'mars-1'");
    assertThat(error.statusCode()).isEqualTo(400);
    assertThat(error.requestId()).isEqualTo(CodecHttpServer.REQUEST_ID);
  }

  @Test
  void sdkSurfacesUnknownActionFromTheCodec() {
    // The SDK asks for an operation the trimmed model does not serve: the codec answers.
    AwsServiceException error =
        catchThrowableOfType(
            AwsServiceException.class, () -> ec2.describeVpcs(r -> r.vpcIds("vpc-1")));

    assertThat(error.awsErrorDetails().errorCode()).isEqualTo("NotImplemented");
    assertThat(error.statusCode()).isEqualTo(501);
  }
}
