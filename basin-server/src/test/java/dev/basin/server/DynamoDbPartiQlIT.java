package dev.basin.server;

import static dev.basin.server.DynamoDbTablesIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementErrorCodeEnum;
import software.amazon.awssdk.services.dynamodb.model.BatchStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** PartiQL through the AWS SDK: ExecuteStatement and BatchExecuteStatement against Basin. */
class DynamoDbPartiQlIT {
  static RunningBasin basin;
  static DynamoDbClient ddb;

  @BeforeAll
  static void start() throws Exception {
    basin = RunningBasin.start();
    ddb = basin.client(DynamoDbClient.builder());
    DynamoDbTablesIT.createHashTable(ddb, "People");
    ddb.createTable(
        r ->
            r.tableName("Orders")
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
    for (int n = 1; n <= 20; n++) {
      execute(
          "INSERT INTO \"Orders\" VALUE {'pk': 'c1', 'n': ?, 'even': ?}",
          AttributeValue.fromN(Integer.toString(n)),
          AttributeValue.fromBool(n % 2 == 0));
    }
    execute("INSERT INTO Orders VALUE {'pk': 'c2', 'n': 1}");
  }

  @AfterAll
  static void stop() throws Exception {
    ddb.close();
    basin.close();
  }

  private static ExecuteStatementResponse execute(String statement, AttributeValue... parameters) {
    return ddb.executeStatement(
        r -> {
          r.statement(statement);
          if (parameters.length > 0) {
            r.parameters(parameters);
          }
        });
  }

  private static List<String> numbers(List<Map<String, AttributeValue>> items) {
    List<String> out = new ArrayList<>();
    items.forEach(item -> out.add(item.get("n").n()));
    return out;
  }

  @Test
  void insertSelectUpdateDeleteRoundTrip() {
    execute(
        "INSERT INTO \"People\" VALUE {'id': ?, 'name': 'Bharat', 'age': 23, 'tags': <<'a'>>}",
        AttributeValue.fromS("p1"));
    assertThat(execute("SELECT * FROM People WHERE id = 'p1'").items())
        .containsExactly(
            Map.of(
                "id", AttributeValue.fromS("p1"),
                "name", AttributeValue.fromS("Bharat"),
                "age", AttributeValue.fromN("23"),
                "tags", AttributeValue.fromSs(List.of("a"))));
    // The item written by PartiQL is the item GetItem reads.
    assertThat(
            ddb.getItem(r -> r.tableName("People").key(Map.of("id", AttributeValue.fromS("p1"))))
                .item())
        .containsEntry("age", AttributeValue.fromN("23"));

    ExecuteStatementResponse updated =
        execute(
            "UPDATE People SET age = age + ? SET city = 'Pune' REMOVE tags WHERE id = ?"
                + " RETURNING ALL NEW *",
            AttributeValue.fromN("2"),
            AttributeValue.fromS("p1"));
    assertThat(updated.items())
        .containsExactly(
            Map.of(
                "id", AttributeValue.fromS("p1"),
                "name", AttributeValue.fromS("Bharat"),
                "age", AttributeValue.fromN("25"),
                "city", AttributeValue.fromS("Pune")));
    assertThat(execute("SELECT name, age FROM People WHERE id = 'p1' AND age > 24").items())
        .containsExactly(
            Map.of("name", AttributeValue.fromS("Bharat"), "age", AttributeValue.fromN("25")));

    // A non-key condition that fails: the item stays.
    assertError(
        () -> execute("DELETE FROM People WHERE id = 'p1' AND age = 99"),
        "ConditionalCheckFailedException",
        "The conditional request failed");
    assertThat(execute("DELETE FROM People WHERE id = 'p1' RETURNING ALL OLD *").items())
        .hasSize(1);
    assertThat(execute("SELECT * FROM People WHERE id = 'p1'").items()).isEmpty();
    // Deleting a missing item succeeds; updating one fails.
    assertThat(execute("DELETE FROM People WHERE id = 'p1'").items()).isEmpty();
    assertError(
        () -> execute("UPDATE People SET a = 1 WHERE id = 'nobody'"),
        "ConditionalCheckFailedException",
        "The conditional request failed");
  }

  @Test
  void insertOfAnExistingKeyIsADuplicate() {
    execute("INSERT INTO People VALUE {'id': 'dup', 'v': 1}");
    assertError(
        () -> execute("INSERT INTO People VALUE {'id': 'dup', 'v': 2}"),
        "DuplicateItemException",
        "Duplicate primary key exists in table");
    assertThat(execute("SELECT v FROM People WHERE id = 'dup'").items())
        .containsExactly(Map.of("v", AttributeValue.fromN("1")));
  }

  @Test
  void selectUsesSortKeyConditionsFiltersAndOrder() {
    assertThat(
            numbers(execute("SELECT * FROM Orders WHERE pk = 'c1' AND n BETWEEN 3 AND 6").items()))
        .containsExactly("3", "4", "5", "6");
    assertThat(
            numbers(
                execute(
                        "SELECT n FROM Orders WHERE pk = ? AND n > 14 AND even = true"
                            + " ORDER BY n DESC",
                        AttributeValue.fromS("c1"))
                    .items()))
        .containsExactly("20", "18", "16");
    // No partition key: a scan with the WHERE as filter.
    assertThat(numbers(execute("SELECT n FROM Orders WHERE n = 1").items()))
        .containsExactlyInAnyOrder("1", "1");
    assertThat(execute("SELECT * FROM Orders WHERE pk IN ['c2', 'zz']").items()).hasSize(1);
  }

  @Test
  void limitAndNextTokenPageThroughAPartition() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String next = token;
      ExecuteStatementResponse page =
          ddb.executeStatement(
              r -> r.statement("SELECT * FROM Orders WHERE pk = 'c1'").limit(7).nextToken(next));
      seen.addAll(numbers(page.items()));
      token = page.nextToken();
      pages++;
    } while (token != null && pages < 10);
    assertThat(seen).hasSize(20).doesNotHaveDuplicates();
    assertThat(pages).isEqualTo(3);
    String first =
        ddb.executeStatement(r -> r.statement("SELECT * FROM Orders WHERE pk = 'c1'").limit(2))
            .nextToken();
    assertError(
        () ->
            ddb.executeStatement(
                r -> r.statement("SELECT * FROM Orders WHERE pk = 'c2'").nextToken(first)),
        "ValidationException",
        "The provided starting key is invalid");
  }

  @Test
  void validationErrorsAndMissingTables() {
    assertError(
        () -> execute("SELEC * FROM Orders"),
        "ValidationException",
        "Statement wasn't well formed, can't be processed: Expected data manipulation");
    assertError(
        () -> execute("SELECT * FROM Orders WHERE pk = ?"),
        "ValidationException",
        "Number of parameters in request and statement don't match.");
    assertError(
        () -> execute("UPDATE Orders SET x = 1 WHERE pk = 'c1'"),
        "ValidationException",
        "Where clause does not contain a mandatory equality on all key attributes");
    assertError(
        () -> execute("SELECT * FROM Nowhere"),
        "ResourceNotFoundException",
        "Requested resource not found");
  }

  @Test
  void batchExecuteStatementReportsPerStatementOutcomes() {
    BatchExecuteStatementResponse writes =
        ddb.batchExecuteStatement(
            r ->
                r.statements(
                    BatchStatementRequest.builder()
                        .statement("INSERT INTO People VALUE {'id': 'b1', 'v': 1}")
                        .build(),
                    BatchStatementRequest.builder()
                        .statement("INSERT INTO People VALUE {'id': ?, 'v': 2}")
                        .parameters(AttributeValue.fromS("b2"))
                        .build(),
                    BatchStatementRequest.builder()
                        .statement("INSERT INTO People VALUE {'id': 'b1', 'v': 3}")
                        .build(),
                    BatchStatementRequest.builder()
                        .statement("UPDATE NoSuchTable SET v = 1 WHERE id = 'x'")
                        .build()));
    assertThat(writes.responses()).hasSize(4);
    assertThat(writes.responses().get(0).error()).isNull();
    assertThat(writes.responses().get(0).tableName()).isEqualTo("People");
    assertThat(writes.responses().get(1).error()).isNull();
    assertThat(writes.responses().get(2).error().code())
        .isEqualTo(BatchStatementErrorCodeEnum.DUPLICATE_ITEM);
    assertThat(writes.responses().get(3).error().code())
        .isEqualTo(BatchStatementErrorCodeEnum.RESOURCE_NOT_FOUND);

    BatchExecuteStatementResponse reads =
        ddb.batchExecuteStatement(
            r ->
                r.statements(
                    BatchStatementRequest.builder()
                        .statement("SELECT v FROM People WHERE id = 'b2'")
                        .build(),
                    BatchStatementRequest.builder()
                        .statement("SELECT * FROM People WHERE id = 'none'")
                        .build(),
                    BatchStatementRequest.builder()
                        .statement("SELECT * FROM People WHERE v = 1")
                        .build()));
    assertThat(reads.responses().get(0).item())
        .containsExactly(Map.entry("v", AttributeValue.fromN("2")));
    assertThat(reads.responses().get(1).hasItem()).isFalse();
    assertThat(reads.responses().get(1).error()).isNull();
    assertThat(reads.responses().get(2).error().code())
        .isEqualTo(BatchStatementErrorCodeEnum.VALIDATION_ERROR);
  }
}
