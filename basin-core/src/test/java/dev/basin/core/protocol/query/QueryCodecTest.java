package dev.basin.core.protocol.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.OperationModel;
import dev.basin.core.model.ServiceModel;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Headers;
import dev.basin.core.protocol.RequestBody;
import dev.basin.core.protocol.ResponseBody;
import dev.basin.core.protocol.ResponseMeta;
import dev.basin.core.protocol.Timestamps;
import dev.basin.core.protocol.WireRequest;
import dev.basin.core.protocol.WireResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Decoding, errors and the wire layout of the query codec, without a client. */
class QueryCodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ServiceModelLoader MODELS = new ServiceModelLoader();
  private static final ResponseMeta META = new ResponseMeta("req-1", false);

  private final QueryCodec codec = new QueryCodec();

  static WireRequest post(String body) {
    return post("/", body);
  }

  static WireRequest post(String uri, String body) {
    Headers headers =
        new Headers().set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    return WireRequest.of(
        "POST", uri, headers, RequestBody.of(body.getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
  }

  private ObjectNode decode(ServiceModel service, WireRequest request) {
    return codec.decodeInput(service, codec.resolveOperation(service, request), request);
  }

  static String text(WireResponse response) {
    return new String(((ResponseBody.Bytes) response.body()).bytes(), StandardCharsets.UTF_8);
  }

  @Test
  void unknownActionIsInvalidAction() {
    AwsException error =
        catchThrowableOfType(
            AwsException.class,
            () ->
                codec.resolveOperation(
                    MODELS.load("sts"), post("Action=GetCallerIdentities&Version=2011-06-15")));

    assertThat(error.code()).isEqualTo("InvalidAction");
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.getMessage())
        .isEqualTo("Could not find operation GetCallerIdentities for version 2011-06-15");
  }

  @Test
  void anotherApiVersionIsInvalidAction() {
    AwsException error =
        catchThrowableOfType(
            AwsException.class,
            () ->
                codec.resolveOperation(
                    MODELS.load("sts"), post("Action=GetCallerIdentity&Version=2010-01-01")));

    assertThat(error.code()).isEqualTo("InvalidAction");
    assertThat(error.getMessage()).contains("GetCallerIdentity").contains("2010-01-01");
  }

  @Test
  void missingActionIsMissingAction() {
    AwsException error =
        catchThrowableOfType(
            AwsException.class,
            () -> codec.resolveOperation(MODELS.load("iam"), post("Version=2010-05-08")));

    assertThat(error.code()).isEqualTo("MissingAction");
    assertThat(error.status()).isEqualTo(400);
  }

  @Test
  void actionFromTheQueryStringOfAGet() {
    WireRequest request =
        WireRequest.of(
            "GET",
            "/?Action=GetCallerIdentity&Version=2011-06-15",
            new Headers(),
            RequestBody.EMPTY,
            "::1");

    OperationModel operation = codec.resolveOperation(MODELS.load("sts"), request);

    assertThat(operation.name()).isEqualTo("GetCallerIdentity");
  }

  @Test
  void queryStringAndBodyAreMerged() {
    ObjectNode input =
        decode(
            MODELS.load("sts"),
            post(
                "/?Action=AssumeRole&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr",
                "Version=2011-06-15&RoleSessionName=s+1&Unknown=ignored"));

    assertThat(input)
        .isEqualTo(
            JSON.createObjectNode()
                .put("RoleArn", "arn:aws:iam::1:role/r")
                .put("RoleSessionName", "s 1"));
  }

  @Test
  void malformedIntegerNamesTheParameter() {
    AwsException error =
        catchThrowableOfType(
            AwsException.class,
            () ->
                decode(
                    MODELS.load("sts"),
                    post(
                        "Action=AssumeRole&Version=2011-06-15&RoleArn=a&RoleSessionName=s&DurationSeconds=abc")));

    assertThat(error.code()).isEqualTo("ValidationError");
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.getMessage()).contains("DurationSeconds").contains("'abc'");
  }

  @Test
  void malformedNestedValueNamesTheFullPath() {
    AwsException error =
        catchThrowableOfType(
            AwsException.class,
            () ->
                decode(
                    MODELS.load("monitoring"),
                    post(
                        "Action=PutMetricData&Version=2010-08-01&Namespace=n"
                            + "&MetricData.member.1.MetricName=a&MetricData.member.1.Value=1"
                            + "&MetricData.member.7.MetricName=b&MetricData.member.7.Value=1.5x")));

    assertThat(error.code()).isEqualTo("ValidationError");
    assertThat(error.getMessage()).contains("MetricData.member.7.Value").contains("'1.5x'");
  }

  @Test
  void malformedBooleanTimestampAndIntegerOverflowAreRejected() {
    ServiceModel monitoring = MODELS.load("monitoring");
    String prefix =
        "Action=PutMetricData&Version=2010-08-01&Namespace=n&MetricData.member.1.MetricName=a";

    assertThat(
            catchThrowableOfType(
                AwsException.class,
                () -> decode(monitoring, post(prefix + "&StrictEntityValidation=yes"))))
        .extracting(AwsException::code)
        .isEqualTo("ValidationError");
    assertThat(
            catchThrowableOfType(
                AwsException.class,
                () ->
                    decode(monitoring, post(prefix + "&MetricData.member.1.Timestamp=yesterday"))))
        .extracting(AwsException::getMessage)
        .asString()
        .contains("MetricData.member.1.Timestamp");
    assertThat(
            catchThrowableOfType(
                AwsException.class,
                () ->
                    decode(
                        monitoring,
                        post(prefix + "&MetricData.member.1.StorageResolution=4294967296"))))
        .extracting(AwsException::code)
        .isEqualTo("ValidationError");
  }

  /**
   * The body is botocore's query serialization of the same call (CloudWatch as older clients send
   * it).
   */
  @Test
  void decodesCloudWatchPutMetricDataWithDimensionsListsAndMaps() throws Exception {
    String body =
        "Action=PutMetricData&Version=2010-08-01&Namespace=App%2FWeb&MetricData.member.1.MetricName=Latency"
            + "&MetricData.member.1.Dimensions.member.1.Name=Host&MetricData.member.1.Dimensions.member.1.Value=a"
            + "&MetricData.member.1.Dimensions.member.2.Name=Stage&MetricData.member.1.Dimensions.member.2.Value=prod"
            + "&MetricData.member.1.Timestamp=2024-01-02T03%3A04%3A05Z&MetricData.member.1.Value=1.5"
            + "&MetricData.member.1.Unit=Milliseconds&MetricData.member.2.MetricName=Count"
            + "&MetricData.member.2.Values.member.1=1.0&MetricData.member.2.Values.member.2=2.0"
            + "&MetricData.member.2.Counts.member.1=3.0&MetricData.member.2.Counts.member.2=4.0"
            + "&MetricData.member.2.StorageResolution=1"
            + "&EntityMetricData.member.1.Entity.KeyAttributes.entry.1.key=Type"
            + "&EntityMetricData.member.1.Entity.KeyAttributes.entry.1.value=Service"
            + "&EntityMetricData.member.1.Entity.KeyAttributes.entry.2.key=Name"
            + "&EntityMetricData.member.1.Entity.KeyAttributes.entry.2.value=web"
            + "&EntityMetricData.member.1.Entity.Attributes.entry.1.key=team"
            + "&EntityMetricData.member.1.Entity.Attributes.entry.1.value=x"
            + "&EntityMetricData.member.1.MetricData.member.1.MetricName=E"
            + "&EntityMetricData.member.1.MetricData.member.1.Value=2.0&StrictEntityValidation=true";

    ObjectNode input = decode(MODELS.load("monitoring"), post(body));

    JsonNode expected =
        JSON.readTree(
            """
                {"Namespace": "App/Web",
                 "MetricData": [
                   {"MetricName": "Latency",
                    "Dimensions": [{"Name": "Host", "Value": "a"}, {"Name": "Stage", "Value": "prod"}],
                    "Value": 1.5, "Unit": "Milliseconds"},
                   {"MetricName": "Count", "Values": [1.0, 2.0], "Counts": [3.0, 4.0],
                    "StorageResolution": 1}],
                 "EntityMetricData": [
                   {"Entity": {"KeyAttributes": {"Type": "Service", "Name": "web"},
                               "Attributes": {"team": "x"}},
                    "MetricData": [{"MetricName": "E", "Value": 2.0}]}],
                 "StrictEntityValidation": true}
                """);
    ((ObjectNode) expected.get("MetricData").get(0))
        .set("Timestamp", Timestamps.node(Instant.parse("2024-01-02T03:04:05Z")));
    assertThat(input).isEqualTo(expected);
  }

  @Test
  void decodesCloudWatchSetAlarmState() {
    ObjectNode input =
        decode(
            MODELS.load("monitoring"),
            post(
                "Action=SetAlarmState&Version=2010-08-01&AlarmName=cpu+high&StateValue=ALARM"
                    + "&StateReason=test&StateReasonData=%7B%22a%22%3A1%7D"));

    assertThat(input)
        .isEqualTo(
            JSON.createObjectNode()
                .put("AlarmName", "cpu high")
                .put("StateValue", "ALARM")
                .put("StateReason", "test")
                .put("StateReasonData", "{\"a\":1}"));
  }

  @Test
  void emptyListIsTheNameWithAnEmptyValue() {
    ObjectNode input =
        decode(
            MODELS.load("sts"),
            post(
                "Action=AssumeRole&Version=2011-06-15&RoleArn=a&RoleSessionName=s&Tags=&PolicyArns.member.1.arn=p"));

    assertThat(input.get("Tags").isArray()).isTrue();
    assertThat(input.get("Tags")).isEmpty();
    assertThat(input.get("PolicyArns").get(0).get("arn").asText()).isEqualTo("p");
  }

  @Test
  void listsWithoutTheMemberSegmentAreIgnoredAsAwsDoes() {
    ObjectNode input =
        decode(
            MODELS.load("sts"),
            post("Action=AssumeRole&Version=2011-06-15&RoleArn=a&Tags.1.Key=k&Tags.1.Value=v"));

    assertThat(input).isEqualTo(JSON.createObjectNode().put("RoleArn", "a"));
  }

  @Test
  void listElementsAreOrderedByIndexNotByArrival() {
    ObjectNode input =
        decode(
            MODELS.load("sts"),
            post(
                "Action=AssumeRole&Version=2011-06-15&TransitiveTagKeys.member.10=c"
                    + "&TransitiveTagKeys.member.2=b&TransitiveTagKeys.member.1=a"));

    assertThat(input.get("TransitiveTagKeys"))
        .isEqualTo(JSON.createArrayNode().add("a").add("b").add("c"));
  }

  @Test
  void getCallerIdentityResponseLayout() {
    ServiceModel sts = MODELS.load("sts");
    OperationModel operation = sts.operation("GetCallerIdentity").orElseThrow();

    WireResponse response =
        codec.encodeOutput(
            sts, operation, JSON.createObjectNode().put("Account", "1").putNull("Arn"), META);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).isEqualTo("text/xml");
    assertThat(text(response))
        .isEqualTo(
            "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>");
  }

  @Test
  void operationWithoutOutputHasNoResultElement() {
    ServiceModel iam = MODELS.load("iam");

    WireResponse response =
        codec.encodeOutput(iam, iam.operation("PutUserPolicy").orElseThrow(), null, META);

    assertThat(text(response))
        .isEqualTo(
            "<PutUserPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>"
                + "</PutUserPolicyResponse>");
  }

  @Test
  void valuesOfTheWrongKindDoNotBreakEncoding() throws Exception {
    ServiceModel sts = MODELS.load("sts");
    JsonNode odd =
        JSON.readTree(
            """
            {"Credentials": "not a structure", "AssumedRoleUser": [1, 2],
             "PackedPolicySize": "7", "SourceIdentity": {"x": 1}}
            """);

    WireResponse response =
        codec.encodeOutput(sts, sts.operation("AssumeRole").orElseThrow(), odd, META);

    assertThat(text(response))
        .contains("<Credentials></Credentials>")
        .contains("<PackedPolicySize>7</PackedPolicySize>");
    assertThat(
            codec
                .encodeOutput(
                    sts, sts.operation("AssumeRole").orElseThrow(), JSON.createArrayNode(), META)
                .status())
        .isEqualTo(200);
  }

  @Test
  void errorLayoutWithExtraFieldsAndHeaders() {
    AwsException error =
        new AwsException("Throttling", 400, "Rate exceeded")
            .with("RetryAfter", 5)
            .with("Detail", JSON.createObjectNode().put("Reason", "a<b"))
            .withHeader("Retry-After", "5");

    WireResponse response = codec.encodeError(MODELS.load("iam"), null, error, META);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.headers().get("Retry-After")).isEqualTo("5");
    assertThat(response.headers().get("Content-Type")).isEqualTo("text/xml");
    assertThat(text(response))
        .isEqualTo(
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
                + "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message>"
                + "<RetryAfter>5</RetryAfter><Detail><Reason>a&lt;b</Reason></Detail>"
                + "</Error><RequestId>req-1</RequestId></ErrorResponse>");
  }

  @Test
  void headRequestsGetNoBody() {
    ServiceModel sts = MODELS.load("sts");
    ResponseMeta head = new ResponseMeta("req-1", true);

    assertThat(
            codec
                .encodeOutput(
                    sts,
                    sts.operation("GetCallerIdentity").orElseThrow(),
                    JSON.createObjectNode(),
                    head)
                .body()
                .length())
        .isZero();
    WireResponse error =
        codec.encodeError(sts, null, new AwsException("InternalFailure", 500, "boom"), head);
    assertThat(error.body().length()).isZero();
    assertThat(error.status()).isEqualTo(500);
  }

  @Test
  void receiverFaultsAreTypedReceiver() {
    WireResponse response =
        codec.encodeError(
            MODELS.load("sts"), null, new AwsException("InternalFailure", 500, "x"), META);

    assertThat(text(response)).contains("<Type>Receiver</Type>");
  }

  /** A loose bound that catches a regression to DOM, reflection or regex per call. */
  @Test
  void getCallerIdentityIsCheap() {
    ServiceModel sts = MODELS.load("sts");
    WireRequest request = post("Action=GetCallerIdentity&Version=2011-06-15");
    ObjectNode output =
        JSON.createObjectNode()
            .put("UserId", "AIDA")
            .put("Account", "123456789012")
            .put("Arn", "arn:aws:iam::123456789012:user/a");
    int rounds = 50_000;
    long bytes = 0;
    long start = 0;
    for (int i = 0; i < rounds * 2; i++) {
      if (i == rounds) {
        start = System.nanoTime();
      }
      OperationModel operation = codec.resolveOperation(sts, request);
      codec.decodeInput(sts, operation, request);
      bytes += codec.encodeOutput(sts, operation, output, META).body().length();
    }
    double micros = (System.nanoTime() - start) / 1000.0 / rounds;
    System.out.printf("GetCallerIdentity decode+encode: %.2f us%n", micros);

    assertThat(bytes).isPositive();
    assertThat(micros).as("microseconds per GetCallerIdentity").isLessThan(20.0);
  }
}
