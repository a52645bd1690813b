package dev.basin.dynamodb.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A secondary index of a table.
 *
 * @param local true for a local secondary index (same partition key as the table)
 * @param key the index's key schema with the attribute types of the table's definitions
 * @param projectionType {@code ALL}, {@code KEYS_ONLY} or {@code INCLUDE}
 * @param nonKeyAttributes the attributes {@code INCLUDE} adds; empty otherwise
 */
public record IndexDef(
    String name,
    boolean local,
    KeySchema key,
    String projectionType,
    Set<String> nonKeyAttributes) {

  /**
   * Whether an item belongs in the index: it has every index key attribute (a sparse index leaves
   * out the others). The types are checked on write, before this is asked.
   */
  public boolean indexes(JsonNode item) {
    for (String name : key.names()) {
      if (!item.has(name)) {
        return false;
      }
    }
    return true;
  }

  /** The copy of {@code item} the index holds: the projection of its attributes. */
  public ObjectNode project(ObjectNode item, KeySchema tableKey) {
    if (projectionType.equals("ALL")) {
      return item;
    }
    ObjectNode projected = JsonNodeFactory.instance.objectNode();
    copy(item, projected, tableKey.names());
    copy(item, projected, key.names());
    if (projectionType.equals("INCLUDE")) {
      copy(item, projected, nonKeyAttributes);
    }
    return projected;
  }

  /** Whether the index holds every attribute of the items it indexes. */
  public boolean projectsAll() {
    return projectionType.equals("ALL");
  }

  /** The attribute names an index entry holds when the projection is not {@code ALL}. */
  public Set<String> projectedNames(KeySchema tableKey) {
    Set<String> names = new LinkedHashSet<>(tableKey.names());
    names.addAll(key.names());
    names.addAll(nonKeyAttributes);
    return names;
  }

  private static void copy(ObjectNode from, ObjectNode to, java.util.Collection<String> names) {
    for (String name : names) {
      JsonNode value = from.get(name);
      if (value != null) {
        to.set(name, value);
      }
    }
  }

  /** Parses the indexes of a table definition, typing their keys with the definitions. */
  static List<IndexDef> parse(JsonNode definition) {
    java.util.Map<String, String> types = new java.util.HashMap<>();
    for (JsonNode attribute : definition.path("AttributeDefinitions")) {
      types.put(attribute.path("AttributeName").asText(), attribute.path("AttributeType").asText());
    }
    List<IndexDef> indexes = new java.util.ArrayList<>();
    for (String member : List.of("LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
      for (JsonNode index : definition.path(member)) {
        String hash = null;
        String range = null;
        for (JsonNode element : index.path("KeySchema")) {
          if (element.path("KeyType").asText().equals("HASH")) {
            hash = element.path("AttributeName").asText();
          } else {
            range = element.path("AttributeName").asText();
          }
        }
        Set<String> nonKey = new LinkedHashSet<>();
        index.path("Projection").path("NonKeyAttributes").forEach(n -> nonKey.add(n.asText()));
        indexes.add(
            new IndexDef(
                index.path("IndexName").asText(),
                member.startsWith("Local"),
                new KeySchema(
                    hash, types.get(hash), range, range == null ? null : types.get(range)),
                index.path("Projection").path("ProjectionType").asText("ALL"),
                Set.copyOf(nonKey)));
      }
    }
    return List.copyOf(indexes);
  }
}
