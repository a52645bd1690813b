package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.dynamodb.AttributeValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request's {@code ExpressionAttributeNames} and {@code ExpressionAttributeValues}, tracking
 * which placeholders the request's expressions use. Create one per request, parse every expression
 * of the request with it, then call {@link #assertAllUsed()}. Not thread safe (one request).
 */
public final class ExpressionAttributes {
  private final Map<String, String> names;
  private final Map<String, ObjectNode> values;
  private final Set<String> usedNames = new HashSet<>();
  private final Set<String> usedValues = new HashSet<>();

  private ExpressionAttributes(Map<String, String> names, Map<String, ObjectNode> values) {
    this.names = names;
    this.values = values;
  }

  /** No names and no values. */
  public static ExpressionAttributes none() {
    return new ExpressionAttributes(Map.of(), Map.of());
  }

  /**
   * Validates and wraps the request members; either may be null (absent).
   *
   * @throws AwsException ValidationException for an empty map, a key without its {@code #} or
   *     {@code :}, or an invalid attribute value
   */
  public static ExpressionAttributes of(JsonNode names, JsonNode values) {
    Map<String, String> nameMap = new LinkedHashMap<>();
    if (names != null && !names.isNull()) {
      if (names.isEmpty()) {
        throw invalid("ExpressionAttributeNames must not be empty");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = names.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!validKey(entry.getKey(), '#')) {
          throw invalid(
              "ExpressionAttributeNames contains invalid key: Syntax error; key: \""
                  + entry.getKey()
                  + "\"");
        }
        nameMap.put(entry.getKey(), entry.getValue().asText());
      }
    }
    Map<String, ObjectNode> valueMap = new LinkedHashMap<>();
    if (values != null && !values.isNull()) {
      if (values.isEmpty()) {
        throw invalid("ExpressionAttributeValues must not be empty");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (!validKey(entry.getKey(), ':')) {
          throw invalid(
              "ExpressionAttributeValues contains invalid key: Syntax error; key: \""
                  + entry.getKey()
                  + "\"");
        }
        try {
          valueMap.put(entry.getKey(), AttributeValues.canonicalValue(entry.getValue()));
        } catch (AwsException e) {
          throw invalid(
              "ExpressionAttributeValues contains invalid value: "
                  + e.getMessage()
                  + " for key "
                  + entry.getKey());
        }
      }
    }
    return new ExpressionAttributes(
        Collections.unmodifiableMap(nameMap), Collections.unmodifiableMap(valueMap));
  }

  private static boolean validKey(String key, char sigil) {
    if (key.length() < 2 || key.charAt(0) != sigil) {
      return false;
    }
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 0x80 || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** The attribute name a {@code #placeholder} stands for (marking it used), or null. */
  String name(String placeholder) {
    String name = names.get(placeholder);
    if (name != null) {
      usedNames.add(placeholder);
    }
    return name;
  }

  /** The value a {@code :placeholder} stands for (marking it used), or null. */
  ObjectNode value(String placeholder) {
    ObjectNode value = values.get(placeholder);
    if (value != null) {
      usedValues.add(placeholder);
    }
    return value;
  }

  /**
   * Fails if a name or value was never used by the expressions parsed with this instance.
   *
   * @throws AwsException ValidationException "Value provided in ExpressionAttributeNames unused in
   *     expressions: keys: {#x}" (names are checked before values)
   */
  public void assertAllUsed() {
    List<String> unusedNames = unused(names.keySet(), usedNames);
    if (!unusedNames.isEmpty()) {
      throw invalid(
          "Value provided in ExpressionAttributeNames unused in expressions: keys: {"
              + String.join(", ", unusedNames)
              + "}");
    }
    List<String> unusedValues = unused(values.keySet(), usedValues);
    if (!unusedValues.isEmpty()) {
      throw invalid(
          "Value provided in ExpressionAttributeValues unused in expressions: keys: {"
              + String.join(", ", unusedValues)
              + "}");
    }
  }

  private static List<String> unused(Set<String> keys, Set<String> used) {
    List<String> unused = new ArrayList<>();
    for (String key : keys) {
      if (!used.contains(key)) {
        unused.add(key);
      }
    }
    return unused;
  }

  static AwsException invalid(String message) {
    return new AwsException("ValidationException", 400, message);
  }
}
