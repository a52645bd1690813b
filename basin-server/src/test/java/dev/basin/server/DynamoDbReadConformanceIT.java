package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Query, Scan and Streams behaviours that DynamoDB's conformance tests pin down: the checks of the
 * legacy {@code QueryFilter}/{@code KeyConditions} parameters, and the edges of the streams API.
 */
class DynamoDbReadConformanceIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;
  static DynamoDbStreamsClient streams;
  static final String TABLE = "reads";

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
    streams = basin.client(DynamoDbStreamsClient.builder());
    ddb.createTable(
        r ->
            r.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(
                    KeySchemaElement.builder().attributeName("p").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("c").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                    DynamoDbIndexesIT.attr("p", ScalarAttributeType.S),
                    DynamoDbIndexesIT.attr("c", ScalarAttributeType.N)));
    for (int i = 0; i < 3; i++) {
      int n = i;
      ddb.putItem(
          r ->
              r.tableName(TABLE)
                  .item(
                      Map.of(
                          "p", AttributeValue.fromS("k"),
                          "c", AttributeValue.fromN(Integer.toString(n)),
                          "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2, 3})),
                          "l", AttributeValue.fromL(List.of(AttributeValue.fromN("1"))))));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    streams.close();
    ddb.close();
    basin.close();
  }

  static Condition condition(ComparisonOperator operator, AttributeValue... values) {
    return Condition.builder().comparisonOperator(operator).attributeValueList(values).build();
  }

  static QueryRequest.Builder queryK() {
    return QueryRequest.builder()
        .tableName(TABLE)
        .keyConditions(Map.of("p", condition(ComparisonOperator.EQ, AttributeValue.fromS("k"))));
  }

  static String queryError(QueryRequest request) {
    try {
      ddb.query(request);
    } catch (DynamoDbException e) {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
      return e.awsErrorDetails().errorMessage();
    }
    throw new AssertionError("Query succeeded: " + request);
  }

  @Test
  void queryFilterMayNotNameAKeyAttribute() {
    assertThat(
            queryError(
                queryK()
                    .queryFilter(
                        Map.of(
                            "c", condition(ComparisonOperator.EQ, AttributeValue.fromN("1")),
                            "x", condition(ComparisonOperator.EQ, AttributeValue.fromN("1"))))
                    .build()))
        .isEqualTo(
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: c");
    assertThat(
            queryError(
                queryK()
                    .queryFilter(
                        Map.of("p", condition(ComparisonOperator.EQ, AttributeValue.fromS("k"))))
                    .build()))
        .endsWith("Primary key attribute: p");
  }

  @Test
  void scanFilterMayNameKeyAttributes() {
    assertThat(
            ddb.scan(
                    r ->
                        r.tableName(TABLE)
                            .scanFilter(
                                Map.of(
                                    "c",
                                    condition(ComparisonOperator.GE, AttributeValue.fromN("1")))))
                .count())
        .isEqualTo(2);
  }

  @Test
  void orderingOperatorsRefuseNonScalarOperands() {
    assertThat(
            queryError(
                queryK()
                    .queryFilter(
                        Map.of(
                            "l",
                            condition(
                                ComparisonOperator.LT,
                                AttributeValue.fromL(List.of(AttributeValue.fromN("1"))))))
                    .build()))
        .isEqualTo(
            "One or more parameter values were invalid: ComparisonOperator LT is not valid for L"
                + " AttributeValue type");
    assertThat(
            queryError(
                queryK()
                    .queryFilter(
                        Map.of(
                            "x",
                            condition(ComparisonOperator.BEGINS_WITH, AttributeValue.fromN("1"))))
                    .build()))
        .contains("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  }

  @Test
  void betweenAndInOperandsShareATypeAndBetweenIsOrdered() {
    assertThat(
            queryError(
                queryK()
                    .queryFilter(
                        Map.of(
                            "x",
                            condition(
                                ComparisonOperator.BETWEEN,
                                AttributeValue.fromS("a"),
                                AttributeValue.fromN("3"))))
                    .build()))
        .isEqualTo(
            "One or more parameter values were invalid: AttributeValues inside"
                + " AttributeValueList must be of same type");
    assertThat(
            queryError(
                queryK()
                    .queryFilter(
                        Map.of(
                            "x",
                            condition(
                                ComparisonOperator.IN,
                                AttributeValue.fromS("a"),
                                AttributeValue.fromN("3"))))
                    .build()))
        .contains("must be of same type");
    assertThat(
            queryError(
                queryK()
                    .queryFilter(
                        Map.of(
                            "x",
                            condition(
                                ComparisonOperator.BETWEEN,
                                AttributeValue.fromN("5"),
                                AttributeValue.fromN("3"))))
                    .build()))
        .contains("The BETWEEN condition was provided a range where the lower bound is greater");
  }

  @Test
  void keyConditionsBeginsWithOnANumberKeyNamesTheOperator() {
    assertThat(
            queryError(
                QueryRequest.builder()
                    .tableName(TABLE)
                    .keyConditions(
                        Map.of(
                            "p", condition(ComparisonOperator.EQ, AttributeValue.fromS("k")),
                            "c",
                                condition(
                                    ComparisonOperator.BEGINS_WITH, AttributeValue.fromN("1"))))
                    .build()))
        .contains("ComparisonOperator BEGINS_WITH is not valid for N AttributeValue type");
  }

  @Test
  void conditionalOperatorIsAndOrOr() {
    assertThat(
            queryError(
                queryK()
                    .queryFilter(
                        Map.of(
                            "x",
                            condition(ComparisonOperator.NULL),
                            "y",
                            condition(ComparisonOperator.NULL)))
                    .conditionalOperator("DOG")
                    .build()))
        .contains("Value 'DOG' at 'conditionalOperator'");
  }

  @Test
  void containsFindsABinarySubstring() {
    assertThat(
            ddb.query(
                    queryK()
                        .queryFilter(
                            Map.of(
                                "b",
                                condition(
                                    ComparisonOperator.CONTAINS,
                                    AttributeValue.fromB(
                                        SdkBytes.fromByteArray(new byte[] {2, 3})))))
                        .build())
                .count())
        .isEqualTo(3);
    assertThat(
            ddb.query(
                    queryK()
                        .queryFilter(
                            Map.of(
                                "b",
                                condition(
                                    ComparisonOperator.NOT_CONTAINS,
                                    AttributeValue.fromB(
                                        SdkBytes.fromByteArray(new byte[] {3, 2})))))
                        .build())
                .count())
        .isEqualTo(3);
  }

  @Test
  void streamsEdges() {
    String arn =
        ddb.createTable(
                r ->
                    r.tableName("reads-stream")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(DynamoDbIndexesIT.hash("id"))
                        .attributeDefinitions(DynamoDbIndexesIT.attr("id", ScalarAttributeType.S))
                        .streamSpecification(
                            s -> s.streamEnabled(true).streamViewType(StreamViewType.KEYS_ONLY)))
            .tableDescription()
            .latestStreamArn();
    // A malformed ARN is a validation error, not a missing resource.
    assertThatThrownBy(() -> streams.describeStream(r -> r.streamArn("x".repeat(50))))
        .isInstanceOf(DynamoDbException.class)
        .satisfies(
            e ->
                assertThat(((DynamoDbException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ValidationException"));
    assertThatThrownBy(
            () ->
                streams.listStreams(
                    r -> r.tableName("reads-stream").exclusiveStartStreamArn("y".repeat(50))))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Invalid StreamArn");

    Shard shard = streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards().get(0);
    // ExclusiveStartShardId lists the shards after it in ID order: none after "zzz".
    assertThat(
            streams
                .describeStream(
                    r ->
                        r.streamArn(arn)
                            .exclusiveStartShardId("shardId-99999999999999999999-zzzzzzzz"))
                .streamDescription()
                .shards())
        .isEmpty();
    assertThat(
            streams
                .describeStream(
                    r ->
                        r.streamArn(arn)
                            .exclusiveStartShardId("shardId-00000000000000000000-00000000"))
                .streamDescription()
                .shards())
        .hasSize(1);

    // The StartingSequenceNumber of a shard without records is a valid AT/AFTER position.
    String start = shard.sequenceNumberRange().startingSequenceNumber();
    String at =
        streams
            .getShardIterator(
                r ->
                    r.streamArn(arn)
                        .shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                        .sequenceNumber(start))
            .shardIterator();
    assertThat(
            streams
                .getShardIterator(
                    r ->
                        r.streamArn(arn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                            .sequenceNumber(start))
                .shardIterator())
        .isNotEmpty();
    assertThatThrownBy(
            () ->
                streams.getShardIterator(
                    r ->
                        r.streamArn(arn)
                            .shardId(shard.shardId())
                            .shardIteratorType(ShardIteratorType.LATEST)
                            .sequenceNumber(start)))
        .isInstanceOf(DynamoDbException.class)
        .hasMessageContaining("Must not specify a SequenceNumber");
    ddb.putItem(r -> r.tableName("reads-stream").item(Map.of("id", AttributeValue.fromS("one"))));
    List<Record> records = streams.getRecords(r -> r.shardIterator(at)).records();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).dynamodb().keys()).containsEntry("id", AttributeValue.fromS("one"));
  }
}
