package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import dev.basin.dynamodb.AttributeValues;
import java.util.Arrays;
import java.util.List;

/**
 * A parsed condition (condition, filter or key condition expression). Evaluation follows DynamoDB:
 * a comparison involving a missing attribute or values of different types is false, except {@code
 * <>}, which is true unless both sides exist and are equal.
 */
sealed interface Condition {

  boolean test(JsonNode item);

  record And(Condition left, Condition right) implements Condition {
    @Override
    public boolean test(JsonNode item) {
      return left.test(item) && right.test(item);
    }
  }

  record Or(Condition left, Condition right) implements Condition {
    @Override
    public boolean test(JsonNode item) {
      return left.test(item) || right.test(item);
    }
  }

  record Not(Condition condition) implements Condition {
    @Override
    public boolean test(JsonNode item) {
      return !condition.test(item);
    }
  }

  /** {@code left op right} with op one of {@code = <> < <= > >=}. */
  record Compare(String operator, Operand left, Operand right) implements Condition {
    @Override
    public boolean test(JsonNode item) {
      return compare(operator, left.eval(item), right.eval(item));
    }

    static boolean compare(String operator, JsonNode a, JsonNode b) {
      if (operator.equals("=")) {
        return a != null && b != null && AttributeValues.equal(a, b);
      }
      if (operator.equals("<>")) {
        return a == null || b == null || !AttributeValues.equal(a, b);
      }
      if (a == null || b == null || !AttributeValues.comparable(a, b)) {
        return false;
      }
      int order = AttributeValues.compare(a, b);
      return switch (operator) {
        case "<" -> order < 0;
        case "<=" -> order <= 0;
        case ">" -> order > 0;
        default -> order >= 0;
      };
    }
  }

  record Between(Operand operand, Operand lower, Operand upper) implements Condition {
    @Override
    public boolean test(JsonNode item) {
      JsonNode value = operand.eval(item);
      return Compare.compare(">=", value, lower.eval(item))
          && Compare.compare("<=", value, upper.eval(item));
    }
  }

  record In(Operand operand, List<Operand> candidates) implements Condition {
    public In {
      candidates = List.copyOf(candidates);
    }

    @Override
    public boolean test(JsonNode item) {
      JsonNode value = operand.eval(item);
      if (value == null) {
        return false;
      }
      for (Operand candidate : candidates) {
        JsonNode other = candidate.eval(item);
        if (other != null && AttributeValues.equal(value, other)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * A boolean function: {@code attribute_exists, attribute_not_exists, attribute_type, begins_with,
   * contains}.
   */
  record Call(String name, List<Operand> args) implements Condition {
    public Call {
      args = List.copyOf(args);
    }

    @Override
    public boolean test(JsonNode item) {
      JsonNode target = args.get(0).eval(item);
      return switch (name) {
        case "attribute_exists" -> target != null;
        case "attribute_not_exists" -> target == null;
        case "attribute_type" -> {
          JsonNode type = args.get(1).eval(item);
          yield target != null
              && type != null
              && type.has("S")
              && AttributeValues.type(target).equals(type.get("S").asText());
        }
        case "begins_with" -> beginsWith(target, args.get(1).eval(item));
        case "contains" -> contains(target, args.get(1).eval(item));
        default -> false;
      };
    }

    static boolean beginsWith(JsonNode value, JsonNode prefix) {
      if (value == null || prefix == null) {
        return false;
      }
      String type = AttributeValues.type(value);
      if (!type.equals(AttributeValues.type(prefix))) {
        return false;
      }
      if (type.equals("S")) {
        return value.get("S").asText().startsWith(prefix.get("S").asText());
      }
      if (type.equals("B")) {
        byte[] bytes = AttributeValues.bytes(value.get("B"));
        byte[] start = AttributeValues.bytes(prefix.get("B"));
        return bytes.length >= start.length
            && Arrays.equals(bytes, 0, start.length, start, 0, start.length);
      }
      return false;
    }

    private static boolean contains(JsonNode value, JsonNode operand) {
      if (value == null || operand == null) {
        return false;
      }
      String type = AttributeValues.type(value);
      String operandType = AttributeValues.type(operand);
      return switch (type) {
        case "S" ->
            operandType.equals("S") && value.get("S").asText().contains(operand.get("S").asText());
        case "B" ->
            operandType.equals("B")
                && AttributeValues.indexOf(
                        AttributeValues.bytes(value.get("B")),
                        AttributeValues.bytes(operand.get("B")))
                    >= 0;
        case "SS", "NS", "BS" ->
            operandType.equals(type.substring(0, 1))
                && AttributeValues.setContains(type, value.get(type), operand.get(operandType));
        case "L" -> {
          for (JsonNode element : value.get("L")) {
            if (AttributeValues.equal(element, operand)) {
              yield true;
            }
          }
          yield false;
        }
        default -> false;
      };
    }
  }
}
