package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.dynamodb.store.KeySchema;
import dev.basin.dynamodb.store.SecondaryIndexStore;

/** Checks keys and items against a table's key schema, with DynamoDB's messages. */
final class TableKeys {
  private TableKeys() {}

  /**
   * Validates a {@code Key} member: exactly the key attributes, of the schema's types, non-empty.
   * Returns its canonical copy.
   */
  static ObjectNode key(KeySchema schema, JsonNode key) {
    if (key == null || !key.isObject() || key.size() != schema.names().size()) {
      throw DynamoDbErrors.keyMismatch();
    }
    ObjectNode canonical = JsonNodeFactory.instance.objectNode();
    for (String name : schema.names()) {
      JsonNode value = key.get(name);
      if (value == null) {
        throw DynamoDbErrors.keyMismatch();
      }
      ObjectNode v = AttributeValues.canonicalValue(value);
      if (!AttributeValues.type(v).equals(typeOf(schema, name))) {
        throw DynamoDbErrors.keyMismatch();
      }
      checkNotEmpty(name, v);
      checkSize(schema, name, v);
      canonical.set(name, v);
    }
    return canonical;
  }

  /** Checks that a canonical item holds its key attributes with the schema's types. */
  static void item(KeySchema schema, ObjectNode item) {
    for (String name : schema.names()) {
      JsonNode value = item.get(name);
      if (value == null) {
        throw DynamoDbErrors.invalidParameter("Missing the key " + name + " in the item");
      }
      String expected = typeOf(schema, name);
      String actual = AttributeValues.type(value);
      if (!expected.equals(actual)) {
        throw DynamoDbErrors.invalidParameter(
            "Type mismatch for key " + name + " expected: " + expected + " actual: " + actual);
      }
      checkNotEmpty(name, value);
      checkSize(schema, name, value);
    }
  }

  /** Whether a table or index name uses only the characters DynamoDB allows: [a-zA-Z0-9_.-]. */
  static boolean validName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '-'
          || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** The key attributes of an item. */
  static ObjectNode keyOf(KeySchema schema, JsonNode item) {
    ObjectNode key = JsonNodeFactory.instance.objectNode();
    for (String name : schema.names()) {
      key.set(name, item.get(name));
    }
    return key;
  }

  private static String typeOf(KeySchema schema, String name) {
    return name.equals(schema.hashName()) ? schema.hashType() : schema.rangeType();
  }

  /** DynamoDB's key size limits: 2048 bytes for a partition key value, 1024 for a sort key. */
  private static void checkSize(KeySchema schema, String name, JsonNode value) {
    boolean hash = name.equals(schema.hashName());
    int limit =
        hash ? SecondaryIndexStore.MAX_HASH_KEY_BYTES : SecondaryIndexStore.MAX_RANGE_KEY_BYTES;
    if (SecondaryIndexStore.keySize(value) > limit) {
      throw DynamoDbErrors.validation(
          "One or more parameter values were invalid: "
              + (hash
                  ? "Size of hashkey has exceeded the maximum size limit of 2048 bytes"
                  : "Aggregated size of all range keys has exceeded the size limit of 1024 bytes"));
    }
  }

  private static void checkNotEmpty(String name, JsonNode value) {
    JsonNode s = value.get("S");
    if (s != null && s.asText().isEmpty()) {
      throw DynamoDbErrors.validation(
          "One or more parameter values are not valid. The AttributeValue for a key attribute"
              + " cannot contain an empty string value. Key: "
              + name);
    }
    JsonNode b = value.get("B");
    if (b != null && AttributeValues.bytes(b).length == 0) {
      throw DynamoDbErrors.validation(
          "One or more parameter values are not valid. The AttributeValue for a key attribute"
              + " cannot contain an empty binary value. Key: "
              + name);
    }
  }
}
