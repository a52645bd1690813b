package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.dynamodb.expression.ConditionExpression;
import dev.basin.dynamodb.expression.ExpressionAttributes;
import dev.basin.dynamodb.expression.ProjectionExpression;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The request parameters item operations share, checked as DynamoDB checks them: expression versus
 * legacy parameters, expression attribute maps, conditions, projections and return values.
 */
final class ItemRequests {
  private ItemRequests() {}

  /**
   * The request's {@link ExpressionAttributes}, after checking that names and values are only given
   * together with one of {@code expressionMembers}.
   */
  static ExpressionAttributes attributes(ObjectNode input, String... expressionMembers) {
    boolean anyExpression = false;
    for (String member : expressionMembers) {
      anyExpression |= input.hasNonNull(member);
    }
    if (!anyExpression) {
      if (input.hasNonNull("ExpressionAttributeNames")) {
        throw DynamoDbErrors.validation(
            "ExpressionAttributeNames can only be specified when using expressions");
      }
      if (input.hasNonNull("ExpressionAttributeValues")) {
        throw DynamoDbErrors.validation(
            "ExpressionAttributeValues can only be specified when using expressions");
      }
    }
    return ExpressionAttributes.of(
        input.get("ExpressionAttributeNames"), input.get("ExpressionAttributeValues"));
  }

  /** Fails when legacy and expression parameters are mixed, naming both sides as DynamoDB does. */
  static void notBoth(ObjectNode input, List<String> legacy, List<String> expressions) {
    List<String> usedLegacy = new ArrayList<>();
    legacy.forEach(
        m -> {
          if (input.hasNonNull(m)) {
            usedLegacy.add(m);
          }
        });
    List<String> usedExpressions = new ArrayList<>();
    expressions.forEach(
        m -> {
          if (input.hasNonNull(m)) {
            usedExpressions.add(m);
          }
        });
    if (!usedLegacy.isEmpty() && !usedExpressions.isEmpty()) {
      throw DynamoDbErrors.validation(
          "Can not use both expression and non-expression parameters in the same request:"
              + " Non-expression parameters: {"
              + String.join(", ", usedLegacy)
              + "} Expression parameters: {"
              + String.join(", ", usedExpressions)
              + "}");
    }
  }

  /** A write's condition ({@code ConditionExpression} or {@code Expected}); null: none. */
  static Predicate<JsonNode> writeCondition(ObjectNode input, ExpressionAttributes attributes) {
    if (input.hasNonNull("ConditionExpression")) {
      return ConditionExpression.parse(input.get("ConditionExpression").asText(), attributes)::test;
    }
    if (input.hasNonNull("Expected")) {
      return LegacyConditions.join(
          LegacyConditions.expected(input.get("Expected")), input.get("ConditionalOperator"));
    }
    if (input.hasNonNull("ConditionalOperator")) {
      throw DynamoDbErrors.validation(
          "ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }
    return null;
  }

  /**
   * A read's projection ({@code ProjectionExpression} or {@code AttributesToGet}); identity if
   * none.
   */
  static UnaryOperator<ObjectNode> projection(ObjectNode input, ExpressionAttributes attributes) {
    if (input.hasNonNull("ProjectionExpression")) {
      ProjectionExpression projection =
          ProjectionExpression.parse(input.get("ProjectionExpression").asText(), attributes);
      return projection::project;
    }
    if (input.hasNonNull("AttributesToGet")) {
      List<String> names = new ArrayList<>();
      input.get("AttributesToGet").forEach(n -> names.add(n.asText()));
      if (names.size() != Set.copyOf(names).size()) {
        throw DynamoDbErrors.validation(
            "One or more parameter values were invalid: Duplicate value in attribute name: "
                + names);
      }
      return item -> {
        ObjectNode projected = JsonNodeFactory.instance.objectNode();
        for (String name : names) {
          JsonNode value = item.get(name);
          if (value != null) {
            projected.set(name, value);
          }
        }
        return projected;
      };
    }
    return UnaryOperator.identity();
  }

  /** The {@code ReturnValues} member, checked against the values the operation allows. */
  static String returnValues(ObjectNode input, Set<String> allowed) {
    String value = input.path("ReturnValues").asText("NONE");
    if (!allowed.contains(value)) {
      throw DynamoDbErrors.validation("Return values set to invalid value");
    }
    return value;
  }

  /**
   * Whether a failed condition returns the old item ({@code ReturnValuesOnConditionCheckFailure}).
   */
  static boolean returnOldOnFailure(ObjectNode input) {
    return input.path("ReturnValuesOnConditionCheckFailure").asText("NONE").equals("ALL_OLD");
  }
}
