package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** DynamoDB table operations through the AWS SDK's DynamoDbClient against a running Basin. */
class DynamoDbTablesIT {
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

  static void assertError(Runnable call, String code, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
            });
  }

  static void createHashTable(DynamoDbClient ddb, String name) {
    ddb.createTable(
        r ->
            r.tableName(name)
                .keySchema(
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
  }

  @Test
  void bharatTableIsCreatedDescribedAndCountsItsItems() {
    createHashTable(ddb, "BharatTable");
    for (String[] person :
        new String[][] {{"1", "Bharat", "23"}, {"2", "Asha", "31"}, {"3", "Ravi", "27"}}) {
      ddb.putItem(
          r ->
              r.tableName("BharatTable")
                  .item(
                      Map.of(
                          "id", AttributeValue.fromS(person[0]),
                          "name", AttributeValue.fromS(person[1]),
                          "age", AttributeValue.fromN(person[2]))));
    }
    TableDescription table = ddb.describeTable(r -> r.tableName("BharatTable")).table();
    assertThat(table.tableStatus()).isEqualTo(TableStatus.ACTIVE);
    assertThat(table.itemCount()).isEqualTo(3);
    assertThat(table.tableSizeBytes()).isPositive();
    assertThat(table.tableArn())
        .isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/BharatTable");
    assertThat(table.creationDateTime()).isNotNull();
    assertThat(table.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
    assertThat(table.provisionedThroughput().readCapacityUnits()).isZero();
    assertThat(table.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("id");
    assertThat(
            ddb.getItem(
                    r -> r.tableName("BharatTable").key(Map.of("id", AttributeValue.fromS("1"))))
                .item())
        .containsEntry("name", AttributeValue.fromS("Bharat"))
        .containsEntry("age", AttributeValue.fromN("23"));
  }

  @Test
  void createTableValidatesLikeDynamoDb() {
    createHashTable(ddb, "Twice");
    assertError(
        () -> createHashTable(ddb, "Twice"),
        "ResourceInUseException",
        "Table already exists: Twice");
    assertError(
        () ->
            ddb.createTable(
                r ->
                    r.tableName("BadDefs")
                        .keySchema(
                            KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType(KeyType.HASH)
                                .build())
                        .attributeDefinitions(
                            AttributeDefinition.builder()
                                .attributeName("other")
                                .attributeType("S")
                                .build())
                        .billingMode(BillingMode.PAY_PER_REQUEST)),
        "ValidationException",
        "One or more parameter values were invalid: Some index key attributes are not defined in"
            + " AttributeDefinitions. Keys: [id], AttributeDefinitions: [other]");
    assertError(
        () ->
            ddb.createTable(
                r ->
                    r.tableName("NoThroughput")
                        .keySchema(
                            KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType(KeyType.HASH)
                                .build())
                        .attributeDefinitions(
                            AttributeDefinition.builder()
                                .attributeName("id")
                                .attributeType("S")
                                .build())),
        "ValidationException",
        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must"
            + " both be specified when BillingMode is PROVISIONED");
    assertError(
        () ->
            ddb.createTable(
                r ->
                    r.tableName("RangeFirst")
                        .keySchema(
                            KeySchemaElement.builder()
                                .attributeName("id")
                                .keyType(KeyType.RANGE)
                                .build())
                        .attributeDefinitions(
                            AttributeDefinition.builder()
                                .attributeName("id")
                                .attributeType("S")
                                .build())
                        .billingMode(BillingMode.PAY_PER_REQUEST)),
        "ValidationException",
        "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    assertError(
        () -> ddb.describeTable(r -> r.tableName("Missing")),
        "ResourceNotFoundException",
        "Requested resource not found: Table: Missing not found");
  }

  @Test
  void listTablesPagesByName() {
    for (String name : new String[] {"list-c", "list-a", "list-b"}) {
      createHashTable(ddb, name);
    }
    ListTablesResponse first = ddb.listTables(r -> r.exclusiveStartTableName("list-").limit(2));
    assertThat(first.tableNames()).containsExactly("list-a", "list-b");
    assertThat(first.lastEvaluatedTableName()).isEqualTo("list-b");
    ListTablesResponse second =
        ddb.listTables(r -> r.exclusiveStartTableName(first.lastEvaluatedTableName()));
    assertThat(second.tableNames()).startsWith("list-c");
  }

  @Test
  void updateTagsTtlAndDelete() {
    createHashTable(ddb, "Lifecycle");
    TableDescription updated =
        ddb.updateTable(
                r ->
                    r.tableName("Lifecycle")
                        .billingMode(BillingMode.PROVISIONED)
                        .provisionedThroughput(p -> p.readCapacityUnits(5L).writeCapacityUnits(7L)))
            .tableDescription();
    assertThat(updated.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
    assertThat(
            ddb.describeTable(r -> r.tableName("Lifecycle"))
                .table()
                .billingModeSummary()
                .billingMode())
        .isEqualTo(BillingMode.PROVISIONED);

    String arn = ddb.describeTable(r -> r.tableName("Lifecycle")).table().tableArn();
    ddb.tagResource(
        r ->
            r.resourceArn(arn)
                .tags(
                    Tag.builder().key("env").value("test").build(),
                    Tag.builder().key("team").value("x").build()));
    ddb.untagResource(r -> r.resourceArn(arn).tagKeys("team"));
    assertThat(ddb.listTagsOfResource(r -> r.resourceArn(arn)).tags())
        .containsExactly(Tag.builder().key("env").value("test").build());

    ddb.updateTimeToLive(
        r ->
            r.tableName("Lifecycle")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expires")));
    assertThat(
            ddb.describeTimeToLive(r -> r.tableName("Lifecycle"))
                .timeToLiveDescription()
                .timeToLiveStatus())
        .isEqualTo(TimeToLiveStatus.ENABLED);
    assertError(
        () ->
            ddb.updateTimeToLive(
                r ->
                    r.tableName("Lifecycle")
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName("expires"))),
        "ValidationException",
        "TimeToLive is already enabled");

    assertThat(ddb.describeLimits().tableMaxReadCapacityUnits()).isEqualTo(40000L);
    assertThat(ddb.describeEndpoints().endpoints()).hasSize(1);

    assertThat(ddb.deleteTable(r -> r.tableName("Lifecycle")).tableDescription().tableStatus())
        .isEqualTo(TableStatus.DELETING);
    assertError(
        () -> ddb.deleteTable(r -> r.tableName("Lifecycle")),
        "ResourceNotFoundException",
        "Requested resource not found: Table: Lifecycle not found");
  }
}
