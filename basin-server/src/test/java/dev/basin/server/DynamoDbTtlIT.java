package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoDB time to live on Basin's test clock: expired items are swept when the clock moves. */
class DynamoDbTtlIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start("--test-clock");
    ddb = basin.client(DynamoDbClient.builder());
  }

  @AfterAll
  static void stop() throws Exception {
    ddb.close();
    basin.close();
  }

  static List<String> ids(String table) {
    List<String> ids = new ArrayList<>();
    ddb.scan(r -> r.tableName(table)).items().forEach(i -> ids.add(i.get("id").s()));
    return ids;
  }

  @Test
  void expiredItemsStayReadableUntilTheClockMovesThenDisappearWithTheirIndexEntries() {
    ddb.createTable(
        r ->
            r.tableName("Sessions")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(DynamoDbIndexesIT.hash("id"))
                .attributeDefinitions(
                    DynamoDbIndexesIT.attr("id", ScalarAttributeType.S),
                    DynamoDbIndexesIT.attr("user", ScalarAttributeType.S))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName("byUser")
                        .keySchema(DynamoDbIndexesIT.hash("user"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build()));
    ddb.updateTimeToLive(
        r ->
            r.tableName("Sessions")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("exp")));
    long now = basin.testClock().now().getEpochSecond();
    Map<String, Long> expiries =
        Map.of(
            "past",
            now - 10,
            "soon",
            now + 60,
            "later",
            now + 3600,
            "ancient",
            now - 6L * 365 * 24 * 3600);
    expiries.forEach(
        (id, exp) ->
            ddb.putItem(
                r ->
                    r.tableName("Sessions")
                        .item(
                            Map.of(
                                "id", AttributeValue.fromS(id),
                                "user", AttributeValue.fromS("u"),
                                "exp", AttributeValue.fromN(Long.toString(exp))))));
    ddb.putItem(r -> r.tableName("Sessions").item(Map.of("id", AttributeValue.fromS("forever"))));
    ddb.putItem(
        r ->
            r.tableName("Sessions")
                .item(
                    Map.of("id", AttributeValue.fromS("text"), "exp", AttributeValue.fromS("1"))));

    // not swept yet: DynamoDB too returns expired items until its background process deletes them
    assertThat(ids("Sessions")).contains("past");

    basin.testClock().advance(Duration.ofSeconds(1));
    assertThat(ids("Sessions"))
        .containsExactlyInAnyOrder("soon", "later", "ancient", "forever", "text");

    basin.testClock().advance(Duration.ofSeconds(120));
    assertThat(ids("Sessions")).containsExactlyInAnyOrder("later", "ancient", "forever", "text");
    var byUser =
        ddb.query(
            r ->
                r.tableName("Sessions")
                    .indexName("byUser")
                    .keyConditionExpression("#u = :u")
                    .expressionAttributeNames(Map.of("#u", "user"))
                    .expressionAttributeValues(Map.of(":u", AttributeValue.fromS("u"))));
    assertThat(byUser.items())
        .extracting(i -> i.get("id").s())
        .containsExactlyInAnyOrder("later", "ancient");
  }

  @Test
  void tablesWithoutTtlKeepTheirItems() {
    DynamoDbTablesIT.createHashTable(ddb, "NoTtl");
    long past = basin.testClock().now().getEpochSecond() - 100;
    ddb.putItem(
        r ->
            r.tableName("NoTtl")
                .item(
                    Map.of(
                        "id", AttributeValue.fromS("x"),
                        "exp", AttributeValue.fromN(Long.toString(past)))));
    basin.testClock().advance(Duration.ofSeconds(5));
    assertThat(ids("NoTtl")).containsExactly("x");
  }
}
