package dev.basin.server;

import static dev.basin.server.DynamoDbTablesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Item, transaction and request-validation behaviour found by running the public Alternator
 * conformance tests against Basin, checked through the AWS SDK: each test pins one DynamoDB rule
 * Basin got wrong.
 */
class DynamoDbItemConformanceIT {
  private static RunningBasin basin;
  private static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
    DynamoDbTablesIT.createHashTable(ddb, "Conf");
  }

  @AfterAll
  static void stop() throws Exception {
    ddb.close();
    basin.close();
  }

  private static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  private static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  @Test
  void keyValuesAreLimitedTo2048BytesForThePartitionAnd1024ForTheSortKey() {
    ddb.createTable(
        r ->
            r.tableName("Sized")
                .keySchema(
                    k -> k.attributeName("p").keyType("HASH"),
                    k -> k.attributeName("c").keyType("RANGE"))
                .attributeDefinitions(
                    a -> a.attributeName("p").attributeType("S"),
                    a -> a.attributeName("c").attributeType("B"))
                .billingMode("PAY_PER_REQUEST"));
    // The limits count UTF-8 bytes of a string (a 2-byte character here) and the raw bytes of a
    // binary, not its base64 form.
    Map<String, AttributeValue> largest =
        Map.of(
            "p", s("\u00e9".repeat(1024)),
            "c", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[1024])));
    ddb.putItem(r -> r.tableName("Sized").item(largest));
    assertThat(ddb.getItem(r -> r.tableName("Sized").key(largest)).item()).isEqualTo(largest);

    Map<String, AttributeValue> longPartition =
        Map.of("p", s("\u00e9".repeat(1024) + "x"), "c", largest.get("c"));
    String partitionMessage =
        "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size"
            + " limit of 2048 bytes";
    assertError(
        () -> ddb.putItem(r -> r.tableName("Sized").item(longPartition)),
        "ValidationException",
        partitionMessage);
    Map<String, AttributeValue> longSort =
        Map.of("p", s("p"), "c", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[1025])));
    String sortMessage =
        "One or more parameter values were invalid: Aggregated size of all range keys has exceeded"
            + " the size limit of 1024 bytes";
    assertError(
        () -> ddb.putItem(r -> r.tableName("Sized").item(longSort)),
        "ValidationException",
        sortMessage);
    assertError(
        () -> ddb.getItem(r -> r.tableName("Sized").key(longSort)),
        "ValidationException",
        sortMessage);
  }

  private static AttributeValue nestedMaps(int levels) {
    AttributeValue value = AttributeValue.fromM(Map.of());
    for (int i = 0; i < levels; i++) {
      value = AttributeValue.fromM(Map.of("a", value));
    }
    return value;
  }

  @Test
  void invalidReturnConsumedCapacityIsRefusedBeforeWriting() {
    assertError(
        () ->
            ddb.putItem(r -> r.tableName("Conf").item(key("rcc")).returnConsumedCapacity("DUMMY")),
        "ValidationException",
        "1 validation error detected: Value 'DUMMY' at 'returnConsumedCapacity' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
    assertThat(ddb.getItem(r -> r.tableName("Conf").key(key("rcc")).consistentRead(true)).hasItem())
        .isFalse();
    assertError(
        () -> ddb.getItem(r -> r.tableName("Conf").key(key("rcc")).returnConsumedCapacity("total")),
        "ValidationException",
        "1 validation error detected: Value 'total' at 'returnConsumedCapacity' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]");
  }

  @Test
  void returnValuesOnConditionCheckFailureAllowsOnlyAllOldAndNone() {
    for (String option : List.of("DUMMY", "UPDATED_OLD", "ALL_NEW")) {
      assertError(
          () ->
              ddb.deleteItem(
                  r ->
                      r.tableName("Conf")
                          .key(key("rv"))
                          .conditionExpression("attribute_exists(id)")
                          .returnValuesOnConditionCheckFailure(option)),
          "ValidationException",
          "1 validation error detected: Value '"
              + option
              + "' at 'returnValuesOnConditionCheckFailure' failed to satisfy constraint: Member"
              + " must satisfy enum value set: [ALL_OLD, NONE]");
    }
  }

  @Test
  void itemsNestDownTo32LevelsAndNoFurther() {
    // The item is level 1, its attribute level 2: 30 more maps reach level 32.
    ddb.putItem(r -> r.tableName("Conf").item(Map.of("id", s("deep"), "m", nestedMaps(30))));
    assertThat(ddb.getItem(r -> r.tableName("Conf").key(key("deep"))).item().get("m"))
        .isEqualTo(nestedMaps(30));
    assertError(
        () ->
            ddb.putItem(
                r -> r.tableName("Conf").item(Map.of("id", s("deeper"), "m", nestedMaps(31)))),
        "ValidationException",
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels"
            + " beyond supported limit");
  }

  @Test
  void attributeNamesUpTo65535BytesAreStoredAndLongerOnesRefused() {
    String longName = "n".repeat(65535);
    String tooLong = longName + "x";
    ddb.putItem(
        r -> r.tableName("Conf").item(Map.of("id", s("names"), longName, n("1"), "b", n("2"))));
    assertThat(ddb.getItem(r -> r.tableName("Conf").key(key("names")).attributesToGet("b")).item())
        .isEqualTo(Map.of("b", n("2")));
    String message =
        "1 validation error detected: Attribute name is too large, must be less than 65536 bytes";
    assertError(
        () -> ddb.putItem(r -> r.tableName("Conf").item(Map.of("id", s("x"), tooLong, n("1")))),
        "ValidationException",
        message);
    // A member with a length constraint in the model gets the generic validation message.
    assertError(
        () -> ddb.getItem(r -> r.tableName("Conf").key(key("names")).attributesToGet(tooLong)),
        "ValidationException",
        "1 validation error detected: Value '"
            + tooLong
            + "' at 'attributesToGet.1.member' failed to satisfy constraint: Member must have"
            + " length less than or equal to 65535");
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Conf")
                        .key(key("names"))
                        .updateExpression("SET #n = :v")
                        .expressionAttributeNames(Map.of("#n", tooLong))
                        .expressionAttributeValues(Map.of(":v", n("3")))),
        "ValidationException",
        "1 validation error detected: Value '"
            + tooLong
            + "' at 'expressionAttributeNames.#n.member' failed to satisfy constraint: Member must"
            + " have length less than or equal to 65535");
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Conf")
                        .key(key("names"))
                        .attributeUpdates(
                            Map.of(tooLong, AttributeValueUpdate.builder().value(n("3")).build()))),
        "ValidationException",
        message);
  }

  @Test
  void expressionsAreLimitedTo4096BytesAnd300Operators() {
    ddb.putItem(r -> r.tableName("Conf").item(Map.of("id", s("expr"), "a", n("1"), "b", n("2"))));
    String spaces = " ".repeat(4096 - "a= :v".length());
    ddb.updateItem(
        r ->
            r.tableName("Conf")
                .key(key("expr"))
                .updateExpression("SET z = :v")
                .conditionExpression("a" + spaces + "= :v")
                .expressionAttributeValues(Map.of(":v", n("1"))));
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Conf")
                        .key(key("expr"))
                        .updateExpression("SET z = :v")
                        .conditionExpression("a " + spaces + "= :v")
                        .expressionAttributeValues(Map.of(":v", n("1")))),
        "ValidationException",
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size;"
            + " expression size: 4097");
    // 20,000 nested parentheses: refused by size before any parsing.
    String nested = "(".repeat(20000) + "a<b" + ")".repeat(20000);
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Conf")
                        .key(key("expr"))
                        .updateExpression("SET z = :v")
                        .conditionExpression(nested)
                        .expressionAttributeValues(Map.of(":v", n("1")))),
        "ValidationException",
        "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size;"
            + " expression size: 40003");
    // 149 nested ORs: 299 operators, allowed; 454 of them are too many.
    String allowed = "a<b " + "or (a<b ".repeat(149) + ")".repeat(149);
    ddb.updateItem(
        r ->
            r.tableName("Conf")
                .key(key("expr"))
                .updateExpression("SET z = :v")
                .conditionExpression(allowed)
                .expressionAttributeValues(Map.of(":v", n("1"))));
    String tooMany = "not ".repeat(1000) + "a<b";
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Conf")
                        .key(key("expr"))
                        .updateExpression("SET z = :v")
                        .conditionExpression(tooMany)
                        .expressionAttributeValues(Map.of(":v", n("1")))),
        "ValidationException",
        "Invalid ConditionExpression: The expression contains too many operators; operator count:"
            + " 1001");
  }

  @Test
  void updatedOldAndNewReturnOnlyTheNestedPathsWritten() {
    ddb.putItem(
        r ->
            r.tableName("Conf")
                .item(
                    Map.of(
                        "id",
                        s("nested"),
                        "a",
                        AttributeValue.fromM(
                            Map.of(
                                "b",
                                s("dog"),
                                "c",
                                AttributeValue.fromL(List.of(n("1"), n("2"), n("3"))))),
                        "d",
                        s("cat"))));
    UpdateItemResponse old =
        ddb.updateItem(
            r ->
                r.tableName("Conf")
                    .key(key("nested"))
                    .updateExpression("SET a.c[1] = :v, a.b = :w")
                    .expressionAttributeValues(Map.of(":v", n("7"), ":w", s("hi")))
                    .returnValues("UPDATED_OLD"));
    assertThat(old.attributes())
        .isEqualTo(
            Map.of(
                "a",
                AttributeValue.fromM(
                    Map.of("b", s("dog"), "c", AttributeValue.fromL(List.of(n("2")))))));
    UpdateItemResponse updated =
        ddb.updateItem(
            r ->
                r.tableName("Conf")
                    .key(key("nested"))
                    .updateExpression("REMOVE a.c[1]")
                    .returnValues("UPDATED_NEW"));
    // The element after the removed one moves into its place, and is what UPDATED_NEW returns.
    assertThat(updated.attributes())
        .isEqualTo(
            Map.of("a", AttributeValue.fromM(Map.of("c", AttributeValue.fromL(List.of(n("3")))))));
  }

  @Test
  void removingFromAMissingItemCreatesNothingButAnEmptyUpdateDoes() {
    UpdateItemResponse removed =
        ddb.updateItem(
            r ->
                r.tableName("Conf")
                    .key(key("ghost"))
                    .updateExpression("REMOVE b")
                    .returnValues("ALL_NEW"));
    assertThat(removed.hasAttributes()).isFalse();
    assertThat(
            ddb.getItem(r -> r.tableName("Conf").key(key("ghost")).consistentRead(true)).hasItem())
        .isFalse();
    UpdateItemResponse empty =
        ddb.updateItem(
            r ->
                r.tableName("Conf")
                    .key(key("ghost"))
                    .attributeUpdates(new HashMap<>())
                    .returnValues("ALL_NEW"));
    assertThat(empty.attributes()).isEqualTo(key("ghost"));
  }

  @Test
  void transactionKeyErrorsAreCancellationReasonsOfTheFirstInvalidAction() {
    TransactionCanceledException e =
        (TransactionCanceledException)
            catchThrowable(
                () ->
                    ddb.transactWriteItems(
                        r ->
                            r.transactItems(
                                put(Map.of("id", n("7"))),
                                put(Map.of("id", n("8"))),
                                TransactWriteItem.builder()
                                    .put(
                                        Put.builder()
                                            .tableName("Conf")
                                            .item(key("tx"))
                                            .conditionExpression("attribute_exists(id)")
                                            .build())
                                    .build())));
    assertThat(e).isNotNull();
    assertThat(e.cancellationReasons())
        .extracting(CancellationReason::code)
        .containsExactly("ValidationError", "None", "None");
    assertThat(e.cancellationReasons().get(0).message())
        .startsWith("One or more parameter values were invalid: Type mismatch for key");
    assertThat(e.cancellationReasons().get(1).message()).isNull();
  }

  private static TransactWriteItem put(Map<String, AttributeValue> item) {
    return TransactWriteItem.builder()
        .put(Put.builder().tableName("Conf").item(item).build())
        .build();
  }

  @Test
  void transactionTokensAndPayloadAreLimited() {
    assertError(
        () ->
            ddb.transactWriteItems(
                r -> r.clientRequestToken("t".repeat(37)).transactItems(put(key("tok")))),
        "ValidationException",
        "1 validation error detected: Value '"
            + "t".repeat(37)
            + "' at 'clientRequestToken' failed to satisfy constraint: Member must have length"
            + " less than or equal to 36");
    String big = "x".repeat(100_000);
    List<TransactWriteItem> puts =
        IntStream.range(0, 50).mapToObj(i -> put(Map.of("id", s("big" + i), "x", s(big)))).toList();
    assertError(
        () -> ddb.transactWriteItems(r -> r.transactItems(puts)),
        "ValidationException",
        "Transaction payload size cannot exceed 4 MB");
    assertThat(
            ddb.getItem(r -> r.tableName("Conf").key(key("big0")).consistentRead(true)).hasItem())
        .isFalse();
    assertError(
        () ->
            ddb.transactWriteItems(
                r ->
                    r.transactItems(
                        TransactWriteItem.builder()
                            .put(
                                Put.builder()
                                    .tableName("Conf")
                                    .item(key("tx2"))
                                    .conditionExpression("attribute_exists(id)")
                                    .returnValuesOnConditionCheckFailure("dog")
                                    .build())
                            .build())),
        "ValidationException",
        "1 validation error detected: Value 'dog' at"
            + " 'transactItems.1.member.put.returnValuesOnConditionCheckFailure' failed to satisfy"
            + " constraint: Member must satisfy enum value set: [ALL_OLD, NONE]");
  }

  @Test
  void legacyAddAndDeleteRefuseValueTypesTheyCannotApply() {
    ddb.putItem(r -> r.tableName("Conf").item(Map.of("id", s("legacy"), "a", s("dog"))));
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Conf")
                        .key(key("legacy"))
                        .attributeUpdates(
                            Map.of(
                                "a",
                                AttributeValueUpdate.builder()
                                    .action("ADD")
                                    .value(s("s"))
                                    .build()))),
        "ValidationException",
        "One or more parameter values were invalid: ADD action is not supported for the type S");
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Conf")
                        .key(key("legacy"))
                        .attributeUpdates(
                            Map.of(
                                "a",
                                AttributeValueUpdate.builder()
                                    .action("DELETE")
                                    .value(AttributeValue.fromL(List.of(n("1"))))
                                    .build()))),
        "ValidationException",
        "One or more parameter values were invalid: DELETE action with value is not supported for"
            + " the type L");
    assertThat(ddb.getItem(r -> r.tableName("Conf").key(key("legacy"))).item().get("a"))
        .isEqualTo(s("dog"));
  }

  @Test
  void emptyAttributesToGetIsRefused() {
    assertError(
        () -> ddb.getItem(r -> r.tableName("Conf").key(key("legacy")).attributesToGet(List.of())),
        "ValidationException",
        "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint:"
            + " Member must have length greater than or equal to 1");
  }
}
