package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.storage.MetadataStore;
import dev.basin.dynamodb.store.DynamoDbStore;
import dev.basin.dynamodb.store.SecondaryIndexStore;
import dev.basin.dynamodb.store.TableDef;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Table-level operations: create, describe, list, update (billing and throughput), delete, tags,
 * time to live, endpoints and limits. Tables are ACTIVE as soon as they are created: there is no
 * CREATING phase to wait out.
 */
final class DynamoDbTableOperations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_TAGS = 50;

  /** UpdateTable's members that change something besides GlobalSecondaryIndexUpdates. */
  private static final List<String> UPDATE_TABLE_CHANGES =
      List.of(
          "BillingMode",
          "ProvisionedThroughput",
          "StreamSpecification",
          "SSESpecification",
          "ReplicaUpdates",
          "TableClass",
          "DeletionProtectionEnabled",
          "OnDemandThroughput",
          "WarmThroughput",
          "MultiRegionConsistency",
          "GlobalTableWitnessUpdates");

  private final DynamoDbStore store;
  private final BasinClock clock;

  DynamoDbTableOperations(DynamoDbStore store, BasinClock clock) {
    this.store = store;
    this.clock = clock;
  }

  void register(Map<String, OperationHandler> operations) {
    operations.put("CreateTable", this::createTable);
    operations.put("DescribeTable", this::describeTable);
    operations.put("ListTables", this::listTables);
    operations.put("DeleteTable", this::deleteTable);
    operations.put("UpdateTable", this::updateTable);
    operations.put("TagResource", this::tagResource);
    operations.put("UntagResource", this::untagResource);
    operations.put("ListTagsOfResource", this::listTagsOfResource);
    operations.put("DescribeEndpoints", this::describeEndpoints);
    operations.put("DescribeLimits", this::describeLimits);
    operations.put("UpdateTimeToLive", this::updateTimeToLive);
    operations.put("DescribeTimeToLive", this::describeTimeToLive);
  }

  static MetadataStore db(DynamoDbStore store, RequestContext context) {
    return store.database(context.accountId(), context.region());
  }

  static String arn(RequestContext context, String table) {
    return "arn:aws:dynamodb:" + context.region() + ":" + context.accountId() + ":table/" + table;
  }

  /**
   * The table a request names in {@code TableName}: a name, checked the way DynamoDB's input
   * validation does, or a table ARN, which DynamoDB accepts in its place (the answer then still
   * names the table by its name); an ARN of another region is refused as a ValidationException and
   * one of another account as AccessDeniedException, as DynamoDB does.
   */
  static String tableName(RequestContext context, JsonNode input, String member) {
    String given = input.path("TableName").asText();
    if (given.startsWith("arn:")) {
      String name = nameOfTableArn(given, member);
      String[] parts = given.split(":", 6);
      if (!parts[3].equals(context.region())) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Invalid AWS region in '" + given + "'");
      }
      if (!parts[4].equals(context.accountId())) {
        throw new AwsException("AccessDeniedException", 400, "Access is denied");
      }
      return name;
    }
    return checkName(given, member);
  }

  /** The table name in {@code arn:<partition>:dynamodb:<region>:<account>:table/<name>}. */
  private static String nameOfTableArn(String arn, String member) {
    String[] parts = arn.split(":", 6);
    String resource = parts.length == 6 ? parts[5] : "";
    String name = resource.startsWith("table/") ? resource.substring("table/".length()) : "";
    if (parts.length == 6
        && !parts[1].isEmpty()
        && parts[2].equals("dynamodb")
        && name.indexOf('/') < 0
        && name.length() >= 3
        && name.length() <= 255
        && TableKeys.validName(name)) {
      return name;
    }
    // An index or stream ARN, or not a DynamoDB table ARN at all.
    throw DynamoDbErrors.validation(
        "1 validation error detected: Value '"
            + arn
            + "' at '"
            + member
            + "' failed to satisfy constraint: Member must be a table name or a table ARN");
  }

  private static String checkName(String name, String member) {
    String path = member;
    if (name.length() < 3) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + name
              + "' at '"
              + path
              + "' failed to satisfy constraint: Member must have length greater than or equal to"
              + " 3");
    }
    if (name.length() > 255) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + name
              + "' at '"
              + path
              + "' failed to satisfy constraint: Member must have length less than or equal to"
              + " 255");
    }
    if (!TableKeys.validName(name)) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + name
              + "' at '"
              + path
              + "' failed to satisfy constraint: Member must satisfy regular expression pattern:"
              + " [a-zA-Z0-9_.-]+");
    }
    return name;
  }

  /** The request's TableClass, checked with DynamoDB's own message (case matters). */
  private static String tableClass(JsonNode input) {
    String value = input.get("TableClass").asText();
    if (!value.equals("STANDARD") && !value.equals("STANDARD_INFREQUENT_ACCESS")) {
      throw DynamoDbErrors.validation(
          "Invalid table-class parameter provided. Please try again with a valid table-class"
              + " value: [STANDARD, STANDARD_INFREQUENT_ACCESS].");
    }
    return value;
  }

  // ---------------------------------------------------------------- create

  private JsonNode createTable(RequestContext context, ObjectNode input) {
    String name = tableName(context, input, "tableName");
    ObjectNode definition = NODES.objectNode();
    String billing = input.path("BillingMode").asText("PROVISIONED");
    Set<String> indexKeys = SecondaryIndexDefinitions.create(input, billing, definition);
    validateKeySchema(input.path("KeySchema"), input.path("AttributeDefinitions"), indexKeys);
    definition.set("AttributeDefinitions", input.get("AttributeDefinitions").deepCopy());
    definition.set("KeySchema", input.get("KeySchema").deepCopy());
    definition.put("BillingMode", billing);
    definition.set(
        "ProvisionedThroughput", throughput(billing, input.get("ProvisionedThroughput")));
    definition.put("TableId", UUID.randomUUID().toString());
    definition.set("Tags", checkTags(input.get("Tags"), NODES.arrayNode()));
    definition.put(
        "DeletionProtectionEnabled", input.path("DeletionProtectionEnabled").asBoolean(false));
    if (input.hasNonNull("TableClass")) {
      // Only a class given explicitly is reported back (as DynamoDB does).
      definition.put("TableClass", tableClass(input));
    }
    String streamViewType = StreamSpecifications.forCreate(input.get("StreamSpecification"));
    long now = clock.millis();
    ObjectNode description =
        db(store, context)
            .write(
                c -> {
                  if (!DynamoDbStore.insertTable(c, name, definition, now)) {
                    throw DynamoDbErrors.resourceInUse("Table already exists: " + name);
                  }
                  if (streamViewType != null) {
                    TableDef created = DynamoDbStore.table(c, name);
                    ObjectNode def = created.definition();
                    StreamSpecifications.enable(c, context, name, def, streamViewType, now);
                    DynamoDbStore.updateTable(c, created.id(), def);
                  }
                  return description(c, context, DynamoDbStore.table(c, name));
                });
    ObjectNode out = NODES.objectNode();
    out.set("TableDescription", description);
    return out;
  }

  /**
   * Checks the table's key schema and that the attribute definitions define exactly the key
   * attributes of the table and of its indexes ({@code indexKeys}).
   */
  private static void validateKeySchema(
      JsonNode keySchema, JsonNode attributeDefinitions, Set<String> indexKeys) {
    if (keySchema.size() > 2) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + keySchema
              + "' at 'keySchema' failed to satisfy constraint: Member must have length less than"
              + " or equal to 2");
    }
    if (keySchema.isEmpty()) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '[]' at 'keySchema' failed to satisfy constraint:"
              + " Member must have length greater than or equal to 1");
    }
    Map<String, String> types = new LinkedHashMap<>();
    int index = 1;
    for (JsonNode definition : attributeDefinitions) {
      String type = definition.path("AttributeType").asText();
      if (!type.equals("S") && !type.equals("N") && !type.equals("B")) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value '"
                + type
                + "' at 'attributeDefinitions."
                + index
                + ".member.attributeType' failed to satisfy constraint: Member must satisfy enum"
                + " value set: [B, N, S]");
      }
      if (types.put(definition.path("AttributeName").asText(), type) != null) {
        throw DynamoDbErrors.invalidParameter(
            "Attribute Name is duplicated: " + definition.path("AttributeName").asText());
      }
      index++;
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
    Set<String> keys = new java.util.LinkedHashSet<>();
    keySchema.forEach(k -> keys.add(k.path("AttributeName").asText()));
    keys.addAll(indexKeys);
    if (!types.keySet().containsAll(keys)) {
      throw DynamoDbErrors.invalidParameter(
          "Some index key attributes are not defined in AttributeDefinitions. Keys: "
              + keys
              + ", AttributeDefinitions: "
              + types.keySet());
    }
    if (types.size() != keys.size()) {
      if (!indexKeys.isEmpty()) {
        throw DynamoDbErrors.invalidParameter(
            "Some AttributeDefinitions are not used. AttributeDefinitions: "
                + types.keySet()
                + ", keys used: "
                + keys);
      }
      throw DynamoDbErrors.invalidParameter(
          "Number of attributes in KeySchema does not exactly match number of attributes defined"
              + " in AttributeDefinitions");
    }
  }

  private static ObjectNode throughput(String billing, JsonNode requested) {
    ObjectNode throughput = NODES.objectNode();
    if (billing.equals("PAY_PER_REQUEST")) {
      if (requested != null && !requested.isNull()) {
        throw DynamoDbErrors.invalidParameter(
            "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is"
                + " PAY_PER_REQUEST");
      }
      throughput.put("ReadCapacityUnits", 0L).put("WriteCapacityUnits", 0L);
    } else {
      if (requested == null
          || !requested.hasNonNull("ReadCapacityUnits")
          || !requested.hasNonNull("WriteCapacityUnits")) {
        throw DynamoDbErrors.invalidParameter(
            "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is"
                + " PROVISIONED");
      }
      long read = requested.get("ReadCapacityUnits").asLong();
      long write = requested.get("WriteCapacityUnits").asLong();
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

  // ---------------------------------------------------------------- describe, list, delete

  /** The table's description as DescribeTable answers it, with item counts and its indexes. */
  static ObjectNode description(Connection c, RequestContext context, TableDef table)
      throws SQLException {
    long[] stats = DynamoDbStore.tableStats(c, table.id());
    ObjectNode d = description(context, table, stats[0], stats[1]);
    SecondaryIndexDefinitions.describe(c, d, table, arn(context, table.name()));
    return d;
  }

  private static ObjectNode description(
      RequestContext context, TableDef table, long count, long size) {
    ObjectNode d = NODES.objectNode();
    ObjectNode def = table.definition();
    d.set("AttributeDefinitions", sortedByName(def.get("AttributeDefinitions")));
    d.put("TableName", table.name());
    d.set("KeySchema", def.get("KeySchema"));
    d.put("TableStatus", "ACTIVE");
    d.set("CreationDateTime", seconds(table.createdMillis()));
    d.set("ProvisionedThroughput", def.get("ProvisionedThroughput"));
    d.put("TableSizeBytes", size);
    d.put("ItemCount", count);
    d.put("TableArn", arn(context, table.name()));
    d.put("TableId", def.path("TableId").asText());
    ObjectNode billing = d.putObject("BillingModeSummary");
    billing.put("BillingMode", def.path("BillingMode").asText());
    if (def.has("BillingModeUpdatedMillis")) {
      billing.set(
          "LastUpdateToPayPerRequestDateTime",
          seconds(def.get("BillingModeUpdatedMillis").asLong()));
    } else if (def.path("BillingMode").asText().equals("PAY_PER_REQUEST")) {
      // Created on demand: the billing mode was set when the table was created.
      billing.set("LastUpdateToPayPerRequestDateTime", seconds(table.createdMillis()));
    }
    d.put("DeletionProtectionEnabled", def.path("DeletionProtectionEnabled").asBoolean());
    if (def.has("TableClass")) {
      ObjectNode tableClass = d.putObject("TableClassSummary");
      tableClass.put("TableClass", def.get("TableClass").asText());
      if (def.has("TableClassUpdatedMillis")) {
        tableClass.set("LastUpdateDateTime", seconds(def.get("TableClassUpdatedMillis").asLong()));
      }
    }
    StreamSpecifications.describe(d, def);
    return d;
  }

  /** Attribute definitions ordered by attribute name, as DynamoDB describes them. */
  private static ArrayNode sortedByName(JsonNode definitions) {
    List<JsonNode> sorted = new java.util.ArrayList<>();
    definitions.forEach(sorted::add);
    sorted.sort(java.util.Comparator.comparing(d -> d.path("AttributeName").asText()));
    ArrayNode out = NODES.arrayNode();
    sorted.forEach(out::add);
    return out;
  }

  private static DecimalNode seconds(long millis) {
    return DecimalNode.valueOf(BigDecimal.valueOf(millis, 3));
  }

  private JsonNode describeTable(RequestContext context, ObjectNode input) {
    String name = tableName(context, input, "tableName");
    ObjectNode out = NODES.objectNode();
    out.set(
        "Table",
        db(store, context)
            .read(
                c -> {
                  TableDef table = DynamoDbStore.table(c, name);
                  if (table == null) {
                    throw DynamoDbErrors.tableNotFound(name);
                  }
                  return description(c, context, table);
                }));
    return out;
  }

  private JsonNode listTables(RequestContext context, ObjectNode input) {
    int limit = input.path("Limit").asInt(100);
    if (input.has("Limit") && (limit < 1 || limit > 100)) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + limit
              + "' at 'limit' failed to satisfy constraint: Member must have value "
              + (limit < 1 ? "greater than or equal to 1" : "less than or equal to 100"));
    }
    String start =
        input.hasNonNull("ExclusiveStartTableName")
            ? input.get("ExclusiveStartTableName").asText()
            : null;
    List<String> names =
        db(store, context).read(c -> DynamoDbStore.tableNames(c, start, limit + 1));
    ObjectNode out = NODES.objectNode();
    ArrayNode array = out.putArray("TableNames");
    for (int i = 0; i < Math.min(limit, names.size()); i++) {
      array.add(names.get(i));
    }
    if (names.size() > limit) {
      out.put("LastEvaluatedTableName", names.get(limit - 1));
    }
    return out;
  }

  private JsonNode deleteTable(RequestContext context, ObjectNode input) {
    String name = tableName(context, input, "tableName");
    long now = clock.millis();
    ObjectNode description =
        db(store, context)
            .write(
                c -> {
                  TableDef table = DynamoDbStore.table(c, name);
                  if (table == null) {
                    throw DynamoDbErrors.tableNotFound(name);
                  }
                  if (table.definition().path("DeletionProtectionEnabled").asBoolean()) {
                    throw DynamoDbErrors.validation(
                        "Resource cannot be deleted as it is currently protected against"
                            + " deletion. Disable deletion protection first.");
                  }
                  ObjectNode described = deletedDescription(c, context, table);
                  StreamSpecifications.disable(c, table.definition(), now);
                  DynamoDbStore.deleteTable(c, table.id());
                  return described;
                });
    ObjectNode out = NODES.objectNode();
    out.set("TableDescription", description);
    return out;
  }

  /**
   * What DeleteTable answers: DescribeTable's description without the schema (key schema, attribute
   * definitions, indexes) and creation time, in status {@code DELETING}, as DynamoDB answers it.
   */
  private static ObjectNode deletedDescription(Connection c, RequestContext context, TableDef table)
      throws SQLException {
    ObjectNode described = description(c, context, table);
    described.remove(
        List.of(
            "AttributeDefinitions",
            "KeySchema",
            "CreationDateTime",
            "LocalSecondaryIndexes",
            "GlobalSecondaryIndexes"));
    described.put("TableStatus", "DELETING");
    return described;
  }

  private JsonNode updateTable(RequestContext context, ObjectNode input) {
    String name = tableName(context, input, "tableName");
    for (String unsupported : List.of("ReplicaUpdates", "SSESpecification")) {
      if (input.hasNonNull(unsupported)) {
        throw new AwsException(
            "NotImplemented", 501, "Basin does not implement DynamoDB UpdateTable " + unsupported);
      }
    }
    boolean changes =
        !input.path("GlobalSecondaryIndexUpdates").isEmpty()
            || UPDATE_TABLE_CHANGES.stream().anyMatch(input::hasNonNull);
    if (!changes) {
      throw DynamoDbErrors.validation(
          "At least one of ProvisionedThroughput, BillingMode, UpdateStreamEnabled,"
              + " GlobalSecondaryIndexUpdates, SSESpecification, ReplicaUpdates,"
              + " MultiAccountReplicaReady, ReplicaTransitRoleArn, MultiRegionConsistency,"
              + " DeletionProtectionEnabled, OnDemandThroughput, WarmThroughput or TableClass is"
              + " required");
    }
    if (input.hasNonNull("GlobalSecondaryIndexUpdates")
        && input.get("GlobalSecondaryIndexUpdates").isEmpty()) {
      throw DynamoDbErrors.invalidParameter("List of GlobalSecondaryIndexUpdates is empty");
    }
    SecondaryIndexDefinitions.checkCompanions(input);
    String newTableClass = input.hasNonNull("TableClass") ? tableClass(input) : null;
    long now = clock.millis();
    ObjectNode out = NODES.objectNode();
    out.set(
        "TableDescription",
        db(store, context)
            .write(
                c -> {
                  TableDef table = DynamoDbStore.table(c, name);
                  if (table == null) {
                    throw DynamoDbErrors.tableNotFound(name);
                  }
                  ObjectNode def = table.definition();
                  String current = def.path("BillingMode").asText();
                  String billing = input.path("BillingMode").asText(current);
                  JsonNode requested = input.get("ProvisionedThroughput");
                  boolean staysProvisioned =
                      billing.equals("PROVISIONED") && current.equals("PROVISIONED");
                  if (billing.equals("PROVISIONED")
                      && requested == null
                      && input.hasNonNull("BillingMode")) {
                    throw DynamoDbErrors.validation(
                        "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
                  }
                  if (billing.equals("PROVISIONED") && requested == null) {
                    requested = staysProvisioned ? def.get("ProvisionedThroughput") : null;
                  }
                  ObjectNode throughput = throughput(billing, requested);
                  if (staysProvisioned
                      && input.hasNonNull("ProvisionedThroughput")
                      && SecondaryIndexDefinitions.sameThroughput(
                          def.get("ProvisionedThroughput"), throughput)) {
                    throw DynamoDbErrors.validation(
                        SecondaryIndexDefinitions.unchangedThroughput(
                            null, def.get("ProvisionedThroughput")));
                  }
                  if (!billing.equals(def.path("BillingMode").asText())) {
                    def.put("BillingModeUpdatedMillis", now);
                  }
                  def.put("BillingMode", billing);
                  def.set("ProvisionedThroughput", throughput);
                  if (newTableClass != null) {
                    def.put("TableClass", newTableClass);
                    def.put("TableClassUpdatedMillis", now);
                  }
                  if (input.has("DeletionProtectionEnabled")) {
                    def.put(
                        "DeletionProtectionEnabled",
                        input.get("DeletionProtectionEnabled").asBoolean());
                  }
                  ObjectNode deleting = null;
                  if (input.hasNonNull("StreamSpecification")) {
                    StreamSpecifications.update(
                        c,
                        context,
                        name,
                        def,
                        input.get("StreamSpecification"),
                        input.hasNonNull("GlobalSecondaryIndexUpdates"),
                        now);
                  }
                  SecondaryIndexDefinitions.switchBilling(input, def, current, billing);
                  if (input.hasNonNull("GlobalSecondaryIndexUpdates")) {
                    deleting =
                        SecondaryIndexDefinitions.update(
                            c,
                            input,
                            table,
                            def,
                            current.equals("PAY_PER_REQUEST") && billing.equals("PROVISIONED"));
                  }
                  DynamoDbStore.updateTable(c, table.id(), def);
                  TableDef updated = DynamoDbStore.table(c, table.id());
                  for (var index : updated.indexes()) {
                    if (table.index(index.name()) == null) {
                      SecondaryIndexStore.backfill(c, updated, index);
                    }
                  }
                  ObjectNode described = description(c, context, updated);
                  if (deleting != null) {
                    deleting.put("IndexStatus", "DELETING");
                    described.withArray("GlobalSecondaryIndexes").add(deleting);
                  }
                  return described;
                }));
    return out;
  }

  // ---------------------------------------------------------------- tags

  /**
   * The table a tag operation's {@code ResourceArn} names. DynamoDB refuses what is not a table ARN
   * (an index or backup ARN, another service's) and an ARN of another region (ValidationException)
   * or account (AccessDeniedException), and answers ResourceNotFoundException for a stream ARN
   * (streams carry no tags here) or a table that does not exist.
   */
  private String tableOfArn(RequestContext context, JsonNode input) {
    String arn = input.path("ResourceArn").asText();
    if (!arn.startsWith("arn:")) {
      throw DynamoDbErrors.invalidParameter("ARNs must start with 'arn:': " + arn);
    }
    String[] parts = arn.split(":", 6);
    String resource = parts.length == 6 ? parts[5] : "";
    if (parts.length != 6 || !parts[2].equals("dynamodb") || !resource.startsWith("table/")) {
      throw DynamoDbErrors.invalidParameter("Provided Arn is not a DynamoDB resource arn: " + arn);
    }
    if (!parts[3].equals(context.region())) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Invalid AWS region in '" + arn + "'");
    }
    if (!parts[4].equals(context.accountId())) {
      throw new AwsException("AccessDeniedException", 400, "Access is denied");
    }
    String name = resource.substring("table/".length());
    int slash = name.indexOf('/');
    if (slash >= 0) {
      if (name.startsWith("/stream/", slash)) {
        throw tagTargetMissing(input);
      }
      if (name.startsWith("/backup/", slash)) {
        throw DynamoDbErrors.invalidParameter(
            "Provided Arn is not a DynamoDB resource arn: " + arn);
      }
      // An index ARN: indexes carry no tags of their own.
      throw DynamoDbErrors.invalidParameter(
          "Invalid resource arn provided, only table or stream is accepted. Provided resource arn: "
              + arn);
    }
    return name;
  }

  /**
   * Merges tags into a resource's tags, all or nothing, with DynamoDB's checks and messages: keys
   * of 1 to 128 characters, values of 0 to 256, letters, numbers, white space and {@code _ . : / =
   * + - @} only, no {@code aws:} key prefix, no key twice in one request, at most 50 tags.
   */
  private static ArrayNode checkTags(JsonNode tags, ArrayNode existing) {
    Map<String, JsonNode> merged = new LinkedHashMap<>();
    existing.forEach(t -> merged.put(t.path("Key").asText(), t));
    if (tags != null) {
      Set<String> given = new HashSet<>();
      for (JsonNode tag : tags) {
        String key = tag.path("Key").asText();
        if (!validTagText(key, 1, 128)) {
          throw DynamoDbErrors.validation("The Tag Key provided is invalid, Key: " + key);
        }
        JsonNode value = tag.get("Value");
        if (value == null || value.isNull() || !validTagText(value.asText(), 0, 256)) {
          throw DynamoDbErrors.validation(
              "The Tag Value provided is invalid, Value: "
                  + (value == null || value.isNull() ? "null" : value.asText()));
        }
        checkNotReserved(key);
        if (!given.add(key)) {
          throw DynamoDbErrors.validation(
              "Duplicate Tag Keys provided as input: Duplicate Tag Key found " + key);
        }
        merged.put(key, tag);
      }
    }
    if (merged.size() > MAX_TAGS) {
      throw DynamoDbErrors.validation(
          "Number of Tags exceed the current limit for the provided ResourceArn");
    }
    ArrayNode out = NODES.arrayNode();
    merged.values().forEach(t -> out.add(t.deepCopy()));
    return out;
  }

  /** Refuses a tag key with the {@code aws:} prefix (in any case), which AWS reserves. */
  private static void checkNotReserved(String key) {
    if (key.regionMatches(true, 0, "aws:", 0, 4)) {
      throw DynamoDbErrors.validation("Tag Key cannot be prefixed with aws:, Key: " + key);
    }
  }

  /**
   * Whether a tag key or value has an allowed length (in characters) and only the characters
   * DynamoDB allows in tags: letters and numbers of any script, white space and {@code _ . : / = +
   * - @}.
   */
  private static boolean validTagText(String text, int min, int max) {
    int length = text.codePointCount(0, text.length());
    return length >= min
        && length <= max
        && text.codePoints()
            .allMatch(
                cp ->
                    Character.isLetter(cp)
                        || Character.isDigit(cp)
                        || Character.isWhitespace(cp)
                        || Character.isSpaceChar(cp)
                        || "_.:/=+-@".indexOf(cp) >= 0);
  }

  private JsonNode tagResource(RequestContext context, ObjectNode input) {
    String name = tableOfArn(context, input);
    if (input.path("Tags").isEmpty()) {
      throw DynamoDbErrors.validation("Atleast one Tag needs to be provided as Input.");
    }
    db(store, context)
        .write(
            c -> {
              TableDef table = DynamoDbStore.table(c, name);
              if (table == null) {
                throw tagTargetMissing(input);
              }
              ObjectNode def = table.definition();
              def.set("Tags", checkTags(input.get("Tags"), (ArrayNode) def.withArray("Tags")));
              DynamoDbStore.updateTable(c, table.id(), def);
              return null;
            });
    return NODES.objectNode();
  }

  private static AwsException tagTargetMissing(JsonNode input) {
    return new AwsException(
        "ResourceNotFoundException",
        400,
        "Requested resource not found: ResourceArn: "
            + input.path("ResourceArn").asText()
            + " not found");
  }

  private JsonNode untagResource(RequestContext context, ObjectNode input) {
    String name = tableOfArn(context, input);
    JsonNode keys = input.path("TagKeys");
    if (keys.isEmpty()) {
      throw DynamoDbErrors.validation("Atleast one Tag Key needs to be provided as Input.");
    }
    if (keys.size() > MAX_TAGS) {
      throw DynamoDbErrors.validation(
          "Number of Tags exceed the current limit for the provided ResourceArn");
    }
    Set<String> remove = new HashSet<>();
    for (JsonNode key : keys) {
      if (!validTagText(key.asText(), 1, 128)) {
        throw DynamoDbErrors.validation("The Tag Key provided is invalid, Key: " + key.asText());
      }
      checkNotReserved(key.asText());
      remove.add(key.asText());
    }
    db(store, context)
        .write(
            c -> {
              TableDef table = DynamoDbStore.table(c, name);
              if (table == null) {
                throw tagTargetMissing(input);
              }
              ObjectNode def = table.definition();
              ArrayNode kept = NODES.arrayNode();
              def.withArray("Tags")
                  .forEach(
                      t -> {
                        if (!remove.contains(t.path("Key").asText())) {
                          kept.add(t);
                        }
                      });
              def.set("Tags", kept);
              DynamoDbStore.updateTable(c, table.id(), def);
              return null;
            });
    return NODES.objectNode();
  }

  private JsonNode listTagsOfResource(RequestContext context, ObjectNode input) {
    String name = tableOfArn(context, input);
    TableDef table = db(store, context).read(c -> DynamoDbStore.table(c, name));
    if (table == null) {
      throw tagTargetMissing(input);
    }
    ObjectNode out = NODES.objectNode();
    out.set("Tags", table.definition().withArray("Tags"));
    return out;
  }

  // ---------------------------------------------------------------- endpoints, limits, TTL

  private JsonNode describeEndpoints(RequestContext context, ObjectNode input) {
    // The endpoint a client is to use is the one it reached: an SDK with endpoint discovery
    // sends its next requests to this address, which must be Basin, not AWS.
    String host = context.request().header("Host");
    String address =
        host == null || host.isEmpty() ? "dynamodb." + context.region() + ".amazonaws.com" : host;
    ObjectNode out = NODES.objectNode();
    out.putArray("Endpoints")
        .addObject()
        .put("Address", address)
        .put("CachePeriodInMinutes", 1440L);
    return out;
  }

  private JsonNode describeLimits(RequestContext context, ObjectNode input) {
    return NODES
        .objectNode()
        .put("AccountMaxReadCapacityUnits", 80000L)
        .put("AccountMaxWriteCapacityUnits", 80000L)
        .put("TableMaxReadCapacityUnits", 40000L)
        .put("TableMaxWriteCapacityUnits", 40000L);
  }

  private JsonNode updateTimeToLive(RequestContext context, ObjectNode input) {
    String name = tableName(context, input, "tableName");
    JsonNode spec = input.path("TimeToLiveSpecification");
    for (String member : List.of("AttributeName", "Enabled")) {
      if (!spec.hasNonNull(member)) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value null at 'timeToLiveSpecification."
                + Character.toLowerCase(member.charAt(0))
                + member.substring(1)
                + "' failed to satisfy constraint: Member must not be null");
      }
    }
    boolean enable = spec.path("Enabled").asBoolean();
    String attribute = spec.path("AttributeName").asText();
    if (attribute.isEmpty() || attribute.length() > 255) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + attribute
              + "' at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: Member"
              + " must have length "
              + (attribute.isEmpty() ? "greater than or equal to 1" : "less than or equal to 255"));
    }
    db(store, context)
        .write(
            c -> {
              TableDef table = DynamoDbStore.table(c, name);
              if (table == null) {
                throw DynamoDbErrors.tableNotFound(name);
              }
              ObjectNode def = table.definition();
              JsonNode current = def.get("TimeToLive");
              boolean enabled = current != null && current.path("Enabled").asBoolean();
              if (enable && enabled) {
                throw DynamoDbErrors.validation("TimeToLive is already enabled");
              }
              if (!enable && !enabled) {
                throw DynamoDbErrors.validation("TimeToLive is already disabled");
              }
              if (!enable && !current.path("AttributeName").asText().equals(attribute)) {
                throw DynamoDbErrors.validation(
                    "TimeToLive is active on a different AttributeName: current AttributeName is "
                        + current.path("AttributeName").asText());
              }
              def.set("TimeToLive", spec.deepCopy());
              DynamoDbStore.updateTable(c, table.id(), def);
              return null;
            });
    ObjectNode out = NODES.objectNode();
    out.set("TimeToLiveSpecification", spec.deepCopy());
    return out;
  }

  private JsonNode describeTimeToLive(RequestContext context, ObjectNode input) {
    String name = tableName(context, input, "tableName");
    TableDef table = db(store, context).read(c -> DynamoDbStore.table(c, name));
    if (table == null) {
      throw DynamoDbErrors.tableNotFound(name);
    }
    JsonNode ttl = table.definition().get("TimeToLive");
    ObjectNode description = NODES.objectNode();
    if (ttl != null && ttl.path("Enabled").asBoolean()) {
      description.put("TimeToLiveStatus", "ENABLED");
      description.put("AttributeName", ttl.path("AttributeName").asText());
    } else {
      description.put("TimeToLiveStatus", "DISABLED");
    }
    ObjectNode out = NODES.objectNode();
    out.set("TimeToLiveDescription", description);
    return out;
  }
}
