package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code KeyConditionExpression}: equality on the partition key and at most one condition
 * on the sort key, which a store turns into a range scan.
 *
 * @param hashKey the partition key attribute name
 * @param hashValue the partition key value to match
 * @param sortKey the sort key condition, if any
 */
public record KeyCondition(
    String hashKey, ObjectNode hashValue, Optional<SortKeyCondition> sortKey) {

  /** Sort key operators. */
  public enum Operator {
    EQ,
    LT,
    LE,
    GT,
    GE,
    BETWEEN,
    BEGINS_WITH
  }

  /**
   * A condition on the sort key.
   *
   * @param value the operand ({@code BETWEEN}: the lower bound)
   * @param upper {@code BETWEEN}'s upper bound, else null
   */
  public record SortKeyCondition(
      String attribute, Operator operator, ObjectNode value, ObjectNode upper) {

    /** True if a sort key value satisfies the condition (false for null or another type). */
    public boolean matches(JsonNode key) {
      return switch (operator) {
        case EQ -> Condition.Compare.compare("=", key, value);
        case LT -> Condition.Compare.compare("<", key, value);
        case LE -> Condition.Compare.compare("<=", key, value);
        case GT -> Condition.Compare.compare(">", key, value);
        case GE -> Condition.Compare.compare(">=", key, value);
        case BETWEEN ->
            Condition.Compare.compare(">=", key, value)
                && Condition.Compare.compare("<=", key, upper);
        case BEGINS_WITH -> Condition.Call.beginsWith(key, value);
      };
    }
  }

  /**
   * Parses a key condition expression against a table's (or index's) key schema.
   *
   * @param rangeKey the sort key attribute name, or null for a hash-only key
   * @throws AwsException ValidationException with DynamoDB's messages: syntax errors, "Invalid
   *     operator used in KeyConditionExpression: OR", "Query key condition not supported", "Query
   *     condition missed key schema element: id", "KeyConditionExpressions must only contain one
   *     condition per key"
   */
  public static KeyCondition parse(
      String text, ExpressionAttributes attributes, String hashKey, String rangeKey) {
    Condition condition =
        ExpressionParser.parseCondition("KeyConditionExpression", text, attributes);
    List<Condition> parts = new ArrayList<>();
    flatten(condition, parts);
    ObjectNode hashValue = null;
    SortKeyCondition sort = null;
    for (Condition part : parts) {
      SortKeyCondition single = single(part);
      if (single.attribute().equals(hashKey)) {
        if (hashValue != null) {
          throw invalid("KeyConditionExpressions must only contain one condition per key");
        }
        if (single.operator() != Operator.EQ) {
          throw invalid("Query key condition not supported");
        }
        hashValue = single.value();
      } else if (single.attribute().equals(rangeKey)) {
        if (sort != null) {
          throw invalid("KeyConditionExpressions must only contain one condition per key");
        }
        sort = single;
      } else {
        throw rangeKey != null
            ? invalid("Query condition missed key schema element: " + rangeKey)
            : invalid("Query key condition not supported");
      }
    }
    if (parts.size() > 2) {
      throw invalid("Conditions can be of length 1 or 2 only");
    }
    if (hashValue == null) {
      throw invalid("Query condition missed key schema element: " + hashKey);
    }
    return new KeyCondition(hashKey, hashValue, Optional.ofNullable(sort));
  }

  /** True if the item's key attributes satisfy the condition. */
  public boolean test(JsonNode item) {
    if (!Condition.Compare.compare("=", item.get(hashKey), hashValue)) {
      return false;
    }
    return sortKey.map(s -> s.matches(item.get(s.attribute()))).orElse(true);
  }

  private static void flatten(Condition condition, List<Condition> parts) {
    if (condition instanceof Condition.And and) {
      flatten(and.left(), parts);
      flatten(and.right(), parts);
    } else {
      parts.add(condition);
    }
  }

  private static SortKeyCondition single(Condition condition) {
    if (condition instanceof Condition.Compare compare) {
      if (compare.operator().equals("<>")) {
        throw invalidOperator("<>");
      }
      Operand left = compare.left();
      Operand right = compare.right();
      String operator = compare.operator();
      if (left instanceof Operand.Value && right instanceof Operand.Path) {
        Operand swap = left;
        left = right;
        right = swap;
        operator = mirror(operator);
      }
      return new SortKeyCondition(attribute(left), operator(operator), literal(right), null);
    }
    if (condition instanceof Condition.Between between) {
      return new SortKeyCondition(
          attribute(between.operand()),
          Operator.BETWEEN,
          literal(between.lower()),
          literal(between.upper()));
    }
    if (condition instanceof Condition.Call call && call.name().equals("begins_with")) {
      return new SortKeyCondition(
          attribute(call.args().get(0)), Operator.BEGINS_WITH, literal(call.args().get(1)), null);
    }
    String name =
        condition instanceof Condition.Or
            ? "OR"
            : condition instanceof Condition.Not
                ? "NOT"
                : condition instanceof Condition.In ? "IN" : ((Condition.Call) condition).name();
    throw invalidOperator(name);
  }

  private static String mirror(String operator) {
    return switch (operator) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> operator;
    };
  }

  private static Operator operator(String operator) {
    return switch (operator) {
      case "=" -> Operator.EQ;
      case "<" -> Operator.LT;
      case "<=" -> Operator.LE;
      case ">" -> Operator.GT;
      default -> Operator.GE;
    };
  }

  private static String attribute(Operand operand) {
    if (operand instanceof Operand.Path path && path.path().isTopLevel()) {
      return path.path().attribute();
    }
    if (operand instanceof Operand.Path path) {
      throw invalid(
          "Invalid KeyConditionExpression: KeyConditionExpressions cannot contain nested"
              + " attributes; attribute: "
              + path.path());
    }
    throw invalid(
        "Invalid KeyConditionExpression: The key condition must be on a top-level key attribute");
  }

  private static ObjectNode literal(Operand operand) {
    if (operand instanceof Operand.Value value) {
      return value.value();
    }
    throw invalid(
        "Invalid KeyConditionExpression: The key condition value must be an expression attribute"
            + " value");
  }

  private static AwsException invalidOperator(String operator) {
    return invalid("Invalid operator used in KeyConditionExpression: " + operator);
  }

  private static AwsException invalid(String message) {
    return ExpressionAttributes.invalid(message);
  }
}
