package dev.basin.server;

import static dev.basin.server.DynamoDbTablesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeAction;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.AttributeValueUpdate;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalOperator;
import software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * DynamoDB expression and legacy-condition behaviour that DynamoDB documents (and public
 * conformance suites check), through the AWS SDK against Basin: which operand types are validation
 * errors rather than false conditions, lexer rules, document-path rules of REMOVE and SET, key
 * attributes in Query filters, and the legacy {@code Expected} operators.
 */
class DynamoDbExpressionConformanceIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
    DynamoDbTablesIT.createHashTable(ddb, "Things");
    ddb.createTable(
        r ->
            r.tableName("Sorted")
                .keySchema(
                    KeySchemaElement.builder().attributeName("p").keyType(KeyType.HASH).build(),
                    KeySchemaElement.builder().attributeName("c").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("p")
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName("c")
                        .attributeType(ScalarAttributeType.N)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    for (int c = 0; c < 3; c++) {
      String sort = Integer.toString(c);
      ddb.putItem(
          r ->
              r.tableName("Sorted")
                  .item(
                      Map.of(
                          "p", s("part"),
                          "c", AttributeValue.fromN(sort),
                          "a", s("a" + sort),
                          "x", s("x" + sort))));
    }
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

  static Map<String, AttributeValue> key(String id) {
    return Map.of("id", s(id));
  }

  static void put(String id, Map<String, AttributeValue> attributes) {
    java.util.Map<String, AttributeValue> item = new java.util.HashMap<>(attributes);
    item.put("id", s(id));
    ddb.putItem(r -> r.tableName("Things").item(item));
  }

  static Map<String, AttributeValue> get(String id) {
    return ddb.getItem(r -> r.tableName("Things").key(key(id)).consistentRead(true)).item();
  }

  // ---------------------------------------------------------------- ConditionExpression

  @Test
  void anOrderingComparisonWithAListValueIsAValidationErrorButWithAListAttributeIsFalse() {
    put("order", Map.of("a", n("1"), "l", AttributeValue.fromL(List.of(n("1")))));
    AttributeValue list = AttributeValue.fromL(List.of(n("1"), n("2")));
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Things")
                        .key(key("order"))
                        .updateExpression("SET z = :one")
                        .conditionExpression("a < :v")
                        .expressionAttributeValues(Map.of(":one", n("1"), ":v", list))),
        "ValidationException",
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator"
            + " or function: <, operand type: L");
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Things")
                        .key(key("order"))
                        .updateExpression("SET z = :one")
                        .conditionExpression("a BETWEEN :v AND :v")
                        .expressionAttributeValues(Map.of(":one", n("1"), ":v", list))),
        "ValidationException",
        "Invalid ConditionExpression: Incorrect operand type for operator or function; operator"
            + " or function: BETWEEN, operand type: L");
    assertThatThrownBy(
            () ->
                ddb.updateItem(
                    r ->
                        r.tableName("Things")
                            .key(key("order"))
                            .updateExpression("SET z = :one")
                            .conditionExpression("l < :one")
                            .expressionAttributeValues(Map.of(":one", n("1")))))
        .isInstanceOf(ConditionalCheckFailedException.class);
    assertThat(get("order")).doesNotContainKey("z");
  }

  @Test
  void updateOnlyFunctionsAreNotAllowedInConditions() {
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Things")
                        .key(key("funcs"))
                        .updateExpression("SET z = :v")
                        .conditionExpression("if_not_exists(a, a) = :v")
                        .expressionAttributeValues(Map.of(":v", n("5")))),
        "ValidationException",
        "Invalid ConditionExpression: The function is not allowed in a condition expression;"
            + " function: if_not_exists");
  }

  // ---------------------------------------------------------------- UpdateExpression

  @Test
  void aNameStartingWithAnUnderscoreIsASyntaxError() {
    assertError(
        () ->
            ddb.updateItem(
                r -> r.tableName("Things").key(key("lexer")).updateExpression("SET a = _f(b)")),
        "ValidationException",
        "Invalid UpdateExpression: Syntax error; token: \"_\", near: \"= _\"");
    ddb.updateItem(
        r ->
            r.tableName("Things")
                .key(key("lexer"))
                .updateExpression("SET A123_ = :v")
                .expressionAttributeValues(Map.of(":v", n("3"))));
    assertThat(get("lexer")).containsEntry("A123_", n("3"));
  }

  @Test
  void setsPastTheEndOfAListAppendInIndexOrder() {
    put("append", Map.of("a", AttributeValue.fromL(List.of(s("one")))));
    ddb.updateItem(
        r ->
            r.tableName("Things")
                .key(key("append"))
                .updateExpression("SET a[84] = :v1, a[37] = :v2, a[17] = :v3")
                .expressionAttributeValues(Map.of(":v1", s("a1"), ":v2", s("a2"), ":v3", s("a3"))));
    assertThat(get("append").get("a").l()).containsExactly(s("one"), s("a3"), s("a2"), s("a1"));
  }

  @Test
  void removeBelowAMissingAttributeFailsOnAnExistingItemOnly() {
    put("remove", Map.of("b", s("hi")));
    for (String expression : List.of("REMOVE c.c", "REMOVE c[0]")) {
      assertError(
          () ->
              ddb.updateItem(
                  r -> r.tableName("Things").key(key("remove")).updateExpression(expression)),
          "ValidationException",
          "The document path provided in the update expression is invalid for update");
    }
    assertThat(get("remove")).isEqualTo(Map.of("id", s("remove"), "b", s("hi")));
    ddb.updateItem(
        r -> r.tableName("Things").key(key("remove-new")).updateExpression("REMOVE x.y"));
  }

  // ---------------------------------------------------------------- Query

  @Test
  void aQueryFilterMayNotReadAKeyAttribute() {
    for (String[] filter : new String[][] {{"c = :c", "c"}, {"x = p", "p"}}) {
      assertError(
          () ->
              ddb.query(
                  r ->
                      r.tableName("Sorted")
                          .keyConditionExpression("p = :p")
                          .filterExpression(filter[0])
                          .expressionAttributeValues(
                              filter[0].contains(":c")
                                  ? Map.of(":p", s("part"), ":c", n("1"))
                                  : Map.of(":p", s("part")))),
          "ValidationException",
          "Filter Expression can only contain non-primary key attributes: Primary key attribute: "
              + filter[1]);
    }
    assertThat(
            ddb.query(
                    r ->
                        r.tableName("Sorted")
                            .keyConditionExpression("p = :p")
                            .filterExpression("x = :x")
                            .expressionAttributeValues(Map.of(":p", s("part"), ":x", s("x1"))))
                .items())
        .extracting(item -> item.get("c"))
        .containsExactly(n("1"));
  }

  @Test
  void aKeyConditionOnANestedPathIsRejectedAsNested() {
    assertThatThrownBy(
            () ->
                ddb.query(
                    r ->
                        r.tableName("Sorted")
                            .keyConditionExpression("p = :p AND a.b < :a")
                            .expressionAttributeValues(Map.of(":p", s("part"), ":a", n("3")))))
        .hasMessageContaining("KeyConditionExpressions cannot contain nested attributes");
  }

  @Test
  void legacyKeyConditionsGoWithAProjectionExpression() {
    var items =
        ddb.query(
                r ->
                    r.tableName("Sorted")
                        .keyConditions(
                            Map.of(
                                "p",
                                Condition.builder()
                                    .comparisonOperator(ComparisonOperator.EQ)
                                    .attributeValueList(s("part"))
                                    .build()))
                        .projectionExpression("a"))
            .items();
    assertThat(items)
        .containsExactly(Map.of("a", s("a0")), Map.of("a", s("a1")), Map.of("a", s("a2")));
    assertError(
        () ->
            ddb.query(
                r ->
                    r.tableName("Sorted")
                        .keyConditionExpression("p = :p")
                        .expressionAttributeValues(Map.of(":p", s("part")))
                        .projectionExpression("a")
                        .attributesToGet("a")),
        "ValidationException",
        "Can not use both expression and non-expression parameters in the same request:"
            + " Non-expression parameters: {AttributesToGet} Expression parameters:"
            + " {KeyConditionExpression, ProjectionExpression}");
    Condition part =
        Condition.builder()
            .comparisonOperator(ComparisonOperator.EQ)
            .attributeValueList(s("part"))
            .build();
    assertError(
        () ->
            ddb.query(
                r ->
                    r.tableName("Sorted")
                        .keyConditions(Map.of("p", part))
                        .queryFilter(
                            Map.of(
                                "a",
                                Condition.builder()
                                    .comparisonOperator(ComparisonOperator.EQ)
                                    .attributeValueList(s("a1"))
                                    .build()))
                        .projectionExpression("a")),
        "ValidationException",
        "Can not use both expression and non-expression parameters in the same request:"
            + " Non-expression parameters: {QueryFilter} Expression parameters:"
            + " {ProjectionExpression}");
  }

  // ---------------------------------------------------------------- Expected

  static void expect(String id, ExpectedAttributeValue expected) {
    ddb.updateItem(
        r ->
            r.tableName("Things")
                .key(key(id))
                .attributeUpdates(
                    Map.of(
                        "z",
                        AttributeValueUpdate.builder()
                            .action(AttributeAction.PUT)
                            .value(n("1"))
                            .build()))
                .expected(Map.of("a", expected)));
  }

  static ExpectedAttributeValue op(ComparisonOperator operator, AttributeValue... values) {
    return ExpectedAttributeValue.builder()
        .comparisonOperator(operator)
        .attributeValueList(values)
        .build();
  }

  @Test
  void expectedOperatorsCheckTheirValueTypes() {
    put("expected", Map.of("a", s("hello")));
    assertError(
        () -> expect("expected", op(ComparisonOperator.BEGINS_WITH, n("3"))),
        "ValidationException",
        "One or more parameter values were invalid: ComparisonOperator BEGINS_WITH is not valid"
            + " for N AttributeValue type");
    assertError(
        () -> expect("expected", op(ComparisonOperator.CONTAINS, AttributeValue.fromL(List.of()))),
        "ValidationException",
        "One or more parameter values were invalid: ComparisonOperator CONTAINS is not valid for"
            + " L AttributeValue type");
    assertError(
        () -> expect("expected", op(ComparisonOperator.IN, n("3"), s("dog"))),
        "ValidationException",
        "One or more parameter values were invalid: AttributeValues inside AttributeValueList"
            + " must be of same type");
    assertError(
        () -> expect("expected", op(ComparisonOperator.BETWEEN, s("z"), s("a"))),
        "ValidationException",
        "The BETWEEN condition was provided a range where the lower bound is greater than the"
            + " upper bound");
    assertThat(get("expected")).doesNotContainKey("z");
    expect("expected", op(ComparisonOperator.BETWEEN, s("a"), s("z")));
    assertThat(get("expected")).containsEntry("z", n("1"));
  }

  @Test
  void expectedContainsFindsBinarySubsequences() {
    put("binary", Map.of("a", AttributeValue.fromB(SdkBytes.fromUtf8String("hi there"))));
    expect("binary", op(ComparisonOperator.CONTAINS, AttributeValue.fromB(bytes("here"))));
    assertThat(get("binary")).containsEntry("z", n("1"));
    assertThatThrownBy(
            () ->
                expect(
                    "binary",
                    op(ComparisonOperator.NOT_CONTAINS, AttributeValue.fromB(bytes("here")))))
        .isInstanceOf(ConditionalCheckFailedException.class);
  }

  @Test
  void aConditionalOperatorNeedsExpectedEntries() {
    assertError(
        () ->
            ddb.updateItem(
                r ->
                    r.tableName("Things")
                        .key(key("empty"))
                        .attributeUpdates(
                            Map.of(
                                "z",
                                AttributeValueUpdate.builder()
                                    .action(AttributeAction.PUT)
                                    .value(n("1"))
                                    .build()))
                        .expected(Map.of())
                        .conditionalOperator(ConditionalOperator.OR)),
        "ValidationException",
        "ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }

  static SdkBytes bytes(String text) {
    return SdkBytes.fromUtf8String(text);
  }
}
