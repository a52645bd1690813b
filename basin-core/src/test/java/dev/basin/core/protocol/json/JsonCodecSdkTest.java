package dev.basin.core.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.model.ServiceModelLoader;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/** The JSON codec against the real AWS SDK for Java v2 DynamoDB client, both directions. */
class JsonCodecSdkTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static CodecServer server;
  private static DynamoDbClient dynamo;

  @BeforeAll
  static void start() throws Exception {
    server = new CodecServer(new JsonCodec(), new ServiceModelLoader().load("dynamodb"));
    dynamo =
        DynamoDbClient.builder()
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
    dynamo.close();
    server.close();
  }

  @Test
  void putItemDecodesNestedAttributeValuesAndEncodesReturnedAttributes() throws Exception {
    byte[] blob = {0, 1, 2, (byte) 0xff, 'x'};
    ObjectNode old = (ObjectNode) MAPPER.readTree("{\"Attributes\":{\"old\":{\"N\":\"7\"}}}");
    ((ObjectNode) old.get("Attributes")).putObject("raw").set("B", BinaryNode.valueOf(blob));
    server.respond((op, in) -> old);

    PutItemResponse response =
        dynamo.putItem(
            r ->
                r.tableName("things")
                    .returnValues(ReturnValue.ALL_OLD)
                    .conditionExpression("attribute_not_exists(id)")
                    .item(
                        Map.of(
                            "id", AttributeValue.fromS("a-1"),
                            "count", AttributeValue.fromN("42"),
                            "bin", AttributeValue.fromB(SdkBytes.fromByteArray(blob)),
                            "tags", AttributeValue.fromSs(List.of("x", "y")),
                            "list",
                                AttributeValue.fromL(
                                    List.of(
                                        AttributeValue.fromS("e"), AttributeValue.fromN("1.5"))),
                            "nested",
                                AttributeValue.fromM(
                                    Map.of(
                                        "flag", AttributeValue.fromBool(true),
                                        "nothing", AttributeValue.fromNul(true),
                                        "deep",
                                            AttributeValue.fromM(
                                                Map.of(
                                                    "b",
                                                    AttributeValue.fromB(
                                                        SdkBytes.fromUtf8String("hi")))))))));

    CodecServer.Seen seen = server.last();
    assertThat(seen.operation().name()).isEqualTo("PutItem");
    assertThat(seen.request().header("X-Amz-Target")).isEqualTo("DynamoDB_20120810.PutItem");
    ObjectNode input = seen.input();
    assertThat(input.get("TableName").textValue()).isEqualTo("things");
    assertThat(input.get("ReturnValues").textValue()).isEqualTo("ALL_OLD");
    JsonNode item = input.get("Item");
    assertThat(item.get("id").get("S").textValue()).isEqualTo("a-1");
    assertThat(item.get("count").get("N").isTextual()).isTrue();
    assertThat(item.get("count").get("N").textValue()).isEqualTo("42");
    assertThat(item.get("bin").get("B")).isInstanceOf(BinaryNode.class);
    assertThat(item.get("bin").get("B").binaryValue()).isEqualTo(blob);
    assertThat(item.get("tags").get("SS"))
        .extracting(JsonNode::textValue)
        .containsExactly("x", "y");
    assertThat(item.get("list").get("L").get(0).get("S").textValue()).isEqualTo("e");
    assertThat(item.get("list").get("L").get(1).get("N").textValue()).isEqualTo("1.5");
    JsonNode nested = item.get("nested").get("M");
    assertThat(nested.get("flag").get("BOOL").booleanValue()).isTrue();
    assertThat(nested.get("nothing").get("NULL").booleanValue()).isTrue();
    assertThat(nested.get("deep").get("M").get("b").get("B").binaryValue())
        .isEqualTo("hi".getBytes(StandardCharsets.UTF_8));

    assertThat(response.attributes().get("old").n()).isEqualTo("7");
    assertThat(response.attributes().get("raw").b().asByteArray()).isEqualTo(blob);
  }

  @Test
  void queryOutputCarriesItemsAndLastEvaluatedKey() throws Exception {
    JsonNode output =
        MAPPER.readTree(
            """
            {"Items":[{"pk":{"S":"p"},"sk":{"N":"1"},"data":{"L":[{"S":"a"},{"M":{"k":{"NS":["1","2"]}}}]}},
                      {"pk":{"S":"p"},"sk":{"N":"2"}}],
             "Count":2,"ScannedCount":5,
             "LastEvaluatedKey":{"pk":{"S":"p"},"sk":{"N":"2"}},
             "NotInModel":"dropped"}
            """);
    server.respond((op, in) -> output);

    QueryResponse response =
        dynamo.query(
            r ->
                r.tableName("things")
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("p")))
                    .limit(2));

    ObjectNode input = server.last().input();
    assertThat(input.get("Limit").intValue()).isEqualTo(2);
    assertThat(input.get("ExpressionAttributeValues").get(":p").get("S").textValue())
        .isEqualTo("p");
    assertThat(response.count()).isEqualTo(2);
    assertThat(response.scannedCount()).isEqualTo(5);
    assertThat(response.items()).hasSize(2);
    assertThat(response.items().get(0).get("data").l().get(1).m().get("k").ns())
        .containsExactly("1", "2");
    assertThat(response.lastEvaluatedKey())
        .isEqualTo(Map.of("pk", AttributeValue.fromS("p"), "sk", AttributeValue.fromN("2")));
  }

  @Test
  void describeTableTimestampsArriveAsInstants() throws Exception {
    Instant created = Instant.parse("2024-03-04T05:06:07.891Z");
    Instant increased = Instant.parse("2024-03-05T00:00:00Z");
    ObjectNode output = MAPPER.createObjectNode();
    ObjectNode table = output.putObject("Table");
    table.put("TableName", "things").put("TableStatus", "ACTIVE").put("ItemCount", 12L);
    table.set("CreationDateTime", Timestamps.node(created));
    table
        .putObject("ProvisionedThroughput")
        .put("ReadCapacityUnits", 5)
        .put("WriteCapacityUnits", 5)
        .put("LastIncreaseDateTime", "2024-03-05T00:00:00Z");
    server.respond((op, in) -> output);

    DescribeTableResponse response = dynamo.describeTable(r -> r.tableName("things"));

    assertThat(response.table().tableName()).isEqualTo("things");
    assertThat(response.table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(response.table().itemCount()).isEqualTo(12L);
    assertThat(response.table().creationDateTime()).isEqualTo(created);
    assertThat(response.table().provisionedThroughput().lastIncreaseDateTime())
        .isEqualTo(increased);
  }

  @Test
  void resourceNotFoundSurfacesWithCodeMessageAndStatus() {
    server.respond(
        (op, in) -> {
          throw new AwsException("ResourceNotFoundException", 400, "Requested resource not found");
        });

    ResourceNotFoundException e =
        catchThrowableOfType(
            ResourceNotFoundException.class,
            () ->
                dynamo.getItem(
                    r -> r.tableName("missing").key(Map.of("id", AttributeValue.fromS("x")))));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Requested resource not found");
    assertThat(e.statusCode()).isEqualTo(400);
  }

  @Test
  void conditionalCheckFailedSurfacesWithItsFields() {
    server.respond(
        (op, in) -> {
          throw new AwsException(
                  "ConditionalCheckFailedException", 400, "The conditional request failed")
              .with(
                  "Item",
                  MAPPER.createObjectNode().set("id", MAPPER.createObjectNode().put("S", "a-1")));
        });

    ConditionalCheckFailedException e =
        catchThrowableOfType(
            ConditionalCheckFailedException.class,
            () ->
                dynamo.putItem(
                    r -> r.tableName("things").item(Map.of("id", AttributeValue.fromS("a-1")))));

    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ConditionalCheckFailedException");
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.item()).isEqualTo(Map.of("id", AttributeValue.fromS("a-1")));
  }

  @Test
  void decodedTimestampsAreDecimalSeconds() {
    // The DynamoDB input shapes barely carry timestamps; check the value form on one that does.
    server.respond((op, in) -> null);
    Instant from = Instant.parse("2024-01-01T00:00:00.250Z");
    dynamo.listBackups(r -> r.tableName("things").timeRangeLowerBound(from));
    JsonNode bound = server.last().input().get("TimeRangeLowerBound");
    assertThat(bound).isInstanceOf(DecimalNode.class);
    assertThat(Timestamps.instant(bound)).isEqualTo(from);
  }
}
