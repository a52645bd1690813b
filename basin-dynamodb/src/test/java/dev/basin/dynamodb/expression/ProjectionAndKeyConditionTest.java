package dev.basin.dynamodb.expression;

import static dev.basin.dynamodb.expression.ExpressionFixtures.ITEM;
import static dev.basin.dynamodb.expression.ExpressionFixtures.attributes;
import static dev.basin.dynamodb.expression.ExpressionFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.protocol.AwsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProjectionAndKeyConditionTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "id|{'id':{'S':'1'}}",
        "id, n|{'id':{'S':'1'},'n':{'N':'5'}}",
        "id, nothere|{'id':{'S':'1'}}",
        "m.k|{'m':{'M':{'k':{'S':'v'}}}}",
        "m.deep.x, m.k|{'m':{'M':{'deep':{'M':{'x':{'N':'1'}}},'k':{'S':'v'}}}}",
        "l[1]|{'l':{'L':[{'N':'2'}]}}",
        "l[1], l[0]|{'l':{'L':[{'S':'x'},{'N':'2'}]}}",
        "l[9]|{}",
        "#m.#k, #sel|{'m':{'M':{'k':{'S':'v'}}},'select':{'S':'r'}}",
        "#dash|{'a-b':{'S':'dash'}}",
        "m . k|{'m':{'M':{'k':{'S':'v'}}}}"
      })
  void projectsKeepingStructure(String expression, String expected) {
    assertThat(ProjectionExpression.parse(expression, attributes()).project(json(ITEM)))
        .isEqualTo(json(expected));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|The expression can not be empty;",
        "a,|Syntax error; token: \"<EOF>\", near: \",\"",
        "a b|Syntax error; token: \"b\", near: \"a b\"",
        "!!!|Syntax error; token: \"!\", near: \"!!\"",
        "l[]|Syntax error; token: \"]\", near: \"[]\"",
        "#undef|An expression attribute name used in the document path is not defined; attribute"
            + " name: #undef",
        "a, a|Two document paths overlap with each other; must remove or rewrite one of these"
            + " paths; path one: [a], path two: [a]",
        "a.b, a|Two document paths overlap with each other; must remove or rewrite one of these"
            + " paths; path one: [a, b], path two: [a]",
        "#s, s|Two document paths overlap with each other; must remove or rewrite one of these"
            + " paths; path one: [s], path two: [s]",
        "a.b, a[0]|Two document paths conflict with each other; must remove or rewrite one of"
            + " these paths; path one: [a, b], path two: [a, [0]]",
        "id, year|Attribute name is a reserved keyword; reserved keyword: year"
      })
  void projectionErrors(String expression, String message) {
    assertThatThrownBy(() -> ProjectionExpression.parse(expression, attributes()))
        .isInstanceOf(AwsException.class)
        .hasMessage("Invalid ProjectionExpression: " + message);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "id = :one|EQ|1|-1",
        "id = :one AND n = :five|EQ|5|-1",
        "id = :one AND n < :five|LT|5|-1",
        "id = :one AND n <= :five|LE|5|-1",
        "id = :one AND n > :five|GT|5|-1",
        "n >= :five AND id = :one|GE|5|-1",
        ":five > n AND id = :one|LT|5|-1",
        "id = :one AND n BETWEEN :four AND :six|BETWEEN|4|6",
        "id = :one AND begins_with(n, :str5)|BEGINS_WITH|5|-1",
        ":one = id|EQ|1|-1"
      })
  void keyConditions(String expression, String operator, String value, String upper) {
    ExpressionAttributes attrs =
        ExpressionAttributes.of(
            null,
            json(
                "{':one':{'S':'1'},':five':{'N':'5'},':four':{'N':'4'},':six':{'N':'6'},"
                    + "':str5':{'S':'5'}}"));
    KeyCondition key = KeyCondition.parse(expression, attrs, "id", "n");
    assertThat(key.hashValue()).isEqualTo(json("{'S':'1'}"));
    if (key.sortKey().isEmpty()) {
      assertThat(expression).doesNotContain(" n");
      return;
    }
    KeyCondition.SortKeyCondition sort = key.sortKey().get();
    assertThat(sort.operator()).hasToString(operator);
    assertThat(sort.value().elements().next().asText()).isEqualTo(value);
    if (!upper.equals("-1")) {
      assertThat(sort.upper().get("N").asText()).isEqualTo(upper);
    }
  }

  @Test
  void sortKeyConditionsMatchValues() {
    ExpressionAttributes attrs =
        ExpressionAttributes.of(
            null, json("{':h':{'S':'h'},':lo':{'N':'2'},':hi':{'N':'4'},':p':{'S':'ab'}}"));
    KeyCondition between =
        KeyCondition.parse("pk = :h AND sk BETWEEN :lo AND :hi", attrs, "pk", "sk");
    KeyCondition.SortKeyCondition sort = between.sortKey().orElseThrow();
    assertThat(sort.matches(json("{'N':'2'}"))).isTrue();
    assertThat(sort.matches(json("{'N':'4.0'}"))).isTrue();
    assertThat(sort.matches(json("{'N':'4.01'}"))).isFalse();
    assertThat(sort.matches(json("{'S':'3'}"))).isFalse();
    assertThat(sort.matches(null)).isFalse();
    assertThat(between.test(json("{'pk':{'S':'h'},'sk':{'N':'3'}}"))).isTrue();
    assertThat(between.test(json("{'pk':{'S':'x'},'sk':{'N':'3'}}"))).isFalse();
    KeyCondition prefix = KeyCondition.parse("pk = :h AND begins_with(sk, :p)", attrs, "pk", "sk");
    assertThat(prefix.sortKey().orElseThrow().matches(json("{'S':'abc'}"))).isTrue();
    assertThat(prefix.sortKey().orElseThrow().matches(json("{'S':'b'}"))).isFalse();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "id = :one OR n = :five|Invalid operator used in KeyConditionExpression: OR",
        "NOT id = :one|Invalid operator used in KeyConditionExpression: NOT",
        "id = :one AND n <> :five|Invalid operator used in KeyConditionExpression: <>",
        "id = :one AND n IN (:five)|Invalid operator used in KeyConditionExpression: IN",
        "id = :one AND attribute_exists(n)|Invalid operator used in KeyConditionExpression:"
            + " attribute_exists",
        "id = :one AND contains(n, :five)|Invalid operator used in KeyConditionExpression:"
            + " contains",
        "id < :one|Query key condition not supported",
        "begins_with(id, :one)|Query key condition not supported",
        "n = :five|Query condition missed key schema element: id",
        "id = :one AND foo = :five|Query condition missed key schema element: n",
        "id = :one AND id = :one|KeyConditionExpressions must only contain one condition per key",
        "id = :one AND n > :five AND n < :five|KeyConditionExpressions must only contain one"
            + " condition per key",
        "id = :one AND|Invalid KeyConditionExpression: Syntax error; token: \"<EOF>\", near:"
            + " \"AND\"",
        "id = :one AND begins_with(n, :five)|Invalid KeyConditionExpression: Incorrect operand"
            + " type for operator or function; operator or function: begins_with, operand type: N",
        "id = :nope|Invalid KeyConditionExpression: An expression attribute value used in"
            + " expression is not defined; attribute value: :nope"
      })
  void keyConditionErrors(String expression, String message) {
    ExpressionAttributes attrs =
        ExpressionAttributes.of(null, json("{':one':{'S':'1'},':five':{'N':'5'}}"));
    assertThatThrownBy(() -> KeyCondition.parse(expression, attrs, "id", "n"))
        .isInstanceOf(AwsException.class)
        .hasMessage(message);
  }

  @Test
  void aHashOnlyKeyRejectsOtherAttributes() {
    ExpressionAttributes attrs =
        ExpressionAttributes.of(null, json("{':one':{'S':'1'},':five':{'N':'5'}}"));
    assertThatThrownBy(() -> KeyCondition.parse("id = :one AND n = :five", attrs, "id", null))
        .hasMessage("Query key condition not supported");
    assertThat(KeyCondition.parse("id = :one", attrs, "id", null).sortKey()).isEmpty();
  }
}
