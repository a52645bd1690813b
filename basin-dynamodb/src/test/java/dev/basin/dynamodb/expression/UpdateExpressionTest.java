package dev.basin.dynamodb.expression;

import static dev.basin.dynamodb.expression.ExpressionFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.core.protocol.AwsException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpdateExpressionTest {
  private static final String VALUES =
      "{':one':{'N':'1'},':two':{'N':'2'},':big':{'N':'9.9999999999999999999999999999999999999E+125'},"
          + "':s':{'S':'s'},':x':{'S':'x'},':l':{'L':[{'S':'y'}]},':ss':{'SS':['b','c']},"
          + "':ns':{'NS':['2','3']},':bs':{'BS':['AQ==']},':m':{'M':{'q':{'S':'r'}}},"
          + "':dela':{'SS':['a']},':delall':{'SS':['a','b']}}";
  private static final String NAMES = "{'#a':'a','#k':'key'}";

  private static ExpressionAttributes attributes() {
    return ExpressionAttributes.of(json(NAMES), json(VALUES));
  }

  private static JsonNode apply(String item, String expression) {
    return UpdateExpression.parse(expression, attributes())
        .apply(item == null ? null : dev.basin.dynamodb.AttributeValues.canonicalItem(json(item)));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // SET
        "{}|SET a = :one|{'a':{'N':'1'}}",
        "{'a':{'N':'5'}}|SET a = a + :one|{'a':{'N':'6'}}",
        "{'a':{'N':'5'}}|SET a = a - :two|{'a':{'N':'3'}}",
        "{'a':{'N':'5'}}|SET a = :two - a|{'a':{'N':'-3'}}",
        "{'a':{'N':'0.1'}}|SET a = a + :two|{'a':{'N':'2.1'}}",
        "{'a':{'N':'5'},'b':{'N':'1'}}|SET a = b, b = a|{'a':{'N':'1'},'b':{'N':'5'}}",
        "{}|SET a = if_not_exists(a, :one)|{'a':{'N':'1'}}",
        "{'a':{'N':'7'}}|SET a = if_not_exists(a, :one)|{'a':{'N':'7'}}",
        "{}|SET a = if_not_exists(a, :one) + :two|{'a':{'N':'3'}}",
        "{'a':{'L':[{'S':'x'}]}}|SET a = list_append(a, :l)|{'a':{'L':[{'S':'x'},{'S':'y'}]}}",
        "{'a':{'L':[{'S':'x'}]}}|SET a = list_append(:l, a)|{'a':{'L':[{'S':'y'},{'S':'x'}]}}",
        "{}|SET a = list_append(if_not_exists(a, :l), :l)|{'a':{'L':[{'S':'y'},{'S':'y'}]}}",
        "{'a':{'M':{}}}|SET a.b = :s|{'a':{'M':{'b':{'S':'s'}}}}",
        "{'a':{'M':{'b':{'M':{}}}}}|SET a.b.c = :s|{'a':{'M':{'b':{'M':{'c':{'S':'s'}}}}}}",
        "{'a':{'L':[{'S':'x'},{'S':'z'}]}}|SET a[1] = :s|{'a':{'L':[{'S':'x'},{'S':'s'}]}}",
        "{'a':{'L':[{'S':'x'}]}}|SET a[7] = :s|{'a':{'L':[{'S':'x'},{'S':'s'}]}}",
        "{'a':{'L':[]}}|SET a[3] = :s, a[5] = :x|{'a':{'L':[{'S':'s'},{'S':'x'}]}}",
        "{}|SET #a = :m|{'a':{'M':{'q':{'S':'r'}}}}",
        "{'key':{'S':'1'}}|SET #k = :s|{'key':{'S':'s'}}",
        "{}|SET a = (:one)|{'a':{'N':'1'}}",
        "{}|set a = :one, b = :two|{'a':{'N':'1'},'b':{'N':'2'}}",
        // REMOVE
        "{'a':{'N':'1'},'b':{'N':'2'}}|REMOVE a|{'b':{'N':'2'}}",
        "{'b':{'N':'2'}}|REMOVE a|{'b':{'N':'2'}}",
        "{'a':{'M':{'b':{'S':'s'},'c':{'S':'s'}}}}|REMOVE a.b|{'a':{'M':{'c':{'S':'s'}}}}",
        "{'a':{'L':[{'N':'0'},{'N':'1'},{'N':'2'}]}}|REMOVE a[0]|{'a':{'L':[{'N':'1'},{'N':'2'}]}}",
        "{'a':{'L':[{'N':'0'},{'N':'1'},{'N':'2'},{'N':'3'}]}}|REMOVE a[1], a[3]|{'a':{'L':[{'N':'0'},{'N':'2'}]}}",
        "{'a':{'L':[{'N':'0'},{'N':'1'},{'N':'2'},{'N':'3'}]}}|REMOVE a[3], a[1]|{'a':{'L':[{'N':'0'},{'N':'2'}]}}",
        "{'a':{'L':[{'N':'0'}]}}|REMOVE a[4]|{'a':{'L':[{'N':'0'}]}}",
        "{'x':{'N':'1'},'a':{'M':{}}}|REMOVE a.b|{'x':{'N':'1'},'a':{'M':{}}}",
        // ADD
        "{}|ADD a :one|{'a':{'N':'1'}}",
        "{'a':{'N':'5'}}|ADD a :two|{'a':{'N':'7'}}",
        "{}|ADD a :ss|{'a':{'SS':['b','c']}}",
        "{'a':{'SS':['a','b']}}|ADD a :ss|{'a':{'SS':['a','b','c']}}",
        "{'a':{'NS':['1','2']}}|ADD a :ns|{'a':{'NS':['1','2','3']}}",
        "{'a':{'BS':['Ag==']}}|ADD a :bs|{'a':{'BS':['Ag==','AQ==']}}",
        "{'m':{'M':{}}}|ADD m.c :one|{'m':{'M':{'c':{'N':'1'}}}}",
        // DELETE
        "{'a':{'SS':['a','b']}}|DELETE a :dela|{'a':{'SS':['b']}}",
        "{'a':{'SS':['a','b']}}|DELETE a :delall|{}",
        "{'a':{'SS':['x']}}|DELETE a :dela|{'a':{'SS':['x']}}",
        "{}|DELETE a :dela|{}",
        // combined clauses, any order
        "{'a':{'N':'1'},'b':{'N':'1'},'c':{'SS':['a']}}|REMOVE b SET a = a + :one ADD d :one DELETE c :dela|{'a':{'N':'2'},'d':{'N':'1'}}",
        "{}|ADD n :one SET s = :s|{'n':{'N':'1'},'s':{'S':'s'}}"
      })
  void appliesLikeDynamoDb(String item, String expression, String expected) {
    JsonNode result = apply(item, expression);
    assertThat(result).isEqualTo(normalizeBinaries(json(expected)));
  }

  private static JsonNode normalizeBinaries(JsonNode expected) {
    // Binary set elements come back as BinaryNode; compare through the canonical form.
    return dev.basin.dynamodb.AttributeValues.canonicalItem(expected);
  }

  @Test
  void applyDoesNotModifyTheInput() {
    JsonNode item = json("{'a':{'L':[{'S':'x'}]},'b':{'N':'1'}}");
    JsonNode before = item.deepCopy();
    UpdateExpression.parse("SET a[0] = :s REMOVE b", attributes()).apply(item);
    assertThat(item).isEqualTo(before);
  }

  @Test
  void removeBelowAMissingAttributeOfANewItemIsIgnored() {
    JsonNode key = json("{'id':{'S':'k'}}");
    UpdateExpression update = UpdateExpression.parse("REMOVE a.b, c[0]", attributes());
    assertThat(update.apply(key, false)).isEqualTo(key);
    assertThatThrownBy(() -> update.apply(key, true))
        .isInstanceOf(AwsException.class)
        .hasMessage("The document path provided in the update expression is invalid for update");
  }

  @Test
  void appendsPastTheEndLandInIndexOrder() {
    JsonNode item = json("{'a':{'L':[{'S':'x'}]}}");
    JsonNode values =
        json("{':v1':{'S':'one'},':v2':{'S':'two'},':v3':{'S':'three'},':v4':{'S':'four'}}");
    UpdateExpression update =
        UpdateExpression.parse(
            "SET a[84] = :v1, a[37] = :v2, a[17] = :v3, a[1] = :v4",
            ExpressionAttributes.of(null, values));
    assertThat(update.apply(item))
        .isEqualTo(
            json("{'a':{'L':[{'S':'x'},{'S':'four'},{'S':'three'},{'S':'two'},{'S':'one'}]}}"));
  }

  @Test
  void aNameCannotStartWithAnUnderscore() {
    assertThatThrownBy(() -> UpdateExpression.parse("SET a = _f(b)", attributes()))
        .isInstanceOf(AwsException.class)
        .hasMessageStartingWith("Invalid UpdateExpression: Syntax error; token: \"_\"");
    assertThat(
            UpdateExpression.parse(
                    "SET A123_ = :one", ExpressionAttributes.of(null, json("{':one':{'N':'1'}}")))
                .updatedAttributes())
        .containsExactly("A123_");
  }

  @Test
  void aNullItemIsAnEmptyItem() {
    assertThat(apply(null, "SET a = :one")).isEqualTo(json("{'a':{'N':'1'}}"));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|SET a = b + :one|The provided expression refers to an attribute that does not exist"
            + " in the item",
        "{}|SET a = b|The provided expression refers to an attribute that does not exist in the"
            + " item",
        "{}|SET a = list_append(b, :l)|The provided expression refers to an attribute that does"
            + " not exist in the item",
        "{'b':{'S':'x'}}|SET a = b + :one|An operand in the update expression has an incorrect"
            + " data type",
        "{'b':{'N':'1'}}|SET a = list_append(b, :l)|An operand in the update expression has an"
            + " incorrect data type",
        "{'a':{'S':'x'}}|ADD a :one|An operand in the update expression has an incorrect data"
            + " type",
        "{'a':{'NS':['1']}}|ADD a :ss|An operand in the update expression has an incorrect data"
            + " type",
        "{'a':{'S':'x'}}|DELETE a :dela|An operand in the update expression has an incorrect"
            + " data type",
        "{}|SET a.b = :s|The document path provided in the update expression is invalid for"
            + " update",
        "{'a':{'S':'x'}}|SET a.b = :s|The document path provided in the update expression is"
            + " invalid for update",
        "{'a':{'M':{}}}|SET a[0] = :s|The document path provided in the update expression is"
            + " invalid for update",
        "{'x':{'N':'1'}}|REMOVE a.b|The document path provided in the update expression is"
            + " invalid for update",
        "{'x':{'N':'1'}}|REMOVE a[0]|The document path provided in the update expression is"
            + " invalid for update",
        "{'a':{'N':'9.9999999999999999999999999999999999999E+125'}}|SET a = a + :big|Number"
            + " overflow. Attempting to store a number with magnitude larger than supported range"
      })
  void runtimeErrors(String item, String expression, String message) {
    UpdateExpression update = UpdateExpression.parse(expression, attributes());
    assertThatThrownBy(() -> update.apply(json(item)))
        .isInstanceOf(AwsException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "SET|Syntax error; token: \"<EOF>\", near: \"SET\"",
        "SET a|Syntax error; token: \"<EOF>\", near: \"a\"",
        "SET a = :one +|Syntax error; token: \"<EOF>\", near: \"+\"",
        "SET a = :one * :two|Syntax error; token: \"*\", near: \":one *\"",
        "a = :one|Syntax error; token: \"a\", near: \"a\"",
        "SET a = :one, REMOVE b|Syntax error; token: \"REMOVE\", near: \", REMOVE\"",
        "REMOVE a ADD|Syntax error; token: \"<EOF>\", near: \"ADD\"",
        "ADD a b|Syntax error; token: \"b\", near: \"a b\"",
        "UPSERT a = :one|Syntax error; token: \"UPSERT\", near: \"UPSERT\"",
        "SET a = :one SET b = :two|The \"SET\" section can only be used once in an update"
            + " expression;",
        "REMOVE a remove b|The \"REMOVE\" section can only be used once in an update expression;",
        "SET a = :one, a = :two|Two document paths overlap with each other; must remove or"
            + " rewrite one of these paths; path one: [a], path two: [a]",
        "SET a.b = :one REMOVE a|Two document paths overlap with each other; must remove or"
            + " rewrite one of these paths; path one: [a, b], path two: [a]",
        "SET #a = :one REMOVE a.b[1]|Two document paths overlap with each other; must remove or"
            + " rewrite one of these paths; path one: [a], path two: [a, b, [1]]",
        "SET a.b = :one REMOVE a[0]|Two document paths conflict with each other; must remove or"
            + " rewrite one of these paths; path one: [a, b], path two: [a, [0]]",
        "SET a = size(b)|Invalid function name; function: size",
        "SET a = foo(b)|Invalid function name; function: foo",
        "SET a = if_not_exists(:one, :two)|Operator or function requires a document path;"
            + " operator or function: if_not_exists",
        "SET a = if_not_exists(a)|Incorrect number of operands for operator or function;"
            + " operator or function: if_not_exists, number of operands: 1",
        "SET a = list_append(a, :s)|Incorrect operand type for operator or function; operator"
            + " or function: list_append, operand type: S",
        "SET a = a + :s|Incorrect operand type for operator or function; operator or function:"
            + " +, operand type: S",
        "SET a = :l - a|Incorrect operand type for operator or function; operator or function:"
            + " -, operand type: L",
        "ADD a :s|Incorrect operand type for operator or function; operator: ADD, operand type:"
            + " STRING",
        "ADD a :l|Incorrect operand type for operator or function; operator: ADD, operand type:"
            + " LIST",
        "DELETE a :one|Incorrect operand type for operator or function; operator: DELETE,"
            + " operand type: NUMBER",
        "DELETE a :m|Incorrect operand type for operator or function; operator: DELETE, operand"
            + " type: MAP",
        "SET #nope = :one|An expression attribute name used in the document path is not defined;"
            + " attribute name: #nope",
        "SET a = :nope|An expression attribute value used in expression is not defined;"
            + " attribute value: :nope",
        "SET name = :one|Attribute name is a reserved keyword; reserved keyword: name",
        "REMOVE a.comment|Attribute name is a reserved keyword; reserved keyword: comment",
        "SET status = :nope|Attribute name is a reserved keyword; reserved keyword: status",
        "''|The expression can not be empty;"
      })
  void parseErrors(String expression, String message) {
    assertThatThrownBy(() -> UpdateExpression.parse(expression, attributes()))
        .isInstanceOf(AwsException.class)
        .hasMessage("Invalid UpdateExpression: " + message);
  }

  @Test
  void reportsTheAttributesItTouches() {
    UpdateExpression update =
        UpdateExpression.parse("SET a.b = :one, #k = :s REMOVE c[0] ADD d :one", attributes());
    assertThat(update.updatedAttributes()).containsExactly("a", "key", "c", "d");
    update.assertKeyNotUpdated(List.of("id"));
    assertThatThrownBy(() -> update.assertKeyNotUpdated(List.of("id", "key")))
        .hasMessage("Cannot update attribute key. This attribute is part of the key");
  }
}
