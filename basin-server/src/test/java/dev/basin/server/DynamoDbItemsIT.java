package dev.basin.server;

import static dev.basin.server.DynamoDbTablesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** DynamoDB item operations, queries, scans and batches through the AWS SDK against Basin. */
class DynamoDbItemsIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
    DynamoDbTablesIT.createHashTable(ddb, "Counters");
    ddb.createTable(
        r ->
            r.tableName("Events")
                .keySchema(
                    KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("n").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("pk")
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName("n")
                        .attributeType(ScalarAttributeType.N)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    // Sort keys chosen so that text order differs from numeric order.
    for (String n : new String[] {"10", "-2.5", "3", "-10", "0", "100", "2.25", "-0.5"}) {
      ddb.putItem(
          r ->
              r.tableName("Events")
                  .item(
                      Map.of(
                          "pk",
                          AttributeValue.fromS("a"),
                          "n",
                          AttributeValue.fromN(n),
                          "even",
                          AttributeValue.fromBool(n.length() % 2 == 0))));
    }
    ddb.putItem(
        r ->
            r.tableName("Events")
                .item(Map.of("pk", AttributeValue.fromS("b"), "n", AttributeValue.fromN("1"))));
  }

  @AfterAll
  static void stop() throws Exception {
    ddb.close();
    basin.close();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  @Test
  void conditionalWritesReturnValuesAndCapacity() {
    var put =
        ddb.putItem(
            r ->
                r.tableName("Counters")
                    .item(Map.of("id", s("c1"), "n", n("1")))
                    .conditionExpression("attribute_not_exists(id)")
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertThat(put.consumedCapacity().capacityUnits()).isEqualTo(1.0);
    assertThatCode(
        () ->
            ddb.putItem(
                r ->
                    r.tableName("Counters")
                        .item(Map.of("id", s("c1")))
                        .conditionExpression("attribute_not_exists(id)")
                        .returnValuesOnConditionCheckFailure(
                            ReturnValuesOnConditionCheckFailure.ALL_OLD)),
        e -> assertThat(((ConditionalCheckFailedException) e).item()).containsEntry("n", n("1")));
    var updated =
        ddb.updateItem(
            r ->
                r.tableName("Counters")
                    .key(Map.of("id", s("c1")))
                    .updateExpression("SET n = n + :one, #t = :t")
                    .expressionAttributeNames(Map.of("#t", "tag"))
                    .expressionAttributeValues(Map.of(":one", n("1"), ":t", s("x")))
                    .returnValues(ReturnValue.UPDATED_NEW));
    assertThat(updated.attributes()).isEqualTo(Map.of("n", n("2"), "tag", s("x")));
    var deleted =
        ddb.deleteItem(
            r ->
                r.tableName("Counters")
                    .key(Map.of("id", s("c1")))
                    .returnValues(ReturnValue.ALL_OLD));
    assertThat(deleted.attributes()).containsEntry("n", n("2"));
    assertThat(ddb.getItem(r -> r.tableName("Counters").key(Map.of("id", s("c1")))).hasItem())
        .isFalse();

    assertError(
        () -> ddb.getItem(r -> r.tableName("Counters").key(Map.of("id", n("1")))),
        "ValidationException",
        "The provided key element does not match the schema");
    assertError(
        () -> ddb.putItem(r -> r.tableName("Counters").item(Map.of("other", s("1")))),
        "ValidationException",
        "One or more parameter values were invalid: Missing the key id in the item");
    assertError(
        () -> ddb.putItem(r -> r.tableName("Nope").item(Map.of("id", s("1")))),
        "ResourceNotFoundException",
        "Requested resource not found");
    assertError(
        () ->
            ddb.putItem(
                r ->
                    r.tableName("Counters")
                        .item(Map.of("id", s("big"), "v", s("x".repeat(400 * 1024))))),
        "ValidationException",
        "Item size has exceeded the maximum allowed size");
  }

  static void assertThatCode(Runnable call, java.util.function.Consumer<Throwable> check) {
    try {
      call.run();
    } catch (ConditionalCheckFailedException e) {
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The conditional request failed");
      check.accept(e);
      return;
    }
    throw new AssertionError("expected ConditionalCheckFailedException");
  }

  @Test
  void queryOrdersNumbersByValueAndPages() {
    QueryResponse all =
        ddb.query(
            r ->
                r.tableName("Events")
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("a"))));
    assertThat(all.items())
        .extracting(i -> i.get("n").n())
        .containsExactly("-10", "-2.5", "-0.5", "0", "2.25", "3", "10", "100");
    QueryResponse page =
        ddb.query(
            r ->
                r.tableName("Events")
                    .keyConditionExpression("pk = :p AND n BETWEEN :lo AND :hi")
                    .expressionAttributeValues(Map.of(":p", s("a"), ":lo", n("-1"), ":hi", n("50")))
                    .scanIndexForward(false)
                    .limit(2));
    assertThat(page.items()).extracting(i -> i.get("n").n()).containsExactly("10", "3");
    QueryResponse next =
        ddb.query(
            r ->
                r.tableName("Events")
                    .keyConditionExpression("pk = :p AND n BETWEEN :lo AND :hi")
                    .expressionAttributeValues(Map.of(":p", s("a"), ":lo", n("-1"), ":hi", n("50")))
                    .scanIndexForward(false)
                    .exclusiveStartKey(page.lastEvaluatedKey()));
    assertThat(next.items()).extracting(i -> i.get("n").n()).containsExactly("2.25", "0", "-0.5");
    assertThat(next.hasLastEvaluatedKey() && !next.lastEvaluatedKey().isEmpty()).isFalse();
    QueryResponse filtered =
        ddb.query(
            r ->
                r.tableName("Events")
                    .keyConditionExpression("pk = :p")
                    .filterExpression("even = :t")
                    .expressionAttributeValues(
                        Map.of(":p", s("a"), ":t", AttributeValue.fromBool(true)))
                    .limit(3)
                    .select(Select.COUNT));
    assertThat(filtered.scannedCount()).isEqualTo(3);
    // of -10, -2.5 and -0.5, the two with a four-character text were stored with even = true
    assertThat(filtered.count()).isEqualTo(2);
  }

  @Test
  void scanSegmentsCoverTheTableOnceAndBatchesWork() {
    List<String> seen = new ArrayList<>();
    for (int segment = 0; segment < 3; segment++) {
      int seg = segment;
      ScanResponse response = ddb.scan(r -> r.tableName("Events").segment(seg).totalSegments(3));
      response.items().forEach(i -> seen.add(i.get("pk").s() + i.get("n").n()));
    }
    List<String> whole = new ArrayList<>();
    ddb.scan(r -> r.tableName("Events"))
        .items()
        .forEach(i -> whole.add(i.get("pk").s() + i.get("n").n()));
    assertThat(whole).hasSizeGreaterThanOrEqualTo(9);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(whole);

    ddb.batchWriteItem(
        r ->
            r.requestItems(
                Map.of(
                    "Counters",
                    List.of(
                        WriteRequest.builder()
                            .putRequest(p -> p.item(Map.of("id", s("b1"))))
                            .build(),
                        WriteRequest.builder()
                            .putRequest(p -> p.item(Map.of("id", s("b2"))))
                            .build()))));
    var got =
        ddb.batchGetItem(
            r ->
                r.requestItems(
                    Map.of(
                        "Counters",
                        software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                            .keys(
                                Map.of("id", s("b1")), Map.of("id", s("b2")), Map.of("id", s("b3")))
                            .build())));
    assertThat(got.responses().get("Counters")).hasSize(2);
    assertThat(got.unprocessedKeys()).isEmpty();
    assertError(
        () ->
            ddb.batchWriteItem(
                r ->
                    r.requestItems(
                        Map.of(
                            "Counters",
                            List.of(
                                WriteRequest.builder()
                                    .putRequest(p -> p.item(Map.of("id", s("d"))))
                                    .build(),
                                WriteRequest.builder()
                                    .deleteRequest(p -> p.key(Map.of("id", s("d"))))
                                    .build())))),
        "ValidationException",
        "Provided list of item keys contains duplicates");
  }

  @Test
  void sixteenThreadsIncrementWithoutLostUpdates() throws Exception {
    ddb.putItem(r -> r.tableName("Counters").item(Map.of("id", s("race"), "n", n("0"))));
    int threads = 16;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Integer>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(
          pool.submit(
              () -> {
                int retries = 0;
                for (int i = 0; i < perThread; i++) {
                  while (true) {
                    String current =
                        ddb.getItem(
                                r ->
                                    r.tableName("Counters")
                                        .key(Map.of("id", s("race")))
                                        .consistentRead(true))
                            .item()
                            .get("n")
                            .n();
                    try {
                      ddb.updateItem(
                          r ->
                              r.tableName("Counters")
                                  .key(Map.of("id", s("race")))
                                  .updateExpression("SET n = n + :one")
                                  .conditionExpression("n = :expected")
                                  .expressionAttributeValues(
                                      Map.of(":one", n("1"), ":expected", n(current))));
                      break;
                    } catch (ConditionalCheckFailedException e) {
                      retries++;
                    }
                  }
                }
                return retries;
              }));
    }
    for (Future<Integer> f : results) {
      f.get();
    }
    pool.shutdown();
    assertThat(
            ddb.getItem(r -> r.tableName("Counters").key(Map.of("id", s("race"))))
                .item()
                .get("n")
                .n())
        .isEqualTo(String.valueOf(threads * perThread));
  }

  @Test
  void enhancedClientDocumentsRoundTrip() {
    DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).build();
    DynamoDbTable<EnhancedDocument> events =
        enhanced.table(
            "Events",
            TableSchema.documentSchemaBuilder()
                .addIndexPartitionKey(
                    TableMetadataNames.PRIMARY,
                    "pk",
                    software.amazon.awssdk.enhanced.dynamodb.AttributeValueType.S)
                .addIndexSortKey(
                    TableMetadataNames.PRIMARY,
                    "n",
                    software.amazon.awssdk.enhanced.dynamodb.AttributeValueType.N)
                .attributeConverterProviders(
                    software.amazon.awssdk.enhanced.dynamodb.AttributeConverterProvider
                        .defaultProvider())
                .build());
    events.putItem(
        EnhancedDocument.builder()
            .putString("pk", "c")
            .putNumber("n", 7)
            .putString("note", "hi")
            .build());
    EnhancedDocument back = events.getItem(Key.builder().partitionValue("c").sortValue(7).build());
    assertThat(back.getString("note")).isEqualTo("hi");
    assertThat(
            events.query(QueryConditional.keyEqualTo(k -> k.partitionValue("b"))).items().stream()
                .count())
        .isEqualTo(1);
  }

  /** The enhanced client's name of the primary index. */
  static final class TableMetadataNames {
    static final String PRIMARY =
        software.amazon.awssdk.enhanced.dynamodb.TableMetadata.primaryIndexName();
  }
}
