package dev.basin.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Compare;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Delete;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Insert;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Logical;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.PathExpr;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.RemoveAction;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Select;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.SetAction;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Update;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.ValueExpr;
import dev.basin.dynamodb.expression.ConditionExpression;
import dev.basin.dynamodb.expression.ExpressionAttributes;
import org.junit.jupiter.api.Test;

class DynamoDbPartiQlParserTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static DynamoDbPartiQlStatement parse(String statement) {
    return DynamoDbPartiQlParser.parse(statement, null);
  }

  private static void assertValidation(String statement, JsonNode parameters, String message) {
    assertThatThrownBy(() -> DynamoDbPartiQlParser.parse(statement, parameters))
        .isInstanceOf(AwsException.class)
        .hasMessage(message)
        .extracting(e -> ((AwsException) e).code())
        .isEqualTo("ValidationException");
  }

  @Test
  void selectStarWithKeyAndParameter() throws Exception {
    Select select =
        (Select)
            DynamoDbPartiQlParser.parse(
                "SELECT * FROM \"BharatTable\" WHERE id = ? AND age > 20", json("[{\"S\":\"1\"}]"));
    assertThat(select.table()).isEqualTo("BharatTable");
    assertThat(select.projection()).isEmpty();
    Logical and = (Logical) select.where();
    assertThat(and.and()).isTrue();
    Compare id = (Compare) and.left();
    assertThat(((PathExpr) id.left()).path().attribute()).isEqualTo("id");
    assertThat(((ValueExpr) id.right()).value()).isEqualTo(json("{\"S\":\"1\"}"));
    Compare age = (Compare) and.right();
    assertThat(age.operator()).isEqualTo(">");
    assertThat(((ValueExpr) age.right()).value()).isEqualTo(json("{\"N\":\"20\"}"));
  }

  @Test
  void projectionNamesAndNestedPaths() {
    Select select = (Select) parse("select name, \"m.z\", m.k[1], l[0] from tab where id = '1'");
    assertThat(select.projection())
        .extracting(DynamoDbPartiQlOperations::projectedName)
        .containsExactly("name", "m.z", "k[1]", "l[0]");
    assertValidation("SELECT m.z, z FROM tab", null, "Duplicate identifiers in select clause: z");
    assertValidation(
        "SELECT *, a FROM tab",
        null,
        "Other attributes should not be present in the projection when '*' is used.");
    assertValidation("SELECT a AS b FROM tab", null, "Aliasing is not supported");
  }

  @Test
  void insertValueWithNestedValues() throws Exception {
    Insert insert =
        (Insert)
            DynamoDbPartiQlParser.parse(
                "INSERT INTO \"tab\" VALUE {'id': ?, 'n': -1.50, 'ok': TRUE, 'nul': NULL,"
                    + " 'l': [1, 'two'], 'm': {'it''s': 'x'}, 'ss': <<'a', 'b'>>, 'ns': <<1, 2>>}",
                json("[{\"S\":\"k\"}]"));
    assertThat(insert.item())
        .isEqualTo(
            json(
                "{\"id\":{\"S\":\"k\"},\"n\":{\"N\":\"-1.5\"},\"ok\":{\"BOOL\":true},"
                    + "\"nul\":{\"NULL\":true},\"l\":{\"L\":[{\"N\":\"1\"},{\"S\":\"two\"}]},"
                    + "\"m\":{\"M\":{\"it's\":{\"S\":\"x\"}}},\"ss\":{\"SS\":[\"a\",\"b\"]},"
                    + "\"ns\":{\"NS\":[\"1\",\"2\"]}}"));
  }

  @Test
  void insertErrors() {
    assertValidation(
        "INSERT INTO tab VALUES {'id': 'a'}",
        null,
        "Unsupported operation: Inserting multiple items in a single statement is not supported,"
            + " use \"INSERT INTO tableName VALUE item\" instead");
    assertValidation(
        "INSERT INTO tab VALUE {'id': 'a'} RETURNING ALL OLD *",
        null,
        "RETURNING is not supported in INSERT");
    assertValidation("INSERT INTO tab VALUE {'s': <<>>}", null, "Empty bags are not supported");
    assertValidation(
        "INSERT INTO tab VALUE {'s': <<1, 'a'>>}",
        null,
        "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
  }

  @Test
  void updateWithSetRemoveAndReturning() throws Exception {
    Update update =
        (Update)
            DynamoDbPartiQlParser.parse(
                "UPDATE tab SET a = ?, b = b + 1 SET c.d = 'x' REMOVE e, f[2] WHERE id = ?"
                    + " RETURNING MODIFIED NEW *",
                json("[{\"S\":\"v\"},{\"S\":\"k\"}]"));
    assertThat(update.actions()).hasSize(5);
    assertThat(update.actions().get(0)).isInstanceOf(SetAction.class);
    assertThat(((Compare) ((SetAction) update.actions().get(1)).value()).operator()).isEqualTo("+");
    assertThat(((RemoveAction) update.actions().get(4)).path().toString()).isEqualTo("[f, [2]]");
    assertThat(update.returning()).isEqualTo("UPDATED_NEW");
    assertThat(((ValueExpr) ((Compare) update.where()).right()).value())
        .isEqualTo(json("{\"S\":\"k\"}"));
  }

  @Test
  void deleteReturning() {
    Delete delete = (Delete) parse("DELETE FROM tab WHERE id = 'a' RETURNING ALL OLD *");
    assertThat(delete.returnOld()).isTrue();
    assertValidation(
        "DELETE FROM tab WHERE id = 'a' RETURNING ALL NEW *",
        null,
        "Invalid returning clause: RETURNING ALL NEW *. Only RETURNING ALL OLD * is allowed in"
            + " DELETE statements.");
  }

  @Test
  void syntaxErrorsCarryDynamoDbsEnvelope() {
    assertValidation(
        "CREATE TABLE x",
        null,
        "Statement wasn't well formed, can't be processed: Expected data manipulation");
    assertValidation(
        "SELECT * FROM WHERE id = 1",
        null,
        "Statement wasn't well formed, can't be processed: Unexpected keyword");
    assertValidation(
        "SELECT * FROM tab WHERE id = ",
        null,
        "Statement wasn't well formed, can't be processed: Unexpected end of statement");
    assertValidation("SELECT * FROM tab WHERE id = 'a' LIMIT 5", null, "Unsupported clause: LIMIT");
    assertValidation(
        "SELECT * FROM tab WHERE a = MISSING", null, "MISSING must be compared using IS operator");
    assertValidation(
        "SELECT * FROM tab ORDER BY id",
        null,
        "Must have WHERE clause in the statement when using ORDER BY clause.");
  }

  @Test
  void parameterCountMustCoverEveryPlaceholder() throws Exception {
    assertValidation(
        "SELECT * FROM tab WHERE id = ? AND a = ?",
        json("[{\"S\":\"1\"}]"),
        "Number of parameters in request and statement don't match.");
    assertValidation(
        "SELECT * FROM tab WHERE id = ?",
        null,
        "Number of parameters in request and statement don't match.");
  }

  /** The rendered WHERE, evaluated by the condition expression engine against items. */
  private static boolean matches(String where, String item) throws Exception {
    Select select = (Select) parse("SELECT * FROM tab WHERE " + where);
    DynamoDbPartiQlOperations.Placeholders placeholders =
        new DynamoDbPartiQlOperations.Placeholders();
    String condition = DynamoDbPartiQlOperations.render(select.where(), placeholders);
    ObjectNode input = JSON.createObjectNode();
    placeholders.into(input);
    ConditionExpression expression =
        ConditionExpression.parse(
            condition,
            ExpressionAttributes.of(
                input.get("ExpressionAttributeNames"), input.get("ExpressionAttributeValues")));
    return expression.test(json(item));
  }

  @Test
  void renderedConditionsEvaluateAsPartiQlDoes() throws Exception {
    String item =
        "{\"id\":{\"S\":\"1\"},\"age\":{\"N\":\"23\"},\"name\":{\"S\":\"Bharat\"},"
            + "\"tags\":{\"SS\":[\"x\",\"y\"]},\"nul\":{\"NULL\":true},"
            + "\"m\":{\"M\":{\"k\":{\"L\":[{\"N\":\"5\"}]}}}}";
    assertThat(matches("age BETWEEN 20 AND 30 AND name <> 'x'", item)).isTrue();
    assertThat(matches("age > 23 OR NOT (name = 'Bharat')", item)).isFalse();
    assertThat(matches("age IN [1, 23]", item)).isTrue();
    assertThat(matches("age NOT IN (1, 23)", item)).isFalse();
    assertThat(matches("begins_with(name, 'Bha') AND contains(tags, 'y')", item)).isTrue();
    assertThat(matches("m.k[0] = 5 AND size(tags) = 2", item)).isTrue();
    assertThat(matches("absent IS MISSING AND age IS NOT MISSING", item)).isTrue();
    assertThat(matches("nul IS NULL AND absent IS NULL AND age IS NOT NULL", item)).isTrue();
    assertThat(matches("age IS NUMERIC AND name IS STRING AND m IS STRUCT", item)).isTrue();
    assertThat(matches("age != 23", item)).isFalse();
  }
}
