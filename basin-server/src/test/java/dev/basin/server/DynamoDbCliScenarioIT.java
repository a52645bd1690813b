package dev.basin.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed's DynamoDB commands through the real aws CLI v2 ({@code /usr/bin/aws}) against Basin
 * started by {@code ./basin start} as a child process. The tests run in order: one scenario on one
 * table, from create-table to delete-item.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DynamoDbCliScenarioIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BasinProcess process;

  /** One CLI run: exit status and both streams. */
  private record Result(int exit, String stdout, String stderr) {}

  @BeforeAll
  static void startBasin() throws Exception {
    process = BasinProcess.start();
  }

  @AfterAll
  static void stopBasin() throws Exception {
    if (process != null) {
      process.close();
    }
  }

  private static String item(String id, String name, String age) {
    return "{\"id\": {\"S\": \""
        + id
        + "\"}, \"name\": {\"S\": \""
        + name
        + "\"}, \"age\": {\"N\": \""
        + age
        + "\"}}";
  }

  @Test
  @Order(1)
  void createTableAsTheSeedDoes() throws Exception {
    JsonNode out =
        awsJson(
            "dynamodb",
            "create-table",
            "--table-name",
            "BharatTable",
            "--attribute-definitions",
            "AttributeName=id,AttributeType=S",
            "--key-schema",
            "AttributeName=id,KeyType=HASH",
            "--billing-mode",
            "PAY_PER_REQUEST");
    JsonNode table = out.get("TableDescription");
    assertThat(table.path("TableName").asText()).isEqualTo("BharatTable");
    assertThat(table.path("TableStatus").asText()).isEqualTo("ACTIVE");
    assertThat(table.path("BillingModeSummary").path("BillingMode").asText())
        .isEqualTo("PAY_PER_REQUEST");
    assertThat(table.path("KeySchema").get(0).path("AttributeName").asText()).isEqualTo("id");
  }

  @Test
  @Order(2)
  void putItemsThenGetQueryAndScanThem() throws Exception {
    aws("dynamodb", "put-item", "--table-name", "BharatTable", "--item", item("1", "Bharat", "23"));
    aws("dynamodb", "put-item", "--table-name", "BharatTable", "--item", item("2", "Asha", "31"));
    aws("dynamodb", "put-item", "--table-name", "BharatTable", "--item", item("3", "Ravi", "27"));

    JsonNode got =
        awsJson(
            "dynamodb",
            "get-item",
            "--table-name",
            "BharatTable",
            "--key",
            "{\"id\": {\"S\": \"1\"}}");
    assertThat(got.get("Item")).isEqualTo(JSON.readTree(item("1", "Bharat", "23")));

    JsonNode query =
        awsJson(
            "dynamodb",
            "query",
            "--table-name",
            "BharatTable",
            "--key-condition-expression",
            "id = :id",
            "--expression-attribute-values",
            "{\":id\": {\"S\": \"2\"}}");
    assertThat(query.path("Count").asInt()).isEqualTo(1);
    assertThat(query.path("Items").get(0)).isEqualTo(JSON.readTree(item("2", "Asha", "31")));

    JsonNode scan = awsJson("dynamodb", "scan", "--table-name", "BharatTable");
    assertThat(scan.path("Count").asInt()).isEqualTo(3);
    List<String> names = new ArrayList<>();
    scan.path("Items").forEach(i -> names.add(i.path("name").path("S").asText()));
    assertThat(names).containsExactlyInAnyOrder("Bharat", "Asha", "Ravi");
  }

  @Test
  @Order(3)
  void describeAndListTables() throws Exception {
    JsonNode described = awsJson("dynamodb", "describe-table", "--table-name", "BharatTable");
    assertThat(described.path("Table").path("ItemCount").asInt()).isEqualTo(3);
    assertThat(described.path("Table").path("TableArn").asText())
        .isEqualTo("arn:aws:dynamodb:us-east-1:000000000000:table/BharatTable");
    JsonNode listed = awsJson("dynamodb", "list-tables");
    assertThat(listed.path("TableNames")).extracting(JsonNode::asText).contains("BharatTable");
  }

  @Test
  @Order(4)
  void executeStatementSelectsTheSeedsItem() throws Exception {
    JsonNode out =
        awsJson(
            "dynamodb",
            "execute-statement",
            "--statement",
            "SELECT * FROM BharatTable WHERE id = '1'");
    assertThat(out.path("Items")).hasSize(1);
    assertThat(out.path("Items").get(0)).isEqualTo(JSON.readTree(item("1", "Bharat", "23")));
  }

  @Test
  @Order(5)
  void deleteItemRemovesIt() throws Exception {
    aws(
        "dynamodb",
        "delete-item",
        "--table-name",
        "BharatTable",
        "--key",
        "{\"id\": {\"S\": \"3\"}}");
    JsonNode got =
        awsJson(
            "dynamodb",
            "get-item",
            "--table-name",
            "BharatTable",
            "--key",
            "{\"id\": {\"S\": \"3\"}}");
    assertThat(got.has("Item")).isFalse();
    JsonNode scan = awsJson("dynamodb", "scan", "--table-name", "BharatTable", "--select", "COUNT");
    assertThat(scan.path("Count").asInt()).isEqualTo(2);
  }

  @Test
  @Order(6)
  void getItemOnAMissingTableFailsWithResourceNotFound() throws Exception {
    Result result =
        run(
            "dynamodb",
            "get-item",
            "--table-name",
            "NoSuchTable",
            "--key",
            "{\"id\": {\"S\": \"1\"}}");
    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr())
        .contains("ResourceNotFoundException")
        .contains("GetItem operation")
        .contains("Requested resource not found");
  }

  private static JsonNode awsJson(String... arguments) throws Exception {
    String out = aws(arguments);
    return JSON.readTree(out.isBlank() ? "{}" : out);
  }

  private static String aws(String... arguments) throws Exception {
    Result result = run(arguments);
    assertThat(result.exit())
        .as("aws %s failed: %s", String.join(" ", arguments), result.stderr())
        .isZero();
    return result.stdout();
  }

  private static Result run(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("--output", "json"));
    command.addAll(Arrays.asList(arguments));
    BasinProcess.Result result = process.aws(command.toArray(String[]::new));
    return new Result(result.exit(), result.stdout(), result.stderr());
  }
}
