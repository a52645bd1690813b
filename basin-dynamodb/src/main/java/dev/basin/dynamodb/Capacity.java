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
   * Whether {@code ReturnConsumedCapacity} asks for capacity (TOTAL or INDEXES). Values outside the
   * enum never get here: the gateway checks the model's enum first.
   */
  static boolean wanted(JsonNode mode) {
    return mode != null && !mode.isNull() && !mode.asText().equals("NONE");
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
