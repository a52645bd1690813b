package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.dynamodb.store.IndexDef;
import dev.basin.dynamodb.store.SecondaryIndexStore;
import dev.basin.dynamodb.store.TableDef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Secondary index definitions: their validation on CreateTable and UpdateTable with DynamoDB's
 * messages, their canonical stored form (the table definition's {@code LocalSecondaryIndexes} and
 * {@code GlobalSecondaryIndexes}: {@code IndexName}, {@code KeySchema}, {@code Projection}, and for
 * global ones {@code ProvisionedThroughput}) and their part of a {@code TableDescription}. Indexes
 * are ACTIVE as soon as they exist: a new global index is backfilled in the UpdateTable call that
 * creates it.
 */
final class SecondaryIndexDefinitions {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final int MAX_LOCAL = 5;
  static final int MAX_GLOBAL = 20;
  static final int MAX_NON_KEY_ATTRIBUTES = 20;

  private SecondaryIndexDefinitions() {}

  /**
   * Validates CreateTable's {@code LocalSecondaryIndexes} and {@code GlobalSecondaryIndexes} and
   * stores their canonical form in {@code definition}; returns the attribute names their keys use.
   */
  static Set<String> create(ObjectNode input, String billing, ObjectNode definition) {
    Set<String> keys = new LinkedHashSet<>();
    Set<String> names = new HashSet<>();
    JsonNode tableKey = input.path("KeySchema");
    String tableHash = tableKey.path(0).path("AttributeName").asText();
    boolean tableHasRange = tableKey.size() == 2;
    JsonNode locals = input.get("LocalSecondaryIndexes");
    if (locals != null && !locals.isNull()) {
      if (locals.isEmpty()) {
        throw DynamoDbErrors.invalidParameter("List of LocalSecondaryIndexes is empty");
      }
      if (locals.size() > MAX_LOCAL) {
        throw DynamoDbErrors.invalidParameter(
            "Number of LocalSecondaryIndexes exceeds per-table limit of " + MAX_LOCAL);
      }
      if (!tableHasRange) {
        throw DynamoDbErrors.invalidParameter(
            "Table KeySchema does not have a range key, which is required when specifying a"
                + " LocalSecondaryIndex");
      }
      ArrayNode stored = definition.putArray("LocalSecondaryIndexes");
      int position = 1;
      for (JsonNode index : locals) {
        ObjectNode canonical = index(index, "localSecondaryIndexes", position++, names);
        String name = canonical.get("IndexName").asText();
        JsonNode keySchema = canonical.get("KeySchema");
        if (keySchema.size() != 2) {
          throw DynamoDbErrors.invalidParameter(
              "Index KeySchema does not have a range key for index: " + name);
        }
        String hash = keySchema.get(0).get("AttributeName").asText();
        if (!hash.equals(tableHash)) {
          throw DynamoDbErrors.invalidParameter(
              "Index KeySchema does not have the same leading hash key as table KeySchema for"
                  + " index: "
                  + name
                  + ". index hash key: "
                  + hash
                  + ", table hash key: "
                  + tableHash);
        }
        keySchema.forEach(k -> keys.add(k.get("AttributeName").asText()));
        stored.add(canonical);
      }
    }
    JsonNode globals = input.get("GlobalSecondaryIndexes");
    if (globals != null && !globals.isNull()) {
      if (globals.isEmpty()) {
        throw DynamoDbErrors.invalidParameter("List of GlobalSecondaryIndexes is empty");
      }
      if (globals.size() > MAX_GLOBAL) {
        throw DynamoDbErrors.invalidParameter(
            "GlobalSecondaryIndex count exceeds the per-table limit of " + MAX_GLOBAL);
      }
      ArrayNode stored = definition.putArray("GlobalSecondaryIndexes");
      int position = 1;
      for (JsonNode index : globals) {
        ObjectNode canonical = index(index, "globalSecondaryIndexes", position++, names);
        canonical.set("ProvisionedThroughput", throughput(index, billing));
        canonical.get("KeySchema").forEach(k -> keys.add(k.get("AttributeName").asText()));
        stored.add(canonical);
      }
    }
    return keys;
  }

  /** Validates one index's name, key schema and projection; returns its canonical form. */
  private static ObjectNode index(JsonNode index, String member, int position, Set<String> names) {
    String name = index.path("IndexName").asText();
    String at = member + "." + position + ".member";
    if (name.length() < 3 || name.length() > 255) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + name
              + "' at '"
              + at
              + ".indexName' failed to satisfy constraint: Member must have length "
              + (name.length() < 3 ? "greater than or equal to 3" : "less than or equal to 255"));
    }
    if (!TableKeys.validName(name)) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + name
              + "' at '"
              + at
              + ".indexName' failed to satisfy constraint: Member must satisfy regular expression"
              + " pattern: [a-zA-Z0-9_.-]+");
    }
    if (!names.add(name)) {
      throw DynamoDbErrors.invalidParameter("Duplicate index name: " + name);
    }
    JsonNode keySchema = index.path("KeySchema");
    if (keySchema.isEmpty() || keySchema.size() > 2) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + keySchema
              + "' at '"
              + at
              + ".keySchema' failed to satisfy constraint: Member must have length "
              + (keySchema.isEmpty() ? "greater than or equal to 1" : "less than or equal to 2"));
    }
    if (!keySchema.get(0).path("KeyType").asText().equals("HASH")) {
      throw DynamoDbErrors.validation(
          "Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
    }
    if (keySchema.size() == 2) {
      if (!keySchema.get(1).path("KeyType").asText().equals("RANGE")) {
        throw DynamoDbErrors.validation(
            "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
      }
      if (keySchema
          .get(0)
          .path("AttributeName")
          .asText()
          .equals(keySchema.get(1).path("AttributeName").asText())) {
        throw DynamoDbErrors.validation(
            "Both the Hash Key and the Range Key element in the KeySchema have the same name");
      }
    }
    JsonNode projection = index.get("Projection");
    if (projection == null || projection.isNull()) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value null at '"
              + at
              + ".projection' failed to satisfy constraint: Member must not be null");
    }
    String type = projection.path("ProjectionType").asText("");
    JsonNode nonKey = projection.get("NonKeyAttributes");
    boolean hasNonKey = nonKey != null && !nonKey.isNull();
    if (type.isEmpty()) {
      throw DynamoDbErrors.invalidParameter("Unknown ProjectionType: null");
    }
    if (!List.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + type
              + "' at '"
              + at
              + ".projection.projectionType' failed to satisfy constraint: Member must satisfy enum"
              + " value set: [ALL, INCLUDE, KEYS_ONLY]");
    }
    if (type.equals("INCLUDE") && !hasNonKey) {
      throw DynamoDbErrors.invalidParameter(
          "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
    }
    if (!type.equals("INCLUDE") && hasNonKey) {
      throw DynamoDbErrors.invalidParameter(
          "ProjectionType is " + type + ", but NonKeyAttributes is specified");
    }
    ObjectNode canonical = NODES.objectNode();
    canonical.put("IndexName", name);
    ArrayNode keys = canonical.putArray("KeySchema");
    keySchema.forEach(
        k ->
            keys.addObject()
                .put("AttributeName", k.path("AttributeName").asText())
                .put("KeyType", k.path("KeyType").asText()));
    ObjectNode storedProjection = canonical.putObject("Projection");
    storedProjection.put("ProjectionType", type);
    if (hasNonKey) {
      if (nonKey.isEmpty() || nonKey.size() > MAX_NON_KEY_ATTRIBUTES) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value '"
                + nonKey
                + "' at '"
                + at
                + ".projection.nonKeyAttributes' failed to satisfy constraint: Member must have"
                + " length "
                + (nonKey.isEmpty()
                    ? "greater than or equal to 1"
                    : "less than or equal to " + MAX_NON_KEY_ATTRIBUTES));
      }
      Set<String> distinct = new LinkedHashSet<>();
      for (JsonNode attribute : nonKey) {
        if (!distinct.add(attribute.asText())) {
          throw DynamoDbErrors.invalidParameter(
              "Duplicate element in NonKeyAttributes: " + attribute.asText());
        }
      }
      ArrayNode array = storedProjection.putArray("NonKeyAttributes");
      distinct.forEach(array::add);
    }
    return canonical;
  }

  private static ObjectNode throughput(JsonNode index, String billing) {
    JsonNode requested = index.get("ProvisionedThroughput");
    String name = index.path("IndexName").asText();
    boolean given = requested != null && !requested.isNull();
    ObjectNode throughput = NODES.objectNode();
    if (billing.equals("PAY_PER_REQUEST")) {
      if (given) {
        throw DynamoDbErrors.invalidParameter(
            "ProvisionedThroughput should not be specified for index: "
                + name
                + " when BillingMode is PAY_PER_REQUEST");
      }
      throughput.put("ReadCapacityUnits", 0L).put("WriteCapacityUnits", 0L);
    } else {
      if (!given) {
        throw DynamoDbErrors.invalidParameter(
            "ProvisionedThroughput is not specified for index: " + name);
      }
      long read = requested.path("ReadCapacityUnits").asLong(0);
      long write = requested.path("WriteCapacityUnits").asLong(0);
      if (read < 1 || write < 1) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value '"
                + Math.min(read, write)
                + "' at 'provisionedThroughput."
                + (read < 1 ? "readCapacityUnits" : "writeCapacityUnits")
                + "' failed to satisfy constraint: Member must have value greater than or equal"
                + " to 1");
      }
      throughput.put("ReadCapacityUnits", read).put("WriteCapacityUnits", write);
    }
    throughput.put("NumberOfDecreasesToday", 0L);
    return throughput;
  }

  /** Adds the indexes of a table to its description, with their counts and sizes. */
  static void describe(Connection c, ObjectNode description, TableDef table, String tableArn)
      throws SQLException {
    for (String member : List.of("LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
      JsonNode indexes = table.definition().get(member);
      if (indexes == null || indexes.isEmpty()) {
        continue;
      }
      ArrayNode out = description.putArray(member);
      for (JsonNode index : indexes) {
        ObjectNode d = out.addObject();
        String name = index.get("IndexName").asText();
        long[] stats = SecondaryIndexStore.stats(c, table.id(), name);
        d.put("IndexName", name);
        d.set("KeySchema", index.get("KeySchema"));
        d.set("Projection", describedProjection(index.get("Projection")));
        if (member.startsWith("Global")) {
          d.put("IndexStatus", index.path("IndexStatus").asText("ACTIVE"));
          d.set("ProvisionedThroughput", index.get("ProvisionedThroughput"));
        }
        d.put("IndexSizeBytes", stats[1]);
        d.put("ItemCount", stats[0]);
        d.put("IndexArn", tableArn + "/index/" + name);
      }
    }
  }

  /** A projection as DynamoDB describes it: NonKeyAttributes ordered by name. */
  private static JsonNode describedProjection(JsonNode projection) {
    JsonNode nonKey = projection.get("NonKeyAttributes");
    if (nonKey == null) {
      return projection;
    }
    List<String> names = new java.util.ArrayList<>();
    nonKey.forEach(n -> names.add(n.asText()));
    java.util.Collections.sort(names);
    ObjectNode described = projection.deepCopy();
    ArrayNode sorted = described.putArray("NonKeyAttributes");
    names.forEach(sorted::add);
    return described;
  }

  /**
   * Applies UpdateTable's {@code GlobalSecondaryIndexUpdates} (and the {@code AttributeDefinitions}
   * a new index needs; other definitions in the request are ignored, as DynamoDB ignores them) to a
   * table's definition inside the unit of work: a created index is backfilled from the table's
   * items, a deleted one loses its entries. Returns the index DynamoDB reports as {@code DELETING}
   * in the response, or null.
   */
  static ObjectNode update(
      Connection c, ObjectNode input, TableDef table, ObjectNode def, boolean switchesToProvisioned)
      throws SQLException {
    JsonNode updates = input.path("GlobalSecondaryIndexUpdates");
    int structural = 0;
    Set<String> touched = new HashSet<>();
    for (JsonNode update : updates) {
      int actions = 0;
      for (String action : List.of("Create", "Update", "Delete")) {
        if (update.hasNonNull(action)) {
          actions++;
          String index = update.get(action).path("IndexName").asText();
          if (!touched.add(index)) {
            throw DynamoDbErrors.invalidParameter(
                "Only one global secondary index update per index is allowed simultaneously."
                    + " Index: "
                    + index);
          }
        }
      }
      if (actions == 0) {
        throw DynamoDbErrors.invalidParameter(
            "One of GlobalSecondaryIndexUpdate.Update, GlobalSecondaryIndexUpdate.Create,"
                + " GlobalSecondaryIndexUpdate.Delete must not be null");
      }
      if (actions > 1) {
        throw DynamoDbErrors.invalidParameter(
            "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate"
                + " object");
      }
      if (update.hasNonNull("Create") || update.hasNonNull("Delete")) {
        structural++;
      }
    }
    if (structural > 1) {
      throw new dev.basin.core.protocol.AwsException(
          "LimitExceededException",
          400,
          "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously"
              + " per table");
    }
    ArrayNode globals = def.withArray("GlobalSecondaryIndexes");
    String billing = def.path("BillingMode").asText();
    ObjectNode deleting = null;
    for (JsonNode update : updates) {
      if (update.hasNonNull("Create")) {
        JsonNode create = update.get("Create");
        String name = create.path("IndexName").asText();
        if (table.index(name) != null) {
          throw DynamoDbErrors.validation(
              "One or more parameter values were invalid: Attempting to create an index which"
                  + " already exists");
        }
        if (globals.size() >= MAX_GLOBAL) {
          throw new dev.basin.core.protocol.AwsException(
              "LimitExceededException",
              400,
              "Subscriber limit exceeded: Number of global secondary indexes exceeds per-table limit"
                  + " of "
                  + MAX_GLOBAL);
        }
        ObjectNode canonical =
            index(create, "globalSecondaryIndexUpdates", 1, new HashSet<>(Set.of()));
        canonical.set("ProvisionedThroughput", throughput(create, billing));
        if (!input.hasNonNull("AttributeDefinitions")) {
          throw DynamoDbErrors.invalidParameter(
              "AttributeDefinitions is not specified for index: " + name);
        }
        mergeDefinitions(def, input.path("AttributeDefinitions"), canonical.get("KeySchema"));
        globals.add(canonical);
      } else if (update.hasNonNull("Delete")) {
        String name = update.get("Delete").path("IndexName").asText();
        IndexDef index = table.index(name);
        if (index == null || index.local()) {
          throw new dev.basin.core.protocol.AwsException(
              "ResourceNotFoundException",
              400,
              "Requested resource not found: Index " + name + " for table " + table.name());
        }
        for (int i = 0; i < globals.size(); i++) {
          if (globals.get(i).path("IndexName").asText().equals(name)) {
            deleting = (ObjectNode) globals.remove(i);
            break;
          }
        }
        SecondaryIndexStore.deleteAll(c, table.id(), name);
      } else if (update.hasNonNull("Update")) {
        JsonNode change = update.get("Update");
        String name = change.path("IndexName").asText();
        ObjectNode found = null;
        for (JsonNode g : globals) {
          if (g.path("IndexName").asText().equals(name)) {
            found = (ObjectNode) g;
          }
        }
        if (found == null) {
          throw new dev.basin.core.protocol.AwsException(
              "ResourceNotFoundException",
              400,
              "Requested resource not found: Index " + name + " for table " + table.name());
        }
        if (billing.equals("PAY_PER_REQUEST")) {
          if (change.hasNonNull("ProvisionedThroughput")
              || !(change.hasNonNull("OnDemandThroughput")
                  || change.hasNonNull("WarmThroughput"))) {
            throw DynamoDbErrors.invalidParameter(
                "The only Updates for index: "
                    + name
                    + " when TableThroughputMode is PAY_PER_REQUEST can be to OnDemandThroughput,"
                    + " WarmThroughput");
          }
          continue;
        }
        ObjectNode requested = throughput(change, billing);
        JsonNode current = found.get("ProvisionedThroughput");
        if (!switchesToProvisioned && sameThroughput(current, requested)) {
          throw DynamoDbErrors.validation(unchangedThroughput(name, current));
        }
        found.set("ProvisionedThroughput", requested);
      }
    }
    if (globals.isEmpty()) {
      def.remove("GlobalSecondaryIndexes");
    }
    pruneDefinitions(def);
    return deleting;
  }

  /**
   * Checks what may accompany index creations and deletions in one UpdateTable, as DynamoDB does:
   * neither the table's throughput, deletion protection, table class nor (for a creation) warm
   * throughput. Stream changes are checked by {@link StreamSpecifications}.
   */
  static void checkCompanions(JsonNode input) {
    boolean creates = false;
    boolean deletes = false;
    for (JsonNode update : input.path("GlobalSecondaryIndexUpdates")) {
      creates |= update.hasNonNull("Create");
      deletes |= update.hasNonNull("Delete");
    }
    if (!creates && !deletes) {
      return;
    }
    if (input.hasNonNull("ProvisionedThroughput")) {
      throw DynamoDbErrors.validation(
          "You cannot create or delete index while updating table IOPS");
    }
    if (input.hasNonNull("DeletionProtectionEnabled")) {
      throw DynamoDbErrors.validation(
          "DeletionProtection modification must be the only operation in the request");
    }
    if (input.hasNonNull("TableClass")) {
      throw DynamoDbErrors.validation(
          "TableClass modification must be the only operation in the request");
    }
    if (creates && input.hasNonNull("WarmThroughput")) {
      throw DynamoDbErrors.validation(
          "Create global secondary index cannot be specified when updating WarmThroughput");
    }
  }

  /**
   * Applies a billing mode switch to a table's global indexes: to on-demand, their throughput
   * becomes 0; to provisioned, the request must give each of them a throughput in an index Update.
   */
  static void switchBilling(JsonNode input, ObjectNode def, String from, String to) {
    if (from.equals(to)) {
      return;
    }
    Set<String> updated = new HashSet<>();
    for (JsonNode update : input.path("GlobalSecondaryIndexUpdates")) {
      JsonNode change = update.get("Update");
      if (change != null && change.hasNonNull("ProvisionedThroughput")) {
        updated.add(change.path("IndexName").asText());
      }
    }
    for (JsonNode index : def.path("GlobalSecondaryIndexes")) {
      String name = index.path("IndexName").asText();
      if (to.equals("PROVISIONED") && !updated.contains(name)) {
        throw DynamoDbErrors.invalidParameter(
            "ProvisionedThroughput must be specified for index: " + name);
      }
      if (to.equals("PAY_PER_REQUEST")) {
        ((ObjectNode) index)
            .putObject("ProvisionedThroughput")
            .put("ReadCapacityUnits", 0L)
            .put("WriteCapacityUnits", 0L)
            .put("NumberOfDecreasesToday", 0L);
      }
    }
  }

  /** Whether two provisioned throughputs have the same read and write capacity. */
  static boolean sameThroughput(JsonNode current, JsonNode requested) {
    return current != null
        && current.path("ReadCapacityUnits").asLong()
            == requested.path("ReadCapacityUnits").asLong()
        && current.path("WriteCapacityUnits").asLong()
            == requested.path("WriteCapacityUnits").asLong();
  }

  /**
   * DynamoDB's refusal of an UpdateTable that re-sends the throughput already provisioned.
   *
   * @param index the index's name, or null for the table's own throughput
   */
  static String unchangedThroughput(String index, JsonNode current) {
    String subject = index == null ? "the table" : "the index " + index;
    String owner = index == null ? "the table" : "index " + index;
    long read = current.path("ReadCapacityUnits").asLong();
    long write = current.path("WriteCapacityUnits").asLong();
    return "The provisioned throughput for "
        + subject
        + " will not change. The requested value equals the current value. Current"
        + " ReadCapacityUnits provisioned for "
        + owner
        + ": "
        + read
        + ". Requested ReadCapacityUnits: "
        + read
        + ". Current WriteCapacityUnits provisioned for "
        + owner
        + ": "
        + write
        + ". Requested WriteCapacityUnits: "
        + write
        + ". Refer to the Amazon DynamoDB Developer Guide for current limits and how to request"
        + " higher limits.";
  }

  /** Adds the definitions of a new index's key attributes, which the request must give. */
  private static void mergeDefinitions(ObjectNode def, JsonNode given, JsonNode keySchema) {
    ArrayNode definitions = def.withArray("AttributeDefinitions");
    for (JsonNode key : keySchema) {
      String name = key.get("AttributeName").asText();
      String existing = null;
      for (JsonNode d : definitions) {
        if (d.path("AttributeName").asText().equals(name)) {
          existing = d.path("AttributeType").asText();
        }
      }
      String requested = null;
      for (JsonNode d : given) {
        if (d.path("AttributeName").asText().equals(name)) {
          requested = d.path("AttributeType").asText();
        }
      }
      if (requested == null) {
        // The request must define every key attribute of the new index, even one the table
        // already defines.
        Set<String> defined = new LinkedHashSet<>();
        given.forEach(d -> defined.add(d.path("AttributeName").asText()));
        throw DynamoDbErrors.invalidParameter(
            "Some index key attributes are not defined in AttributeDefinitions. Keys: ["
                + name
                + "], AttributeDefinitions: "
                + defined);
      }
      if (existing != null && !requested.equals(existing)) {
        throw DynamoDbErrors.invalidParameter(
            "Attributes cannot be redefined. Please check that your attribute has the same type as"
                + " previously defined. Existing schema: key{"
                + name
                + ":"
                + existing
                + "}, New schema: key{"
                + name
                + ":"
                + requested
                + "}");
      }
      if (requested != null && !List.of("S", "N", "B").contains(requested)) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value '"
                + requested
                + "' at 'attributeDefinitions.1.member.attributeType' failed to satisfy"
                + " constraint: Member must satisfy enum value set: [B, N, S]");
      }
      if (existing == null) {
        definitions.addObject().put("AttributeName", name).put("AttributeType", requested);
      }
    }
  }

  /** Drops attribute definitions no key of the table or its indexes uses any more. */
  private static void pruneDefinitions(ObjectNode def) {
    Set<String> used = new HashSet<>();
    def.path("KeySchema").forEach(k -> used.add(k.path("AttributeName").asText()));
    for (String member : List.of("LocalSecondaryIndexes", "GlobalSecondaryIndexes")) {
      for (JsonNode index : def.path(member)) {
        index.path("KeySchema").forEach(k -> used.add(k.path("AttributeName").asText()));
      }
    }
    ArrayNode kept = NODES.arrayNode();
    def.path("AttributeDefinitions")
        .forEach(
            d -> {
              if (used.contains(d.path("AttributeName").asText())) {
                kept.add(d);
              }
            });
    def.set("AttributeDefinitions", kept);
  }
}
