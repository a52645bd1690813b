package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Capacity units as DynamoDB computes them: a write costs one unit per started KB of the larger of
 * the old and new item (at least one); a read one unit per started 4 KB of the items read (at least
 * one per request), half for an eventually consistent read.
 */
final class Capacity {
  private Capacity() {}

  static double writeUnits(long size) {
    return Math.max(1, (size + 1023) / 1024);
  }

  static double readUnits(long size, boolean consistent) {
    double units = Math.max(1, (size + 4095) / 4096);
    return consistent ? units : units / 2;
  }

  /**
   * Whether {@code ReturnConsumedCapacity} asks for capacity; operations call it before doing
   * anything so that an invalid value fails the request, as in DynamoDB.
   *
   * @throws dev.basin.core.protocol.AwsException ValidationException for a value outside the enum
   */
  static boolean wanted(JsonNode mode) {
    if (mode == null || mode.isNull()) {
      return false;
    }
    String text = mode.asText();
    return switch (text) {
      case "NONE" -> false;
      case "TOTAL", "INDEXES" -> true;
      default ->
          throw DynamoDbErrors.validation(
              "1 validation error detected: Value '"
                  + text
                  + "' at 'returnConsumedCapacity' failed to satisfy constraint: Member must"
                  + " satisfy enum value set: [INDEXES, TOTAL, NONE]");
    };
  }

  /**
   * The {@code ConsumedCapacity} member for {@code ReturnConsumedCapacity}, or null for {@code
   * NONE} or absent.
   */
  static ObjectNode consumed(JsonNode mode, String table, double units, boolean write) {
    if (!wanted(mode)) {
      return null;
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("TableName", table);
    node.put("CapacityUnits", units);
    node.put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
    if (mode.asText().equals("INDEXES")) {
      ObjectNode tableCapacity = node.putObject("Table");
      tableCapacity.put("CapacityUnits", units);
      tableCapacity.put(write ? "WriteCapacityUnits" : "ReadCapacityUnits", units);
    }
    return node;
  }
}
