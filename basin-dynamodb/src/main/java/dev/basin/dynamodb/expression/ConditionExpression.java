package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * A parsed {@code ConditionExpression} or {@code FilterExpression}: immutable, thread safe, and
 * evaluated against items with {@link #test}.
 */
public final class ConditionExpression {
  private final Condition condition;

  private ConditionExpression(Condition condition) {
    this.condition = condition;
  }

  /**
   * Parses a {@code ConditionExpression}.
   *
   * @throws dev.basin.core.protocol.AwsException ValidationException "Invalid ConditionExpression:
   *     ..." with DynamoDB's message
   */
  public static ConditionExpression parse(String text, ExpressionAttributes attributes) {
    return parse("ConditionExpression", text, attributes);
  }

  /** Parses a {@code FilterExpression} (same language, errors name the filter). */
  public static ConditionExpression parseFilter(String text, ExpressionAttributes attributes) {
    return parse("FilterExpression", text, attributes);
  }

  /** Parses with errors naming {@code member} ("Invalid &lt;member&gt;: ..."). */
  public static ConditionExpression parse(
      String member, String text, ExpressionAttributes attributes) {
    return new ConditionExpression(ExpressionParser.parseCondition(member, text, attributes));
  }

  /** Evaluates the condition; a null item (no such item) is an item without attributes. */
  public boolean test(JsonNode item) {
    return condition.test(item == null ? JsonNodeFactory.instance.objectNode() : item);
  }
}
