package dev.basin.dynamodb.expression;

import static dev.basin.dynamodb.expression.ExpressionFixtures.ITEM;
import static dev.basin.dynamodb.expression.ExpressionFixtures.attributes;
import static dev.basin.dynamodb.expression.ExpressionFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.protocol.AwsException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionExpressionTest {

  private static boolean eval(String expression) {
    return ConditionExpression.parse(expression, attributes()).test(json(ITEM));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // comparators on numbers, strings, binaries
        "n = :five|true",
        "n = :four|false",
        "n <> :four|true",
        "n <> :five|false",
        "n < :six|true",
        "n < :five|false",
        "n <= :five|true",
        "n > :four|true",
        "n > :five|false",
        "n >= :five|true",
        "n >= :six|false",
        ":four < n|true",
        "s = :hello|true",
        "s > :he|true",
        "s < :he|false",
        "b > :b1|true",
        "b < :b23|true",
        // type mismatch and nothere attributes
        "n = :str5|false",
        "n < :str5|false",
        "n <> :str5|true",
        "nothere = :five|false",
        "nothere < :five|false",
        "nothere <> :five|true",
        "t < l|false",
        // set, list and map equality
        "l = :lx|true",
        "t = :t|true",
        "t = :f|false",
        // BETWEEN
        "n BETWEEN :four AND :six|true",
        "n BETWEEN :five AND :five|true",
        "n BETWEEN :one AND :four|false",
        "s BETWEEN :he AND :hello|true",
        "nothere BETWEEN :one AND :six|false",
        "s BETWEEN :one AND :two|false",
        // IN
        "n IN (:four, :five)|true",
        "n IN (:four, :six)|false",
        "s IN (:hello)|true",
        "nothere IN (:five)|false",
        // functions
        "attribute_exists(n)|true",
        "attribute_exists(nothere)|false",
        "attribute_not_exists(nothere)|true",
        "attribute_not_exists(n)|false",
        "attribute_exists(m.deep.x)|true",
        "attribute_exists(m.deep.y)|false",
        "attribute_exists(l[1])|true",
        "attribute_exists(l[2])|false",
        "attribute_exists(m[0])|false",
        "attribute_exists(l.x)|false",
        "attribute_type(s, :S)|true",
        "attribute_type(n, :N)|true",
        "attribute_type(ss, :SS)|true",
        "attribute_type(z, :NULL)|true",
        "attribute_type(m, :M)|true",
        "attribute_type(s, :N)|false",
        "attribute_type(nothere, :S)|false",
        "begins_with(s, :he)|true",
        "begins_with(s, :ll)|false",
        "begins_with(b, :b12)|true",
        "begins_with(b, :b23)|false",
        "begins_with(n, :str5)|false",
        "begins_with(nothere, :he)|false",
        "contains(s, :ll)|true",
        "contains(s, :x)|false",
        "contains(ss, :a)|true",
        "contains(ss, :c)|false",
        "contains(ns, :two)|true",
        "contains(ns, :five)|false",
        "contains(bs, :b1)|true",
        "contains(b, :b23)|true",
        "contains(l, :x)|true",
        "contains(l, :two)|true",
        "contains(l, :five)|false",
        "contains(nothere, :a)|false",
        "size(s) = :five|true",
        "size(ss) = :two|true",
        "size(l) = :two|true",
        "size(m) = :two|true",
        "size(b) > :two|true",
        "size(n) = :one|false",
        "size(nothere) <> :one|true",
        "size(nothere) = :one|false",
        // nested paths and placeholders
        "m.k = :v|true",
        "#m.#k = :v|true",
        "m.deep.x = :one|true",
        "l[0] = :x|true",
        "#l[1] = :two|true",
        "l[5] = :x|false",
        "#sel = :x|false",
        "#dash <> :x|true",
        "#dot = :v|false",
        // logic and precedence
        "n = :five AND s = :hello|true",
        "n = :five AND s = :x|false",
        "n = :four OR s = :hello|true",
        "n = :four OR s = :x|false",
        "NOT n = :four|true",
        "not n = :five|false",
        "n = :five OR n = :four AND s = :x|true",
        "(n = :five OR n = :four) AND s = :x|false",
        "NOT n = :four AND s = :x|false",
        "NOT (n = :four AND s = :x)|true",
        "NOT NOT n = :five|true",
        "n = :four OR NOT s = :x AND attribute_exists(m)|true",
        "(n) = :five|true",
        "(n = :five)|true",
        "((n = :five) and (s = :hello)) or n = :one|true",
        "n=:five AND(s=:hello)|true",
      })
  void evaluatesLikeDynamoDb(String expression, boolean expected) {
    assertThat(eval(expression)).isEqualTo(expected);
  }

  @Test
  void whitespaceIsInsignificant() {
    assertThat(eval("  n\t=\n:five\r\nAND  s  =  :hello  ")).isTrue();
    assertThat(eval("m . deep . x = :one AND l [ 1 ] = :two")).isTrue();
  }

  @Test
  void missingAttributeIsNotAReservedWordWhenEscaped() {
    ExpressionAttributes attrs =
        ExpressionAttributes.of(json("{'#missing':'missing'}"), json("{':x':{'S':'x'}}"));
    assertThat(ConditionExpression.parse("#missing <> :x", attrs).test(json(ITEM))).isTrue();
  }

  @Test
  void aMissingItemHasNoAttributes() {
    ConditionExpression exists =
        ConditionExpression.parse("attribute_not_exists(id)", ExpressionAttributes.none());
    assertThat(exists.test(null)).isTrue();
    assertThat(exists.test(json(ITEM))).isFalse();
  }

  @Test
  void inAcceptsOneHundredOperandsButNotMore() {
    StringBuilder values = new StringBuilder("{");
    for (int i = 0; i < 101; i++) {
      values.append(i == 0 ? "" : ",").append("':v").append(i).append("':{'N':'").append(i);
      values.append("'}");
    }
    ExpressionAttributes attrs = ExpressionAttributes.of(null, json(values + "}"));
    String hundred =
        IntStream.range(0, 100).mapToObj(i -> ":v" + i).collect(Collectors.joining(", "));
    assertThat(ConditionExpression.parse("n IN (" + hundred + ")", attrs).test(json(ITEM)))
        .isTrue();
    assertThatThrownBy(() -> ConditionExpression.parse("n IN (" + hundred + ", :v100)", attrs))
        .hasMessage(
            "Invalid ConditionExpression: The IN operator is provided with too many operands;"
                + " number of operands: 101");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|Invalid ConditionExpression: The expression can not be empty;",
        "'   '|Invalid ConditionExpression: The expression can not be empty;",
        "n =|Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"=\"",
        "n = :five AND|Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"",
        "n :five|Invalid ConditionExpression: Syntax error; token: \":five\", near: \"n :five\"",
        "n == :five|Invalid ConditionExpression: Syntax error; token: \"=\", near: \"==\"",
        "n = :five)|Invalid ConditionExpression: Syntax error; token: \")\", near: \":five)\"",
        "n ! :five|Invalid ConditionExpression: Syntax error; token: \"!\", near: \"n !\"",
        "n BETWEEN :one OR :two|Invalid ConditionExpression: Syntax error; token: \"OR\","
            + " near: \":one OR\"",
        "n IN :one|Invalid ConditionExpression: Syntax error; token: \":one\", near: \"IN :one\"",
        "l[x] = :one|Invalid ConditionExpression: Syntax error; token: \"x\", near: \"[x\"",
        "AND = :one|Invalid ConditionExpression: Syntax error; token: \"AND\", near: \"AND\"",
        "foo(n)|Invalid ConditionExpression: Invalid function name; function: foo",
        "size(n) = :one AND bar(s)|Invalid ConditionExpression: Invalid function name; function:"
            + " bar",
        "begins_with(s, :he) = :t|Invalid ConditionExpression: The function is not allowed to be"
            + " used this way in an expression; function: begins_with",
        "size(s)|Invalid ConditionExpression: The function is not allowed to be used this way in"
            + " an expression; function: size",
        "contains(size(s), :one) = :t|Invalid ConditionExpression: The function is not allowed"
            + " to be used this way in an expression; function: contains",
        "attribute_exists(s, :he)|Invalid ConditionExpression: Incorrect number of operands for"
            + " operator or function; operator or function: attribute_exists, number of operands:"
            + " 2",
        "size(s, l) > :one|Invalid ConditionExpression: Incorrect number of operands for operator"
            + " or function; operator or function: size, number of operands: 2",
        "attribute_exists(:he)|Invalid ConditionExpression: Operator or function requires a"
            + " document path; operator or function: attribute_exists",
        "t < :t|Invalid ConditionExpression: Incorrect operand type for operator or function;"
            + " operator or function: <, operand type: BOOL",
        ":lx >= n|Invalid ConditionExpression: Incorrect operand type for operator or function;"
            + " operator or function: >=, operand type: L",
        "n BETWEEN :lx AND :lx|Invalid ConditionExpression: Incorrect operand type for operator"
            + " or function; operator or function: BETWEEN, operand type: L",
        "if_not_exists(n, :one) = :one|Invalid ConditionExpression: The function is not allowed"
            + " in a condition expression; function: if_not_exists",
        "list_append(l, :lx) = :lx|Invalid ConditionExpression: The function is not allowed in a"
            + " condition expression; function: list_append",
        "_n = :one|Invalid ConditionExpression: Syntax error; token: \"_\", near: \"_n\"",
        "attribute_not_exists(:he)|Invalid ConditionExpression: Operator or function requires a"
            + " document path; operator or function: attribute_not_exists",
        "begins_with(s, :one)|Invalid ConditionExpression: Incorrect operand type for operator or"
            + " function; operator or function: begins_with, operand type: N",
        "attribute_type(s, :one)|Invalid ConditionExpression: Incorrect operand type for operator"
            + " or function; operator or function: attribute_type, operand type: N",
        "attribute_type(s, :bogus)|Invalid ConditionExpression: Invalid attribute type name"
            + " found; type: BOGUS, valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}",
        "size(:one) = :one|Invalid ConditionExpression: Incorrect operand type for operator or"
            + " function; operator or function: size, operand type: N",
        "n = n|Invalid ConditionExpression: The first operand must be distinct from the"
            + " remaining operands for this operator or function; operator: =, first operand: [n]",
        "begins_with(m.k, m.k)|Invalid ConditionExpression: The first operand must be distinct"
            + " from the remaining operands for this operator or function; operator: begins_with,"
            + " first operand: [m, k]",
        "n BETWEEN :one AND :a|Invalid ConditionExpression: The BETWEEN operator requires same"
            + " data type for lower and upper bounds; lower bound operand: AttributeValue:"
            + " {N:1}, upper bound operand: AttributeValue: {S:a}",
        "n BETWEEN :two AND :one|Invalid ConditionExpression: The BETWEEN operator requires"
            + " upper bound to be greater than or equal to lower bound; lower bound operand:"
            + " AttributeValue: {N:2}, upper bound operand: AttributeValue: {N:1}",
        "#nope = :one|Invalid ConditionExpression: An expression attribute name used in the"
            + " document path is not defined; attribute name: #nope",
        "n = :nope|Invalid ConditionExpression: An expression attribute value used in expression"
            + " is not defined; attribute value: :nope",
        "select = :x|Invalid ConditionExpression: Attribute name is a reserved keyword; reserved"
            + " keyword: select",
        "m.Name = :x|Invalid ConditionExpression: Attribute name is a reserved keyword; reserved"
            + " keyword: Name",
        "size = :one|Invalid ConditionExpression: Attribute name is a reserved keyword; reserved"
            + " keyword: size",
        "select = :nope|Invalid ConditionExpression: Attribute name is a reserved keyword;"
            + " reserved keyword: select",
        "foo(select)|Invalid ConditionExpression: Invalid function name; function: foo"
      })
  void rejectsWithDynamoDbsMessages(String expression, String message) {
    assertThatThrownBy(() -> ConditionExpression.parse(expression, attributes()))
        .isInstanceOf(AwsException.class)
        .hasMessage(message)
        .extracting(e -> ((AwsException) e).code())
        .isEqualTo("ValidationException");
  }

  @Test
  void filterExpressionErrorsNameTheFilter() {
    assertThatThrownBy(() -> ConditionExpression.parseFilter("n =", attributes()))
        .hasMessage("Invalid FilterExpression: Syntax error; token: \"<EOF>\", near: \"=\"");
  }
}
