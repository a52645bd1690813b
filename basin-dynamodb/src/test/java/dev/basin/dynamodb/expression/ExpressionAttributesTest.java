package dev.basin.dynamodb.expression;

import static dev.basin.dynamodb.expression.ExpressionFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.basin.core.protocol.AwsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpressionAttributesTest {

  @Test
  void everyPlaceholderUsedAcrossTheRequestsExpressionsPasses() {
    ExpressionAttributes attrs =
        ExpressionAttributes.of(
            json("{'#a':'a','#b':'b'}"), json("{':v':{'N':'1'},':w':{'S':'x'}}"));
    ConditionExpression.parse("#a = :v", attrs);
    ProjectionExpression.parse("#b", attrs);
    UpdateExpression.parse("SET c = :w", attrs);
    assertThatCode(attrs::assertAllUsed).doesNotThrowAnyException();
  }

  @Test
  void unusedNamesAreReportedBeforeUnusedValues() {
    ExpressionAttributes attrs =
        ExpressionAttributes.of(
            json("{'#a':'a','#x':'x','#y':'y'}"), json("{':v':{'N':'1'},':u':{'N':'2'}}"));
    ConditionExpression.parse("#a = :v", attrs);
    assertThatThrownBy(attrs::assertAllUsed)
        .isInstanceOf(AwsException.class)
        .hasMessage(
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {#x, #y}");
    ConditionExpression.parse("#x = #y", attrs);
    assertThatThrownBy(attrs::assertAllUsed)
        .hasMessage(
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {:u}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|null|ExpressionAttributeNames must not be empty",
        "null|{}|ExpressionAttributeValues must not be empty",
        "{'a':'a'}|null|ExpressionAttributeNames contains invalid key: Syntax error; key: \"a\"",
        "{'#':'a'}|null|ExpressionAttributeNames contains invalid key: Syntax error; key: \"#\"",
        "null|{'v':{'S':'a'}}|ExpressionAttributeValues contains invalid key: Syntax error; key:"
            + " \"v\"",
        "null|{':v':{'SS':[]}}|ExpressionAttributeValues contains invalid value: One or more"
            + " parameter values were invalid: An AttributeValue may not contain an empty set. for"
            + " key :v",
        "null|{':v':{'N':'x'}}|ExpressionAttributeValues contains invalid value: The parameter"
            + " cannot be converted to a numeric value: x for key :v"
      })
  void invalidMapsAreRejected(String names, String values, String message) {
    assertThatThrownBy(() -> ExpressionAttributes.of(json(names), json(values)))
        .isInstanceOf(AwsException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "name", "Name", "STATUS", "data", "year", "comment", "count", "size", "date", "timestamp",
        "user", "value", "values", "key", "type", "hash", "range", "ttl", "zone", "abort"
      })
  void reservedWordsNeedAnAlias(String word) {
    ExpressionAttributes bare = ExpressionAttributes.of(null, json("{':v':{'S':'x'}}"));
    assertThatThrownBy(() -> ConditionExpression.parse(word + " = :v", bare))
        .hasMessage(
            "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: "
                + word);
    ExpressionAttributes aliased =
        ExpressionAttributes.of(json("{'#w':'" + word + "'}"), json("{':v':{'S':'x'}}"));
    assertThat(
            ConditionExpression.parse("#w = :v", aliased).test(json("{'" + word + "':{'S':'x'}}")))
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"id", "title", "price", "sku", "_underscore", "a1"})
  void ordinaryNamesAreNotReserved(String word) {
    assertThat(ReservedWords.isReserved(word)).isFalse();
  }

  @Test
  void theReservedWordListIsComplete() {
    assertThat(ReservedWords.count()).isGreaterThanOrEqualTo(570);
  }
}
