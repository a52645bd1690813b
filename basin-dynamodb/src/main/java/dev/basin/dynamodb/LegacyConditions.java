package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The legacy conditional parameters: {@code Expected} (writes), {@code QueryFilter} / {@code
 * ScanFilter} and {@code KeyConditions}, each a map of attribute name to a comparison, joined by
 * {@code ConditionalOperator} ({@code AND} by default).
 */
final class LegacyConditions {
  private static final Set<String> SCALARS = Set.of("S", "N", "B");
  private static final Set<String> STRING_OR_BINARY = Set.of("S", "B");

  private LegacyConditions() {}

  /** One attribute's comparison. */
  record Comparison(String attribute, String operator, List<JsonNode> values) {
    boolean test(JsonNode item) {
      JsonNode actual = item == null ? null : item.get(attribute);
      return LegacyConditions.test(operator, actual, values);
    }
  }

  /** Parses {@code Expected}: the {@code Value}/{@code Exists} forms and the operator form. */
  static List<Comparison> expected(JsonNode expected) {
    List<Comparison> comparisons = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      JsonNode spec = entry.getValue();
      if (spec.hasNonNull("ComparisonOperator")) {
        if (spec.hasNonNull("Value") || spec.hasNonNull("Exists")) {
          throw DynamoDbErrors.invalidParameter(
              "Value or Exists cannot be used with ComparisonOperator for Attribute: " + name);
        }
        comparisons.add(comparison(name, spec));
      } else {
        boolean exists = spec.path("Exists").asBoolean(true);
        JsonNode value = spec.get("Value");
        if (exists && value == null) {
          throw DynamoDbErrors.invalidParameter(
              "Value must be provided when Exists is true for Attribute: " + name);
        }
        if (!exists && value != null) {
          throw DynamoDbErrors.invalidParameter(
              "Value cannot be used when Exists is false for Attribute: " + name);
        }
        comparisons.add(
            exists
                ? new Comparison(name, "EQ", List.of(AttributeValues.canonicalValue(value)))
                : new Comparison(name, "NULL", List.of()));
      }
    }
    return comparisons;
  }

  /** Parses a {@code QueryFilter}, {@code ScanFilter} or {@code KeyConditions} map. */
  static List<Comparison> filter(JsonNode filter) {
    List<Comparison> comparisons = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = filter.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      comparisons.add(comparison(entry.getKey(), entry.getValue()));
    }
    return comparisons;
  }

  /**
   * The comparisons joined by {@code ConditionalOperator} (absent: AND).
   *
   * @throws dev.basin.core.protocol.AwsException ValidationException when an operator is given for
   *     no comparison at all (an empty {@code Expected} or filter map)
   */
  static Predicate<JsonNode> join(List<Comparison> comparisons, JsonNode conditionalOperator) {
    if (comparisons.isEmpty() && conditionalOperator != null && !conditionalOperator.isNull()) {
      throw DynamoDbErrors.validation(
          "ConditionalOperator can only be used when Filter or Expected has two or more elements");
    }
    boolean or = conditionalOperator != null && conditionalOperator.asText().equals("OR");
    return item -> {
      for (Comparison comparison : comparisons) {
        boolean result = comparison.test(item);
        if (or && result) {
          return true;
        }
        if (!or && !result) {
          return false;
        }
      }
      return !or || comparisons.isEmpty();
    };
  }

  private static Comparison comparison(String name, JsonNode spec) {
    String operator = spec.path("ComparisonOperator").asText();
    List<JsonNode> values = new ArrayList<>();
    spec.path("AttributeValueList").forEach(v -> values.add(AttributeValues.canonicalValue(v)));
    int expected =
        switch (operator) {
          case "NULL", "NOT_NULL" -> 0;
          case "BETWEEN" -> 2;
          case "IN" -> -1;
          case "EQ", "NE", "LE", "LT", "GE", "GT", "CONTAINS", "NOT_CONTAINS", "BEGINS_WITH" -> 1;
          default ->
              throw DynamoDbErrors.validation(
                  "1 validation error detected: Value '"
                      + operator
                      + "' at 'comparisonOperator' failed to satisfy constraint: Member must"
                      + " satisfy enum value set: [IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT,"
                      + " NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        };
    if (expected >= 0 ? values.size() != expected : values.isEmpty()) {
      throw DynamoDbErrors.invalidParameter(
          "Invalid number of argument(s) for the " + operator + " ComparisonOperator");
    }
    checkOperandTypes(operator, values);
    return new Comparison(name, operator, List.copyOf(values));
  }

  /**
   * DynamoDB's per-operator rules for {@code AttributeValueList}: ordering operators, IN and
   * (NOT_)CONTAINS take a string, number or binary, BEGINS_WITH a string or binary; IN and BETWEEN
   * values share one type, and BETWEEN's bounds are in order. EQ and NE take any type.
   */
  private static void checkOperandTypes(String operator, List<JsonNode> values) {
    Set<String> allowed =
        switch (operator) {
          case "LE", "LT", "GE", "GT", "IN", "BETWEEN", "CONTAINS", "NOT_CONTAINS" -> SCALARS;
          case "BEGINS_WITH" -> STRING_OR_BINARY;
          default -> null;
        };
    if (allowed == null) {
      return;
    }
    for (JsonNode value : values) {
      String type = AttributeValues.type(value);
      if (!allowed.contains(type)) {
        throw DynamoDbErrors.invalidParameter(
            "ComparisonOperator "
                + operator
                + " is not valid for "
                + type
                + " AttributeValue type");
      }
    }
    if (operator.equals("IN") || operator.equals("BETWEEN")) {
      String first = AttributeValues.type(values.get(0));
      for (JsonNode value : values) {
        if (!AttributeValues.type(value).equals(first)) {
          throw DynamoDbErrors.invalidParameter(
              "AttributeValues inside AttributeValueList must be of same type");
        }
      }
    }
    if (operator.equals("BETWEEN") && AttributeValues.compare(values.get(0), values.get(1)) > 0) {
      throw DynamoDbErrors.validation(
          "The BETWEEN condition was provided a range where the lower bound is greater than the"
              + " upper bound");
    }
  }

  static boolean test(String operator, JsonNode actual, List<JsonNode> values) {
    return switch (operator) {
      case "NULL" -> actual == null;
      case "NOT_NULL" -> actual != null;
      case "EQ" -> actual != null && AttributeValues.equal(actual, values.get(0));
      case "NE" -> actual == null || !AttributeValues.equal(actual, values.get(0));
      case "LT" -> ordered(actual, values.get(0)) < 0;
      case "LE" -> ordered(actual, values.get(0)) <= 0 && comparable(actual, values.get(0));
      case "GT" -> ordered(actual, values.get(0)) > 0 && comparable(actual, values.get(0));
      case "GE" -> ordered(actual, values.get(0)) >= 0 && comparable(actual, values.get(0));
      case "BETWEEN" ->
          comparable(actual, values.get(0))
              && comparable(actual, values.get(1))
              && AttributeValues.compare(actual, values.get(0)) >= 0
              && AttributeValues.compare(actual, values.get(1)) <= 0;
      case "IN" ->
          actual != null && values.stream().anyMatch(v -> AttributeValues.equal(actual, v));
      case "BEGINS_WITH" -> beginsWith(actual, values.get(0));
      case "CONTAINS" -> actual != null && contains(actual, values.get(0));
      case "NOT_CONTAINS" -> actual != null && !contains(actual, values.get(0));
      default -> false;
    };
  }

  private static boolean comparable(JsonNode actual, JsonNode value) {
    return actual != null && AttributeValues.comparable(actual, value);
  }

  /** Compares, or answers a positive number (never "less") for incomparable values. */
  private static int ordered(JsonNode actual, JsonNode value) {
    return comparable(actual, value) ? AttributeValues.compare(actual, value) : Integer.MAX_VALUE;
  }

  static boolean beginsWith(JsonNode actual, JsonNode prefix) {
    if (actual == null) {
      return false;
    }
    if (actual.has("S") && prefix.has("S")) {
      return actual.get("S").asText().startsWith(prefix.get("S").asText());
    }
    if (actual.has("B") && prefix.has("B")) {
      byte[] a = AttributeValues.bytes(actual.get("B"));
      byte[] p = AttributeValues.bytes(prefix.get("B"));
      return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
    }
    return false;
  }

  private static boolean contains(JsonNode actual, JsonNode operand) {
    if (actual.has("S") && operand.has("S")) {
      return actual.get("S").asText().contains(operand.get("S").asText());
    }
    if (actual.has("B") && operand.has("B")) {
      return AttributeValues.indexOf(
              AttributeValues.bytes(actual.get("B")), AttributeValues.bytes(operand.get("B")))
          >= 0;
    }
    String type = AttributeValues.type(actual);
    if (type.equals("SS") || type.equals("NS") || type.equals("BS")) {
      String elementType = type.substring(0, 1);
      return operand.has(elementType)
          && AttributeValues.setContains(type, actual.get(type), operand.get(elementType));
    }
    if (type.equals("L")) {
      for (JsonNode element : actual.get("L")) {
        if (AttributeValues.equal(element, operand)) {
          return true;
        }
      }
    }
    return false;
  }
}
