package dev.basin.core.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
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

/** Decoding errors, operation resolution and the error wire form of {@link JsonCodec}. */
class JsonCodecTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ServiceModelLoader MODELS = new ServiceModelLoader();
  private static final ResponseMeta META = new ResponseMeta("r", false);

  private final JsonCodec codec = new JsonCodec();
  private final ServiceModel dynamo = MODELS.load("dynamodb");

  private static WireRequest request(String target, String body) {
    Headers headers = new Headers().set("Content-Type", "application/x-amz-json-1.0");
    if (target != null) {
      headers.set("X-Amz-Target", target);
    }
    return WireRequest.of(
        "POST", "/", headers, RequestBody.of(body.getBytes(StandardCharsets.UTF_8)), "127.0.0.1");
  }

  private ObjectNode decode(ServiceModel service, String target, String body) {
    WireRequest request = request(target, body);
    OperationModel operation = codec.resolveOperation(service, request);
    return codec.decodeInput(service, operation, request);
  }

  private AwsException decodeError(String operation, String body) {
    return catchThrowableOfType(
        AwsException.class, () -> decode(dynamo, "DynamoDB_20120810." + operation, body));
  }

  private static JsonNode json(WireResponse response) throws Exception {
    return MAPPER.readTree(((ResponseBody.Bytes) response.body()).bytes());
  }

  @Test
  void emptyBodyIsAnEmptyInput() {
    assertThat(decode(dynamo, "DynamoDB_20120810.ListTables", "")).isEmpty();
  }

  @Test
  void unknownMembersAreDroppedAndNullsAreAbsent() {
    ObjectNode input =
        decode(
            dynamo,
            "DynamoDB_20120810.ListTables",
            "{\"Limit\":3,\"Bogus\":{\"a\":[1,2,{}]},\"ExclusiveStartTableName\":null}");
    assertThat(input).isEqualTo(MAPPER.createObjectNode().put("Limit", 3));
  }

  @Test
  void malformedJsonIsASerializationException() {
    AwsException e = decodeError("ListTables", "{\"Limit\":");
    assertThat(e.code()).isEqualTo("SerializationException");
    assertThat(e.status()).isEqualTo(400);
    assertThat(decodeError("ListTables", "{} {}").code()).isEqualTo("SerializationException");
    assertThat(decodeError("ListTables", "[1]").getMessage())
        .isEqualTo("Start of list found where not expected");
  }

  @Test
  void wrongMemberTypesAreSerializationExceptionsWithCoralWording() {
    AwsException numberForString = decodeError("DescribeTable", "{\"TableName\":5}");
    assertThat(numberForString.code()).isEqualTo("SerializationException");
    assertThat(numberForString.getMessage())
        .isEqualTo(
            "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted"
                + " to an String");
    assertThat(decodeError("ListTables", "{\"Limit\":\"5\"}").getMessage())
        .isEqualTo("class java.lang.String can not be converted to an Integer");
    assertThat(decodeError("PutItem", "{\"TableName\":\"t\",\"Item\":\"x\"}").getMessage())
        .isEqualTo("Expected map or null");
    assertThat(decodeError("PutItem", "{\"TableName\":\"t\",\"Item\":{\"a\":\"x\"}}").getMessage())
        .isEqualTo("Expected null");
    assertThat(decodeError("DescribeTable", "{\"TableName\":{}}").getMessage())
        .isEqualTo("Start of structure or map found where not expected.");
    assertThat(
            decodeError("PutItem", "{\"TableName\":\"t\",\"Item\":{\"a\":{\"SS\":\"x\"}}}")
                .getMessage())
        .isEqualTo("Expected list or null");
    assertThat(decodeError("ListTables", "{\"Limit\":true}").getMessage())
        .isEqualTo("class java.lang.Boolean can not be converted to an Integer");
  }

  @Test
  void blobsDecodeFromBase64AndBadBase64IsRejected() {
    ObjectNode input =
        decode(
            dynamo,
            "DynamoDB_20120810.PutItem",
            "{\"TableName\":\"t\",\"Item\":{\"b\":{\"B\":\"aGk=\"},\"bs\":{\"BS\":[\"AAE=\"]}}}");
    assertThat(input.get("Item").get("b").get("B"))
        .isEqualTo(BinaryNode.valueOf(new byte[] {'h', 'i'}));
    assertThat(input.get("Item").get("bs").get("BS").get(0))
        .isEqualTo(BinaryNode.valueOf(new byte[] {0, 1}));

    AwsException e =
        decodeError("PutItem", "{\"TableName\":\"t\",\"Item\":{\"b\":{\"B\":\"%%%\"}}}");
    assertThat(e.code()).isEqualTo("SerializationException");
    assertThat(e.getMessage()).startsWith("'%%%' can not be converted to a Blob");
    assertThat(
            decodeError("PutItem", "{\"TableName\":\"t\",\"Item\":{\"b\":{\"B\":1}}}").getMessage())
        .endsWith("can not be converted to a Blob");
  }

  @Test
  void timestampsDecodeFromEpochSecondsOrIsoText() {
    Instant expected = Instant.parse("2024-01-02T03:04:05.500Z");
    JsonNode fromNumber =
        decode(dynamo, "DynamoDB_20120810.ListBackups", "{\"TimeRangeLowerBound\":1704164645.5}")
            .get("TimeRangeLowerBound");
    JsonNode fromInteger =
        decode(dynamo, "DynamoDB_20120810.ListBackups", "{\"TimeRangeLowerBound\":1704164645}")
            .get("TimeRangeLowerBound");
    JsonNode fromText =
        decode(
                dynamo,
                "DynamoDB_20120810.ListBackups",
                "{\"TimeRangeLowerBound\":\"2024-01-02T03:04:05.5Z\"}")
            .get("TimeRangeLowerBound");
    assertThat(fromNumber).isInstanceOf(DecimalNode.class);
    assertThat(Timestamps.instant(fromNumber)).isEqualTo(expected);
    assertThat(Timestamps.instant(fromInteger)).isEqualTo(expected.minusMillis(500));
    assertThat(fromText).isInstanceOf(DecimalNode.class);
    assertThat(Timestamps.instant(fromText)).isEqualTo(expected);
    assertThat(decodeError("ListBackups", "{\"TimeRangeLowerBound\":\"yesterday\"}").getMessage())
        .isEqualTo("class java.lang.String can not be converted to milliseconds since epoch");
  }

  @Test
  void unknownTargetsAreUnknownOperationExceptions() {
    for (String target :
        new String[] {
          null,
          "",
          "DynamoDB_20120810",
          "DynamoDB_20120810.",
          "Kinesis_20131202.PutRecord",
          "DynamoDB_20120810.NoSuchThing",
          "DynamoDB_20120810X.ListTables"
        }) {
      AwsException e =
          catchThrowableOfType(
              AwsException.class, () -> codec.resolveOperation(dynamo, request(target, "{}")));
      assertThat(e).as("target %s", target).isNotNull();
      assertThat(e.code()).isEqualTo("UnknownOperationException");
      assertThat(e.status()).isEqualTo(400);
    }
    assertThat(codec.resolveOperation(dynamo, request("DynamoDB_20120810.ListTables", "")).name())
        .isEqualTo("ListTables");
  }

  @Test
  void targetPrefixesWithDotsResolve() {
    ServiceModel cloudTrail = MODELS.load("cloudtrail");
    String target = cloudTrail.targetPrefix() + ".LookupEvents";
    assertThat(codec.resolveOperation(cloudTrail, request(target, "{}")).name())
        .isEqualTo("LookupEvents");
  }

  @Test
  void unservedOperationsAreNotImplemented() throws Exception {
    ServiceModel toy =
        ServiceModelLoader.parse(
            "toy",
            MAPPER.readTree(
                """
                {"metadata":{"protocol":"json","jsonVersion":"1.1","targetPrefix":"Toy_1",
                             "serviceId":"Toy","apiVersion":"2020-01-01","endpointPrefix":"toy"},
                 "operations":{"Ping":{"name":"Ping","input":{"shape":"PingInput"}}},
                 "shapes":{"PingInput":{"type":"structure","members":{}}},
                 "unservedOperations":["Pong"]}
                """));
    AwsException e =
        catchThrowableOfType(
            AwsException.class, () -> codec.resolveOperation(toy, request("Toy_1.Pong", "{}")));
    assertThat(e.code()).isEqualTo("NotImplemented");
    assertThat(e.status()).isEqualTo(501);
    assertThat(
            catchThrowableOfType(
                    AwsException.class,
                    () -> codec.resolveOperation(toy, request("Toy_1.Pang", "{}")))
                .code())
        .isEqualTo("UnknownOperationException");
    OperationModel ping = codec.resolveOperation(toy, request("Toy_1.Ping", ""));
    WireResponse response = codec.encodeOutput(toy, ping, null, META);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    // No output shape: an empty body, as DynamoDB answers TagResource.
    assertThat(response.body().length()).isZero();
  }

  @Test
  void dynamoErrorsUseCoralNamespaces() throws Exception {
    OperationModel getItem = dynamo.operation("GetItem").orElseThrow();
    WireResponse notFound =
        codec.encodeError(
            dynamo,
            getItem,
            new AwsException("ResourceNotFoundException", 400, "Requested resource not found"),
            META);
    assertThat(notFound.status()).isEqualTo(400);
    assertThat(notFound.headers().get("Content-Type")).isEqualTo("application/x-amz-json-1.0");
    assertThat(notFound.headers().get("x-amzn-ErrorType")).isEqualTo("ResourceNotFoundException");
    assertThat(notFound.headers().contains("x-amzn-query-error")).isFalse();
    assertThat(json(notFound))
        .isEqualTo(
            MAPPER.readTree(
                "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException\","
                    + "\"message\":\"Requested resource not found\"}"));

    AwsException unknown =
        catchThrowableOfType(
            AwsException.class, () -> codec.resolveOperation(dynamo, request("Nope.X", "{}")));
    assertThat(json(codec.encodeError(dynamo, null, unknown, META)))
        .isEqualTo(
            MAPPER.readTree("{\"__type\":\"com.amazon.coral.service#UnknownOperationException\"}"));
  }

  @Test
  void olderJsonServicesSendPlainCodes() throws Exception {
    ServiceModel kinesis = MODELS.load("kinesis");
    WireResponse response =
        codec.encodeError(
            kinesis,
            kinesis.operation("PutRecord").orElseThrow(),
            new AwsException("ResourceNotFoundException", 400, "Stream s not found.")
                .with("Extra", 3),
            META);
    assertThat(response.headers().get("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(json(response))
        .isEqualTo(
            MAPPER.readTree(
                "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Stream s not found.\","
                    + "\"Extra\":3}"));
  }

  @Test
  void queryCompatibleJsonErrorsNameTheShapeAndCarryTheQueryCode() throws Exception {
    ServiceModel cloudWatch = MODELS.load("monitoring");
    WireResponse response =
        codec.encodeError(
            cloudWatch,
            cloudWatch.operation("GetDashboard").orElseThrow(),
            new AwsException("ResourceNotFound", 404, "Dashboard x does not exist"),
            META);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.headers().get("x-amzn-query-error")).isEqualTo("ResourceNotFound;Sender");
    assertThat(response.headers().get("x-amzn-ErrorType")).isEqualTo("DashboardNotFoundError");
    assertThat(json(response).get("__type").textValue())
        .isEqualTo("com.amazonaws.cloudwatch#DashboardNotFoundError");

    WireResponse serverSide =
        codec.encodeError(
            cloudWatch, null, new AwsException("InternalServiceError", 500, "boom"), META);
    assertThat(serverSide.headers().get("x-amzn-query-error"))
        .isEqualTo("InternalServiceError;Receiver");
    assertThat(json(serverSide).get("__type").textValue())
        .isEqualTo("com.amazonaws.cloudwatch#InternalServiceFault");
  }

  @Test
  void outputTimestampsAreEpochSecondsAndBlobsBase64() throws Exception {
    ServiceModel kinesis = MODELS.load("kinesis");
    ObjectNode output = MAPPER.createObjectNode();
    ObjectNode record = output.putArray("Records").addObject();
    record
        .put("SequenceNumber", "1")
        .put("PartitionKey", "pk")
        .put("ApproximateArrivalTimestamp", "2024-01-02T03:04:05.678Z")
        .set("Data", BinaryNode.valueOf(new byte[] {'h', 'i'}));
    output.put("MillisBehindLatest", 0L).put("NotInModel", true);
    WireResponse response =
        codec.encodeOutput(kinesis, kinesis.operation("GetRecords").orElseThrow(), output, META);
    assertThat(new String(((ResponseBody.Bytes) response.body()).bytes(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"Records\":[{\"SequenceNumber\":\"1\",\"PartitionKey\":\"pk\","
                + "\"ApproximateArrivalTimestamp\":1704164645.678,\"Data\":\"aGk=\"}],"
                + "\"MillisBehindLatest\":0}");
  }
}
