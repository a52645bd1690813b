package dev.basin.core.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Timestamps;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * The rpc-v2-cbor codec against the real AWS SDK for Java v2 CloudWatch client (2.57.8), which
 * speaks Smithy RPC v2 CBOR to CloudWatch, both directions.
 */
class CborCodecSdkTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static CodecServer server;
  private static CloudWatchClient cloudWatch;

  @BeforeAll
  static void start() throws Exception {
    server = new CodecServer(new CborCodec(), new ServiceModelLoader().load("monitoring"));
    cloudWatch =
        CloudWatchClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
            .httpClient(UrlConnectionHttpClient.create())
            .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
            .build();
  }

  @AfterAll
  static void stop() {
    cloudWatch.close();
    server.close();
  }

  @Test
  void putMetricDataArrivesAsRpcV2CborAndDecodes() {
    Instant at = Instant.parse("2024-05-06T07:08:09.123Z");
    server.respond((op, in) -> null);

    cloudWatch.putMetricData(
        r ->
            r.namespace("Basin/Test")
                .metricData(
                    d ->
                        d.metricName("Latency")
                            .dimensions(
                                Dimension.builder().name("Host").value("h1").build(),
                                Dimension.builder().name("Az").value("a").build())
                            .timestamp(at)
                            .values(1.5, 2.0, 1e10)
                            .counts(3.0, 1.0, 1.0)
                            .unit(StandardUnit.MILLISECONDS)
                            .storageResolution(1)));

    CodecServer.Seen seen = server.last();
    assertThat(seen.request().method()).isEqualTo("POST");
    assertThat(seen.request().rawPath())
        .isEqualTo("/service/GraniteServiceVersion20100801/operation/PutMetricData");
    assertThat(seen.request().header("smithy-protocol")).isEqualTo("rpc-v2-cbor");
    assertThat(seen.request().header("Content-Type")).isEqualTo("application/cbor");
    assertThat(seen.request().header("X-Amz-Target")).isNull();

    ObjectNode input = seen.input();
    assertThat(input.get("Namespace").textValue()).isEqualTo("Basin/Test");
    JsonNode datum = input.get("MetricData").get(0);
    assertThat(datum.get("MetricName").textValue()).isEqualTo("Latency");
    assertThat(datum.get("Dimensions").get(1).get("Name").textValue()).isEqualTo("Az");
    assertThat(datum.get("Dimensions").get(1).get("Value").textValue()).isEqualTo("a");
    assertThat(datum.get("Timestamp")).isInstanceOf(DecimalNode.class);
    assertThat(Timestamps.instant(datum.get("Timestamp"))).isEqualTo(at);
    assertThat(datum.get("Values"))
        .extracting(JsonNode::doubleValue)
        .containsExactly(1.5, 2.0, 1e10);
    assertThat(datum.get("Counts"))
        .extracting(JsonNode::doubleValue)
        .containsExactly(3.0, 1.0, 1.0);
    assertThat(datum.get("Unit").textValue()).isEqualTo("Milliseconds");
    assertThat(datum.get("StorageResolution").intValue()).isEqualTo(1);
  }

  @Test
  void getMetricDataResultsCarryTimestampsAndValues() {
    Instant t1 = Instant.parse("2024-05-06T07:00:00Z");
    Instant t2 = Instant.parse("2024-05-06T07:01:00.500Z");
    ObjectNode output = MAPPER.createObjectNode();
    ObjectNode result = output.putArray("MetricDataResults").addObject();
    result.put("Id", "m1").put("Label", "Latency").put("StatusCode", "Complete");
    ArrayNode timestamps = result.putArray("Timestamps");
    timestamps.add(Timestamps.node(t1)).add(Timestamps.node(t2));
    result.putArray("Values").add(4.25).add(0.0);
    output.put("NextToken", "tok");
    server.respond((op, in) -> output);

    GetMetricDataResponse response =
        cloudWatch.getMetricData(
            r ->
                r.startTime(t1)
                    .endTime(t2.plusSeconds(60))
                    .metricDataQueries(
                        q ->
                            q.id("m1")
                                .metricStat(
                                    s ->
                                        s.period(60)
                                            .stat("Average")
                                            .metric(
                                                m ->
                                                    m.namespace("Basin/Test")
                                                        .metricName("Latency")))));

    ObjectNode input = server.last().input();
    assertThat(Timestamps.instant(input.get("StartTime"))).isEqualTo(t1);
    assertThat(input.get("MetricDataQueries").get(0).get("MetricStat").get("Period").intValue())
        .isEqualTo(60);
    MetricDataResult got = response.metricDataResults().get(0);
    assertThat(got.id()).isEqualTo("m1");
    assertThat(got.label()).isEqualTo("Latency");
    assertThat(got.statusCode()).isEqualTo(StatusCode.COMPLETE);
    assertThat(got.timestamps()).containsExactly(t1, t2);
    assertThat(got.values()).containsExactly(4.25, 0.0);
    assertThat(response.nextToken()).isEqualTo("tok");
  }

  @Test
  void queryCompatibleErrorMapsToTheModeledExceptionAndQueryCode() {
    server.respond(
        (op, in) -> {
          throw new AwsException("ResourceNotFound", 404, "Dashboard nope does not exist");
        });

    DashboardNotFoundErrorException e =
        catchThrowableOfType(
            DashboardNotFoundErrorException.class,
            () -> cloudWatch.getDashboard(r -> r.dashboardName("nope")));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Dashboard nope does not exist");
    assertThat(e.statusCode()).isEqualTo(404);
  }

  @Test
  void unmodeledErrorKeepsItsCode() {
    server.respond(
        (op, in) -> {
          throw new AwsException("Throttling", 400, "Rate exceeded");
        });

    CloudWatchException e =
        catchThrowableOfType(
            CloudWatchException.class,
            () -> cloudWatch.listDashboards(r -> r.dashboardNamePrefix("x")));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("Throttling");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
    assertThat(e.statusCode()).isEqualTo(400);
  }
}
