package dev.basin.server;

import static dev.basin.server.DynamoDbTablesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** DynamoDB secondary indexes through the SDK: definitions, maintenance, queries, UpdateTable. */
class DynamoDbIndexesIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
  }

  @AfterAll
  static void stop() throws Exception {
    ddb.close();
    basin.close();
  }

  static KeySchemaElement hash(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
  }

  static KeySchemaElement range(String name) {
    return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
  }

  static AttributeDefinition attr(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  /**
   * Orders: pk customer, sk orderId; LSI by amount (KEYS_ONLY); GSIs by status (INCLUDE), by sku
   * (ALL).
   */
  static void createOrders(String name) {
    ddb.createTable(
        r ->
            r.tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(hash("customer"), range("orderId"))
                .attributeDefinitions(
                    attr("customer", ScalarAttributeType.S),
                    attr("orderId", ScalarAttributeType.S),
                    attr("amount", ScalarAttributeType.N),
                    attr("status", ScalarAttributeType.S),
                    attr("sku", ScalarAttributeType.S))
                .localSecondaryIndexes(
                    LocalSecondaryIndex.builder()
                        .indexName("byAmount")
                        .keySchema(hash("customer"), range("amount"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .build())
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName("byStatus")
                        .keySchema(hash("status"), range("amount"))
                        .projection(
                            p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("note"))
                        .build(),
                    GlobalSecondaryIndex.builder()
                        .indexName("bySku")
                        .keySchema(hash("sku"))
                        .projection(p -> p.projectionType(ProjectionType.ALL))
                        .build()));
  }

  static void putOrder(String table, String customer, String id, Map<String, AttributeValue> more) {
    Map<String, AttributeValue> item = new HashMap<>(more);
    item.put("customer", s(customer));
    item.put("orderId", s(id));
    ddb.putItem(r -> r.tableName(table).item(item));
  }

  static List<String> ids(QueryResponse response) {
    List<String> ids = new ArrayList<>();
    response.items().forEach(i -> ids.add(i.get("orderId").s()));
    return ids;
  }

  @Test
  void createTableValidatesIndexDefinitions() {
    assertError(
        () ->
            ddb.createTable(
                r ->
                    r.tableName("BadIdx1")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(hash("id"))
                        .attributeDefinitions(
                            attr("id", ScalarAttributeType.S),
                            attr("unused", ScalarAttributeType.S))
                        .globalSecondaryIndexes(
                            GlobalSecondaryIndex.builder()
                                .indexName("gsi")
                                .keySchema(hash("id"))
                                .projection(p -> p.projectionType(ProjectionType.ALL))
                                .build())),
        "ValidationException",
        "One or more parameter values were invalid: Some AttributeDefinitions are not used."
            + " AttributeDefinitions: [id, unused], keys used: [id]");
    assertError(
        () ->
            ddb.createTable(
                r ->
                    r.tableName("BadIdx2")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(hash("a"), range("b"))
                        .attributeDefinitions(
                            attr("a", ScalarAttributeType.S),
                            attr("b", ScalarAttributeType.S),
                            attr("c", ScalarAttributeType.S))
                        .localSecondaryIndexes(
                            LocalSecondaryIndex.builder()
                                .indexName("lsi")
                                .keySchema(hash("c"), range("b"))
                                .projection(p -> p.projectionType(ProjectionType.ALL))
                                .build())),
        "ValidationException",
        "One or more parameter values were invalid: Index KeySchema does not have the same leading"
            + " hash key as table KeySchema for index: lsi. index hash key: c, table hash key: a");
    assertError(
        () ->
            ddb.createTable(
                r ->
                    r.tableName("BadIdx3")
                        .billingMode(BillingMode.PROVISIONED)
                        .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))
                        .keySchema(hash("a"))
                        .attributeDefinitions(
                            attr("a", ScalarAttributeType.S), attr("g", ScalarAttributeType.S))
                        .globalSecondaryIndexes(
                            GlobalSecondaryIndex.builder()
                                .indexName("gsi")
                                .keySchema(hash("g"))
                                .projection(p -> p.projectionType(ProjectionType.INCLUDE))
                                .provisionedThroughput(
                                    t -> t.readCapacityUnits(1L).writeCapacityUnits(1L))
                                .build())),
        "ValidationException",
        "One or more parameter values were invalid: ProjectionType is INCLUDE, but NonKeyAttributes"
            + " is not specified");
    assertError(
        () ->
            ddb.createTable(
                r ->
                    r.tableName("BadIdx4")
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .keySchema(hash("a"))
                        .attributeDefinitions(attr("a", ScalarAttributeType.S))
                        .globalSecondaryIndexes(
                            GlobalSecondaryIndex.builder()
                                .indexName("gsi")
                                .keySchema(hash("g"))
                                .projection(p -> p.projectionType(ProjectionType.ALL))
                                .build())),
        "ValidationException",
        "One or more parameter values were invalid: Some index key attributes are not defined in"
            + " AttributeDefinitions. Keys: [a, g], AttributeDefinitions: [a]");
    assertThat(ddb.listTables().tableNames()).noneMatch(t -> t.startsWith("BadIdx"));
  }

  @Test
  void describeListsIndexesWithCountsAndProvisionedThroughput() {
    ddb.createTable(
        r ->
            r.tableName("ProvIdx")
                .billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(t -> t.readCapacityUnits(5L).writeCapacityUnits(5L))
                .keySchema(hash("id"))
                .attributeDefinitions(
                    attr("id", ScalarAttributeType.S), attr("g", ScalarAttributeType.N))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName("byG")
                        .keySchema(hash("g"))
                        .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))
                        .provisionedThroughput(t -> t.readCapacityUnits(3L).writeCapacityUnits(2L))
                        .build()));
    ddb.putItem(r -> r.tableName("ProvIdx").item(Map.of("id", s("a"), "g", n(1), "x", s("big"))));
    ddb.putItem(r -> r.tableName("ProvIdx").item(Map.of("id", s("b"))));
    TableDescription table = ddb.describeTable(r -> r.tableName("ProvIdx")).table();
    assertThat(table.itemCount()).isEqualTo(2);
    GlobalSecondaryIndexDescription gsi = table.globalSecondaryIndexes().get(0);
    assertThat(gsi.indexName()).isEqualTo("byG");
    assertThat(gsi.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
    assertThat(gsi.indexArn()).isEqualTo(table.tableArn() + "/index/byG");
    assertThat(gsi.itemCount()).isEqualTo(1);
    assertThat(gsi.indexSizeBytes()).isPositive();
    assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
    assertThat(gsi.keySchema()).containsExactly(hash("g"));
    assertThat(gsi.provisionedThroughput().readCapacityUnits()).isEqualTo(3);
    assertThat(gsi.provisionedThroughput().writeCapacityUnits()).isEqualTo(2);
  }

  @Test
  void indexesFollowEveryWritePathAndProjectTheirAttributes() {
    createOrders("Orders");
    putOrder(
        "Orders",
        "c1",
        "o1",
        Map.of(
            "amount", n(30), "status", s("OPEN"), "note", s("n1"), "sku", s("X"), "secret",
            s("s1")));
    putOrder("Orders", "c1", "o2", Map.of("amount", n(10), "status", s("OPEN"), "sku", s("Y")));
    putOrder("Orders", "c1", "o3", Map.of("amount", n(20)));
    putOrder("Orders", "c2", "o4", Map.of("amount", n(5), "status", s("SHIPPED")));

    // GSI with INCLUDE: keys + note only, ordered by amount; sparse (o3 has no status)
    QueryResponse open =
        ddb.query(
            r ->
                r.tableName("Orders")
                    .indexName("byStatus")
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", s("OPEN"))));
    assertThat(ids(open)).containsExactly("o2", "o1");
    assertThat(open.items().get(1))
        .containsOnlyKeys("customer", "orderId", "status", "amount", "note");

    // LSI ordering by amount, reverse
    QueryResponse byAmount =
        ddb.query(
            r ->
                r.tableName("Orders")
                    .indexName("byAmount")
                    .keyConditionExpression("customer = :c AND amount > :a")
                    .expressionAttributeValues(Map.of(":c", s("c1"), ":a", n(10)))
                    .scanIndexForward(false));
    assertThat(ids(byAmount)).containsExactly("o1", "o3");
    assertThat(byAmount.items().get(0)).containsOnlyKeys("customer", "orderId", "amount");
    // LSI asked for all attributes fetches them from the table
    QueryResponse full =
        ddb.query(
            r ->
                r.tableName("Orders")
                    .indexName("byAmount")
                    .select("ALL_ATTRIBUTES")
                    .keyConditionExpression("customer = :c")
                    .expressionAttributeValues(Map.of(":c", s("c1"))));
    assertThat(ids(full)).containsExactly("o2", "o3", "o1");
    assertThat(full.items().get(2)).containsEntry("secret", s("s1"));

    // update moves the item within the GSI, delete removes it, batch write adds
    ddb.updateItem(
        r ->
            r.tableName("Orders")
                .key(Map.of("customer", s("c1"), "orderId", s("o2")))
                .updateExpression("SET #s = :x")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":x", s("SHIPPED"))));
    ddb.deleteItem(r -> r.tableName("Orders").key(Map.of("customer", s("c1"), "orderId", s("o1"))));
    ddb.batchWriteItem(
        r ->
            r.requestItems(
                Map.of(
                    "Orders",
                    List.of(
                        WriteRequest.builder()
                            .putRequest(
                                p ->
                                    p.item(
                                        Map.of(
                                            "customer", s("c3"),
                                            "orderId", s("o5"),
                                            "amount", n(1),
                                            "status", s("SHIPPED"))))
                            .build()))));
    QueryResponse shipped =
        ddb.query(
            r ->
                r.tableName("Orders")
                    .indexName("byStatus")
                    .keyConditionExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", s("SHIPPED"))));
    assertThat(ids(shipped)).containsExactly("o5", "o4", "o2");
    assertThat(
            ddb.query(
                    r ->
                        r.tableName("Orders")
                            .indexName("byStatus")
                            .keyConditionExpression("#s = :s")
                            .expressionAttributeNames(Map.of("#s", "status"))
                            .expressionAttributeValues(Map.of(":s", s("OPEN"))))
                .count())
        .isZero();

    // a wrong index key type is rejected and nothing is written
    assertError(
        () -> putOrder("Orders", "c9", "o9", Map.of("status", n(1))),
        "ValidationException",
        "One or more parameter values were invalid: Type mismatch for Index Key status Expected: S"
            + " Actual: N IndexName: byStatus");
    assertThat(
            ddb.getItem(
                    r -> r.tableName("Orders").key(Map.of("customer", s("c9"), "orderId", s("o9"))))
                .hasItem())
        .isFalse();

    // scan of a GSI sees only indexed items, paged
    List<String> scanned = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      var page =
          ddb.scan(r -> r.tableName("Orders").indexName("bySku").limit(1).exclusiveStartKey(from));
      page.items().forEach(i -> scanned.add(i.get("sku").s()));
      start =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (start != null);
    assertThat(scanned).containsExactly("Y");

    assertError(
        () ->
            ddb.query(
                r ->
                    r.tableName("Orders")
                        .indexName("bySku")
                        .consistentRead(true)
                        .keyConditionExpression("sku = :s")
                        .expressionAttributeValues(Map.of(":s", s("Y")))),
        "ValidationException",
        "Consistent reads are not supported on global secondary indexes");
    assertError(
        () ->
            ddb.query(
                r ->
                    r.tableName("Orders")
                        .indexName("nope")
                        .keyConditionExpression("sku = :s")
                        .expressionAttributeValues(Map.of(":s", s("Y")))),
        "ValidationException",
        "The table does not have the specified index: nope");
  }

  @Test
  void indexQueriesPageWithIndexAndTableKeys() {
    createOrders("Paged");
    for (int i = 0; i < 7; i++) {
      int k = i;
      putOrder("Paged", "c" + (i % 3), "o" + i, Map.of("amount", n(100), "status", s("OPEN")));
    }
    List<String> seen = new ArrayList<>();
    Map<String, AttributeValue> start = null;
    do {
      Map<String, AttributeValue> from = start;
      QueryResponse page =
          ddb.query(
              r ->
                  r.tableName("Paged")
                      .indexName("byStatus")
                      .limit(3)
                      .exclusiveStartKey(from)
                      .keyConditionExpression("#s = :s")
                      .expressionAttributeNames(Map.of("#s", "status"))
                      .expressionAttributeValues(Map.of(":s", s("OPEN"))));
      seen.addAll(ids(page));
      if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
        assertThat(page.lastEvaluatedKey())
            .containsOnlyKeys("customer", "orderId", "status", "amount");
        start = page.lastEvaluatedKey();
      } else {
        start = null;
      }
    } while (start != null);
    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
  }

  @Test
  void updateTableAddsABackfilledIndexAndDeletesIt() {
    ddb.createTable(
        r ->
            r.tableName("Grow")
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(hash("id"))
                .attributeDefinitions(attr("id", ScalarAttributeType.S)));
    for (int i = 0; i < 5; i++) {
      int k = i;
      Map<String, AttributeValue> item = new HashMap<>();
      item.put("id", s("i" + k));
      if (k % 2 == 0) {
        item.put("color", s(k == 2 ? "red" : "blue"));
      }
      ddb.putItem(r -> r.tableName("Grow").item(item));
    }
    TableDescription updated =
        ddb.updateTable(
                r ->
                    r.tableName("Grow")
                        .attributeDefinitions(attr("color", ScalarAttributeType.S))
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.create(
                                    c ->
                                        c.indexName("byColor")
                                            .keySchema(hash("color"))
                                            .projection(
                                                p -> p.projectionType(ProjectionType.KEYS_ONLY)))))
            .tableDescription();
    assertThat(updated.globalSecondaryIndexes())
        .extracting(g -> g.indexName())
        .containsExactly("byColor");
    assertThat(updated.attributeDefinitions()).hasSize(2);
    QueryResponse blue =
        ddb.query(
            r ->
                r.tableName("Grow")
                    .indexName("byColor")
                    .keyConditionExpression("color = :c")
                    .expressionAttributeValues(Map.of(":c", s("blue"))));
    assertThat(blue.items()).extracting(i -> i.get("id").s()).containsExactlyInAnyOrder("i0", "i4");
    assertThat(
            ddb.describeTable(r -> r.tableName("Grow"))
                .table()
                .globalSecondaryIndexes()
                .get(0)
                .itemCount())
        .isEqualTo(3);
    assertError(
        () ->
            ddb.updateTable(
                r ->
                    r.tableName("Grow")
                        .globalSecondaryIndexUpdates(
                            u ->
                                u.create(
                                    c ->
                                        c.indexName("byColor")
                                            .keySchema(hash("color"))
                                            .projection(
                                                p -> p.projectionType(ProjectionType.ALL))))),
        "ValidationException",
        "One or more parameter values were invalid: Attempting to create an index which already"
            + " exists");

    TableDescription afterDelete =
        ddb.updateTable(
                r ->
                    r.tableName("Grow")
                        .globalSecondaryIndexUpdates(u -> u.delete(d -> d.indexName("byColor"))))
            .tableDescription();
    assertThat(afterDelete.globalSecondaryIndexes().get(0).indexStatus())
        .isEqualTo(IndexStatus.DELETING);
    TableDescription described = ddb.describeTable(r -> r.tableName("Grow")).table();
    assertThat(described.hasGlobalSecondaryIndexes()).isFalse();
    assertThat(described.attributeDefinitions()).containsExactly(attr("id", ScalarAttributeType.S));
    assertError(
        () ->
            ddb.query(
                r ->
                    r.tableName("Grow")
                        .indexName("byColor")
                        .keyConditionExpression("color = :c")
                        .expressionAttributeValues(Map.of(":c", s("blue")))),
        "ValidationException",
        "The table does not have the specified index: byColor");
  }
}
