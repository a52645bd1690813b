package dev.basin.dynamodb.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stored table.
 *
 * @param id the store's internal id, which item rows reference
 * @param definition what CreateTable and later updates set, in the value form of a {@code
 *     TableDescription} subset: {@code AttributeDefinitions}, {@code KeySchema}, {@code
 *     BillingMode}, {@code ProvisionedThroughput}, {@code TableId}, {@code Tags}, {@code
 *     TimeToLive}, {@code LocalSecondaryIndexes}, {@code GlobalSecondaryIndexes}; owned by the
 *     caller once returned (a fresh copy per read)
 * @param createdMillis creation time on Basin's clock
 * @param indexes the secondary indexes, local ones first, parsed from {@code definition}
 */
public record TableDef(
    long id,
    String name,
    KeySchema key,
    ObjectNode definition,
    long createdMillis,
    java.util.List<IndexDef> indexes) {

  /** The index named {@code name}, or null. */
  public IndexDef index(String name) {
    for (IndexDef index : indexes) {
      if (index.name().equals(name)) {
        return index;
      }
    }
    return null;
  }
}
