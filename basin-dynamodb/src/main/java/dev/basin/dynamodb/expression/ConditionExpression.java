package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

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

  /**
   * Fails if the expression reads one of {@code keyAttributes}: a Query's filter may not use the
   * key attributes of the table or index it reads (they belong in the key condition).
   *
   * @throws dev.basin.core.protocol.AwsException ValidationException "Filter Expression can only
   *     contain non-primary key attributes: Primary key attribute: &lt;name&gt;"
   */
  public void assertNoKeyAttributes(Collection<String> keyAttributes) {
    Set<String> read = new LinkedHashSet<>();
    attributesOf(condition, read);
    for (String name : read) {
      if (keyAttributes.contains(name)) {
        throw ExpressionAttributes.invalid(
            "Filter Expression can only contain non-primary key attributes: Primary key"
                + " attribute: "
                + name);
      }
    }
  }

  private static void attributesOf(Condition condition, Set<String> out) {
    if (condition instanceof Condition.And and) {
      attributesOf(and.left(), out);
      attributesOf(and.right(), out);
    } else if (condition instanceof Condition.Or or) {
      attributesOf(or.left(), out);
      attributesOf(or.right(), out);
    } else if (condition instanceof Condition.Not not) {
      attributesOf(not.condition(), out);
    } else if (condition instanceof Condition.Compare compare) {
      attributesOf(compare.left(), out);
      attributesOf(compare.right(), out);
    } else if (condition instanceof Condition.Between between) {
      attributesOf(between.operand(), out);
      attributesOf(between.lower(), out);
      attributesOf(between.upper(), out);
    } else if (condition instanceof Condition.In in) {
      attributesOf(in.operand(), out);
      in.candidates().forEach(candidate -> attributesOf(candidate, out));
    } else if (condition instanceof Condition.Call call) {
      call.args().forEach(arg -> attributesOf(arg, out));
    }
  }

  private static void attributesOf(Operand operand, Set<String> out) {
    if (operand instanceof Operand.Path path) {
      out.add(path.path().attribute());
    } else if (operand instanceof Operand.Function function) {
      function.args().forEach(arg -> attributesOf(arg, out));
    } else if (operand instanceof Operand.Arithmetic arithmetic) {
      attributesOf(arithmetic.left(), out);
      attributesOf(arithmetic.right(), out);
    }
  }

  /** Evaluates the condition; a null item (no such item) is an item without attributes. */
  public boolean test(JsonNode item) {
    return condition.test(item == null ? JsonNodeFactory.instance.objectNode() : item);
  }
}
