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
import java.util.function.Supplier;
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
    checkExpressionSizes(input, expressionMembers);
    for (String member : expressionMembers) {
      if ((member.equals("ConditionExpression") || member.equals("FilterExpression"))
          && input.path(member).isTextual()) {
        checkOperatorCount(member, input.get(member).asText());
      }
    }
    JsonNode names = input.get("ExpressionAttributeNames");
    if (names != null && names.isObject()) {
      names.forEach(name -> AttributeValues.checkAttributeName(name.asText()));
    }
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
      return parsing(
              "ConditionExpression",
              () ->
                  ConditionExpression.parse(input.get("ConditionExpression").asText(), attributes))
          ::test;
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
          parsing(
              "ProjectionExpression",
              () ->
                  ProjectionExpression.parse(
                      input.get("ProjectionExpression").asText(), attributes));
      return projection::project;
    }
    if (input.hasNonNull("AttributesToGet")) {
      if (input.get("AttributesToGet").isEmpty()) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy"
                + " constraint: Member must have length greater than or equal to 1");
      }
      List<String> names = new ArrayList<>();
      input
          .get("AttributesToGet")
          .forEach(
              n -> {
                AttributeValues.checkAttributeName(n.asText());
                names.add(n.asText());
              });
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
   * Whether a failed condition returns the old item ({@code ReturnValuesOnConditionCheckFailure}
   * ALL_OLD). Other values than ALL_OLD and NONE never get here: the gateway checks the model's
   * enum first.
   */
  static boolean returnOldOnFailure(JsonNode input) {
    return input.path("ReturnValuesOnConditionCheckFailure").asText().equals("ALL_OLD");
  }

  /**
   * Runs an expression parser, turning a recursion too deep for the thread's stack (an expression
   * within the size limit can still nest thousands of levels) into a ValidationException instead of
   * an error that would take the request down.
   */
  static <T> T parsing(String member, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (StackOverflowError e) {
      throw DynamoDbErrors.validation(
          "Invalid " + member + ": The expression is nested too deeply");
    }
  }

  /** The most operators a condition or filter expression may hold. */
  static final int MAX_OPERATORS = 300;

  /**
   * Fails for a condition or filter expression with more operators than DynamoDB allows:
   * comparisons ({@code = <> < <= > >=}) and the words {@code AND OR NOT BETWEEN IN}; functions,
   * parentheses and operands do not count.
   *
   * @throws dev.basin.core.protocol.AwsException ValidationException "Invalid ConditionExpression:
   *     The expression contains too many operators; operator count: 301"
   */
  static void checkOperatorCount(String member, String text) {
    int count = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char ch = text.charAt(i);
      if (ch == '=') {
        count++;
      } else if (ch == '<' || ch == '>') {
        count++;
        if (i + 1 < n && (text.charAt(i + 1) == '=' || (ch == '<' && text.charAt(i + 1) == '>'))) {
          i++;
        }
      } else if (Character.isLetter(ch) && (i == 0 || !isNameChar(text.charAt(i - 1)))) {
        int end = i;
        while (end < n && isNameChar(text.charAt(end))) {
          end++;
        }
        String word = text.substring(i, end);
        if (word.equalsIgnoreCase("and")
            || word.equalsIgnoreCase("or")
            || word.equalsIgnoreCase("not")
            || word.equalsIgnoreCase("between")
            || word.equalsIgnoreCase("in")) {
          count++;
        }
        i = end - 1;
      }
    }
    if (count > MAX_OPERATORS) {
      throw DynamoDbErrors.validation(
          "Invalid "
              + member
              + ": The expression contains too many operators; operator count: "
              + count);
    }
  }

  private static boolean isNameChar(char ch) {
    return Character.isLetterOrDigit(ch) || ch == '_' || ch == '#' || ch == ':';
  }

  /** The longest expression DynamoDB accepts, in UTF-8 bytes. */
  static final int MAX_EXPRESSION_BYTES = 4096;

  /**
   * Fails for an expression member longer than DynamoDB allows, before it is parsed: a long
   * expression can nest deeper than a recursive parser should go.
   *
   * @throws dev.basin.core.protocol.AwsException ValidationException "Invalid ConditionExpression:
   *     Expression size has exceeded the maximum allowed size; expression size: 4097"
   */
  static void checkExpressionSizes(ObjectNode input, String... members) {
    for (String member : members) {
      JsonNode expression = input.get(member);
      if (expression == null || !expression.isTextual()) {
        continue;
      }
      String text = expression.asText();
      if (text.length() > MAX_EXPRESSION_BYTES / 3) {
        int size = AttributeValues.utf8Length(text);
        if (size > MAX_EXPRESSION_BYTES) {
          throw DynamoDbErrors.validation(
              "Invalid "
                  + member
                  + ": Expression size has exceeded the maximum allowed size; expression size: "
                  + size);
        }
      }
    }
  }
}
