package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.storage.MetadataStore;
import dev.basin.core.storage.StorageException;
import dev.basin.dynamodb.expression.ConditionExpression;
import dev.basin.dynamodb.expression.ExpressionAttributes;
import dev.basin.dynamodb.expression.KeyCondition;
import dev.basin.dynamodb.store.DynamoDbStore;
import dev.basin.dynamodb.store.IndexDef;
import dev.basin.dynamodb.store.ItemRow;
import dev.basin.dynamodb.store.KeyCodec;
import dev.basin.dynamodb.store.KeySchema;
import dev.basin.dynamodb.store.SecondaryIndexStore;
import dev.basin.dynamodb.store.TableDef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Query, Scan, BatchGetItem and BatchWriteItem.
 *
 * <p>Paging as DynamoDB does it: items are read in key order until {@code Limit} items have been
 * evaluated or 1 MB of item data has been read; the filter runs on those items afterwards (so a
 * page may hold fewer than {@code Limit} items, even none) and {@code LastEvaluatedKey} is the key
 * of the last item read whenever the read stopped early. Scan segments split the table by a hash of
 * the partition key, so every item of a partition lands in the same segment.
 */
final class DynamoDbQueryOperations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final long PAGE_BYTES = 1024 * 1024;
  private static final int MAX_BATCH_GET = 100;
  private static final int MAX_BATCH_WRITE = 25;

  private final DynamoDbStore store;
  private final BasinClock clock;

  DynamoDbQueryOperations(DynamoDbStore store, BasinClock clock) {
    this.store = store;
    this.clock = clock;
  }

  void register(Map<String, OperationHandler> operations) {
    operations.put("Query", this::query);
    operations.put("Scan", this::scan);
    operations.put("BatchGetItem", this::batchGetItem);
    operations.put("BatchWriteItem", this::batchWriteItem);
  }

  /** Collects one page of evaluated items. */
  private static final class Page {
    final int limit;
    final List<ItemRow> rows = new ArrayList<>();
    long bytes;
    boolean truncated;

    Page(int limit) {
      this.limit = limit;
    }

    boolean add(ItemRow row) {
      rows.add(row);
      bytes += row.size();
      if (rows.size() >= limit || bytes >= PAGE_BYTES) {
        truncated = true;
        return false;
      }
      return true;
    }
  }

  private static int limit(ObjectNode input) {
    if (!input.hasNonNull("Limit")) {
      return Integer.MAX_VALUE;
    }
    int limit = input.get("Limit").asInt();
    if (limit < 1) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + limit
              + "' at 'limit' failed to satisfy constraint: Member must have value greater than or"
              + " equal to 1");
    }
    return limit;
  }

  /** The model's length constraint on {@code AttributesToGet}: at least one name. */
  private static void checkAttributesToGet(ObjectNode input) {
    JsonNode names = input.get("AttributesToGet");
    if (names != null && names.isArray() && names.isEmpty()) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy"
              + " constraint: Member must have length greater than or equal to 1");
    }
  }

  private static String select(ObjectNode input) {
    boolean projected =
        input.hasNonNull("ProjectionExpression") || input.hasNonNull("AttributesToGet");
    boolean indexed = input.hasNonNull("IndexName");
    String select =
        input
            .path("Select")
            .asText(
                projected
                    ? "SPECIFIC_ATTRIBUTES"
                    : indexed ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES");
    if (select.equals("SPECIFIC_ATTRIBUTES") && !projected) {
      throw DynamoDbErrors.validation(
          "Select type SPECIFIC_ATTRIBUTES requires ProjectionExpression or AttributesToGet");
    }
    if (projected && input.hasNonNull("Select") && !select.equals("SPECIFIC_ATTRIBUTES")) {
      throw DynamoDbErrors.validation(
          "Cannot specify the AttributesToGet or ProjectionExpression when choosing to get "
              + select);
    }
    if (select.equals("ALL_PROJECTED_ATTRIBUTES") && !indexed) {
      throw DynamoDbErrors.validation(
          "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }
    return select;
  }

  private static JsonNode output(
      ObjectNode input,
      String tableName,
      List<String> keyNames,
      Page page,
      Predicate<JsonNode> filter,
      UnaryOperator<ObjectNode> projection,
      String select) {
    ObjectNode out = NODES.objectNode();
    ArrayNode items = NODES.arrayNode();
    int count = 0;
    for (ItemRow row : page.rows) {
      if (filter == null || filter.test(row.item())) {
        count++;
        if (!select.equals("COUNT")) {
          items.add(projection.apply(row.item()));
        }
      }
    }
    if (!select.equals("COUNT")) {
      out.set("Items", items);
    }
    out.put("Count", count);
    out.put("ScannedCount", page.rows.size());
    if (page.truncated) {
      ObjectNode last = page.rows.get(page.rows.size() - 1).item();
      ObjectNode key = out.putObject("LastEvaluatedKey");
      for (String keyName : keyNames) {
        key.set(keyName, last.get(keyName));
      }
    }
    boolean consistent = input.path("ConsistentRead").asBoolean(false);
    ObjectNode capacity =
        Capacity.consumed(
            input.get("ReturnConsumedCapacity"),
            tableName,
            Capacity.readUnits(page.bytes, consistent),
            false);
    if (capacity != null) {
      out.set("ConsumedCapacity", capacity);
    }
    return out;
  }

  // ---------------------------------------------------------------- Query

  private JsonNode query(RequestContext context, ObjectNode input) {
    String name = DynamoDbTableOperations.tableName(context, input, "tableName");
    // KeyConditions combines with FilterExpression and ProjectionExpression (DynamoDB leaves it
    // out of the check); only KeyConditionExpression excludes it.
    ItemRequests.notBoth(
        input,
        List.of("QueryFilter", "AttributesToGet", "ConditionalOperator"),
        List.of("KeyConditionExpression", "FilterExpression", "ProjectionExpression"));
    ItemRequests.notBoth(input, List.of("KeyConditions"), List.of("KeyConditionExpression"));
    checkAttributesToGet(input);
    if (!input.hasNonNull("KeyConditionExpression") && !input.hasNonNull("KeyConditions")) {
      throw DynamoDbErrors.validation(
          "Either the KeyConditions or KeyConditionExpression parameter must be specified in the"
              + " request.");
    }
    ExpressionAttributes attributes =
        ItemRequests.attributes(
            input, "KeyConditionExpression", "FilterExpression", "ProjectionExpression");
    String select = select(input);
    int limit = limit(input);
    boolean forward = input.path("ScanIndexForward").asBoolean(true);
    UnaryOperator<ObjectNode> projection = ItemRequests.projection(input, attributes);
    ConditionExpression filterExpression =
        input.hasNonNull("FilterExpression")
            ? ConditionExpression.parseFilter(input.get("FilterExpression").asText(), attributes)
            : null;
    Predicate<JsonNode> filter =
        filterExpression != null
            ? filterExpression::test
            : filter(input, attributes, "QueryFilter");
    return DynamoDbTableOperations.db(store, context)
        .read(
            c -> {
              TableDef table = DynamoDbItemOperations.requireTable(c, name);
              if (input.hasNonNull("IndexName")) {
                IndexRead read = indexRead(input, table, select, filter);
                KeyCondition key = keyCondition(input, attributes, read.index().key());
                if (filterExpression != null) {
                  filterExpression.assertNoKeyAttributes(read.index().key().names());
                }
                attributes.assertAllUsed();
                rejectKeysInQueryFilter(input, read.index().key());
                Page page = queryIndex(c, input, table, read, key, limit, forward);
                return output(input, name, read.keyNames(), page, filter, projection, select);
              }
              KeySchema schema = table.key();
              KeyCondition key = keyCondition(input, attributes, schema);
              if (filterExpression != null) {
                filterExpression.assertNoKeyAttributes(schema.names());
              }
              attributes.assertAllUsed();
              rejectKeysInQueryFilter(input, schema);
              if (!AttributeValues.type(key.hashValue()).equals(schema.hashType())) {
                throw DynamoDbErrors.validation(
                    "One or more parameter values were invalid: Condition parameter type does not"
                        + " match schema type");
              }
              byte[] hk = KeyCodec.encode(key.hashValue());
              byte[][] bounds = bounds(key, schema);
              byte[] lower = bounds[0];
              byte[] upper = bounds[1];
              boolean lowerInclusive = bounds[2] != null;
              boolean upperInclusive = bounds[3] != null;
              if (input.hasNonNull("ExclusiveStartKey")) {
                ObjectNode start = startKey(schema, input.get("ExclusiveStartKey"));
                if (!Arrays.equals(schema.hashBytes(start), hk)) {
                  throw DynamoDbErrors.validation(
                      "The provided starting key is invalid: The provided key element does not"
                          + " match the schema");
                }
                byte[] after = schema.rangeBytes(start);
                if (forward && (lower == null || Arrays.compareUnsigned(after, lower) >= 0)) {
                  lower = after;
                  lowerInclusive = false;
                } else if (!forward
                    && (upper == null || Arrays.compareUnsigned(after, upper) <= 0)) {
                  upper = after;
                  upperInclusive = false;
                }
              }
              Page page = new Page(limit);
              if (schema.hasRange() || input.get("ExclusiveStartKey") == null) {
                DynamoDbStore.queryPartition(
                    c,
                    table.id(),
                    hk,
                    lower,
                    lowerInclusive,
                    upper,
                    upperInclusive,
                    forward,
                    page::add);
              }
              return output(input, name, schema.names(), page, filter, projection, select);
            });
  }

  private static KeyCondition keyCondition(
      ObjectNode input, ExpressionAttributes attributes, KeySchema schema) {
    if (input.hasNonNull("KeyConditionExpression")) {
      return KeyCondition.parse(
          input.get("KeyConditionExpression").asText(),
          attributes,
          schema.hashName(),
          schema.rangeName());
    }
    List<LegacyConditions.Comparison> comparisons =
        LegacyConditions.filter(input.get("KeyConditions"));
    ObjectNode hash = null;
    KeyCondition.SortKeyCondition sort = null;
    for (LegacyConditions.Comparison comparison : comparisons) {
      if (comparison.attribute().equals(schema.hashName())) {
        if (!comparison.operator().equals("EQ")) {
          throw DynamoDbErrors.validation("Query key condition not supported");
        }
        hash = (ObjectNode) comparison.values().get(0);
      } else if (comparison.attribute().equals(schema.rangeName())) {
        KeyCondition.Operator operator =
            switch (comparison.operator()) {
              case "EQ" -> KeyCondition.Operator.EQ;
              case "LT" -> KeyCondition.Operator.LT;
              case "LE" -> KeyCondition.Operator.LE;
              case "GT" -> KeyCondition.Operator.GT;
              case "GE" -> KeyCondition.Operator.GE;
              case "BETWEEN" -> KeyCondition.Operator.BETWEEN;
              case "BEGINS_WITH" -> KeyCondition.Operator.BEGINS_WITH;
              default -> throw DynamoDbErrors.validation("Query key condition not supported");
            };
        sort =
            new KeyCondition.SortKeyCondition(
                comparison.attribute(),
                operator,
                (ObjectNode) comparison.values().get(0),
                comparison.values().size() > 1 ? (ObjectNode) comparison.values().get(1) : null);
      } else {
        throw DynamoDbErrors.validation("Query key condition not supported");
      }
    }
    if (hash == null) {
      throw DynamoDbErrors.validation(
          "Query condition missed key schema element: " + schema.hashName());
    }
    return new KeyCondition(schema.hashName(), hash, java.util.Optional.ofNullable(sort));
  }

  /** {@code [lower, upper, lowerInclusive?, upperInclusive?]}: non-null flags mean inclusive. */
  private static byte[][] bounds(KeyCondition key, KeySchema schema) {
    byte[] yes = new byte[0];
    if (key.sortKey().isEmpty()) {
      return new byte[4][];
    }
    KeyCondition.SortKeyCondition sort = key.sortKey().get();
    String valueType = AttributeValues.type(sort.value());
    if (!valueType.equals(schema.rangeType())
        || (sort.upper() != null
            && !AttributeValues.type(sort.upper()).equals(schema.rangeType()))) {
      throw DynamoDbErrors.validation(
          "One or more parameter values were invalid: Condition parameter type does not match"
              + " schema type");
    }
    byte[] v = KeyCodec.encode(sort.value());
    return switch (sort.operator()) {
      case EQ -> new byte[][] {v, v, yes, yes};
      case LT -> new byte[][] {null, v, null, null};
      case LE -> new byte[][] {null, v, null, yes};
      case GT -> new byte[][] {v, null, null, null};
      case GE -> new byte[][] {v, null, yes, null};
      case BETWEEN -> {
        byte[] u = KeyCodec.encode(sort.upper());
        if (Arrays.compareUnsigned(v, u) > 0) {
          throw DynamoDbErrors.validation(
              "Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be"
                  + " greater than or equal to lower bound; lower bound operand: AttributeValue: {"
                  + valueType
                  + ":"
                  + sort.value().get(valueType).asText()
                  + "}, upper bound operand: AttributeValue: {"
                  + valueType
                  + ":"
                  + sort.upper().get(valueType).asText()
                  + "}");
        }
        yield new byte[][] {v, u, yes, yes};
      }
      case BEGINS_WITH -> {
        if (valueType.equals("N")) {
          throw DynamoDbErrors.validation(
              "Invalid KeyConditionExpression: Incorrect operand type for operator or function;"
                  + " operator or function: begins_with, operand type: N");
        }
        yield new byte[][] {v, KeyCodec.prefixEnd(v), yes, null};
      }
    };
  }

  private static Predicate<JsonNode> filter(
      ObjectNode input, ExpressionAttributes attributes, String legacyMember) {
    if (input.hasNonNull("FilterExpression")) {
      return ConditionExpression.parseFilter(input.get("FilterExpression").asText(), attributes)
          ::test;
    }
    JsonNode conditional = input.get("ConditionalOperator");
    if (conditional != null
        && !conditional.isNull()
        && !conditional.asText().equals("AND")
        && !conditional.asText().equals("OR")) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + conditional.asText()
              + "' at 'conditionalOperator' failed to satisfy constraint: Member must satisfy enum"
              + " value set: [AND, OR]");
    }
    if (input.hasNonNull(legacyMember)) {
      List<LegacyConditions.Comparison> comparisons =
          LegacyConditions.filter(input.get(legacyMember));
      return LegacyConditions.join(comparisons, conditional);
    }
    return null;
  }

  /** {@code QueryFilter} may not name a key attribute of the table or index queried. */
  private static void rejectKeysInQueryFilter(ObjectNode input, KeySchema key) {
    JsonNode queryFilter = input.get("QueryFilter");
    if (queryFilter == null || !queryFilter.isObject()) {
      return;
    }
    for (String name : key.names()) {
      if (queryFilter.has(name)) {
        throw DynamoDbErrors.validation(
            "QueryFilter can only contain non-primary key attributes: Primary key attribute: "
                + name);
      }
    }
  }

  // ---------------------------------------------------------------- Scan

  private JsonNode scan(RequestContext context, ObjectNode input) {
    String name = DynamoDbTableOperations.tableName(context, input, "tableName");
    ItemRequests.notBoth(
        input,
        List.of("ScanFilter", "AttributesToGet", "ConditionalOperator"),
        List.of("FilterExpression", "ProjectionExpression"));
    checkAttributesToGet(input);
    ExpressionAttributes attributes =
        ItemRequests.attributes(input, "FilterExpression", "ProjectionExpression");
    String select = select(input);
    int limit = limit(input);
    UnaryOperator<ObjectNode> projection = ItemRequests.projection(input, attributes);
    Predicate<JsonNode> filter = filter(input, attributes, "ScanFilter");
    attributes.assertAllUsed();
    int segment;
    int total;
    if (input.hasNonNull("Segment") != input.hasNonNull("TotalSegments")) {
      throw DynamoDbErrors.validation(
          input.hasNonNull("Segment")
              ? "The TotalSegments parameter is required but was not present in the request when"
                  + " Segment parameter is present"
              : "The Segment parameter is required but was not present in the request when"
                  + " parameter TotalSegments is present");
    }
    if (input.hasNonNull("TotalSegments")) {
      total = input.get("TotalSegments").asInt();
      segment = input.get("Segment").asInt();
      if (total < 1 || total > 1000000) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value '"
                + total
                + "' at 'totalSegments' failed to satisfy constraint: Member must have value "
                + (total < 1 ? "greater than or equal to 1" : "less than or equal to 1000000"));
      }
      if (segment < 0 || segment >= total) {
        throw DynamoDbErrors.validation(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments:"
                + " Segment: "
                + segment
                + " is not less than TotalSegments: "
                + total);
      }
    } else {
      total = 1;
      segment = 0;
    }
    return DynamoDbTableOperations.db(store, context)
        .read(
            c -> {
              TableDef table = DynamoDbItemOperations.requireTable(c, name);
              if (input.hasNonNull("IndexName")) {
                IndexRead read = indexRead(input, table, select, filter);
                byte[][] after = null;
                if (input.hasNonNull("ExclusiveStartKey")) {
                  ObjectNode start = read.startKey(input.get("ExclusiveStartKey"));
                  IndexDef index = read.index();
                  after =
                      new byte[][] {
                        index.key().hashBytes(start),
                        index.key().rangeBytes(start),
                        table.key().hashBytes(start),
                        table.key().rangeBytes(start)
                      };
                }
                Page page = new Page(limit);
                SecondaryIndexStore.scan(
                    c,
                    table.id(),
                    read.index().name(),
                    after,
                    row ->
                        (total > 1 && segmentOf(row.hashKey(), total) != segment)
                            || page.add(read.resolve(c, table, row)));
                return output(input, name, read.keyNames(), page, filter, projection, select);
              }
              KeySchema schema = table.key();
              byte[] afterHk = null;
              byte[] afterRk = null;
              if (input.hasNonNull("ExclusiveStartKey")) {
                ObjectNode start = startKey(schema, input.get("ExclusiveStartKey"));
                afterHk = schema.hashBytes(start);
                afterRk = schema.rangeBytes(start);
                if (total > 1 && segmentOf(afterHk, total) != segment) {
                  throw DynamoDbErrors.validation(
                      "The provided Exclusive start key does not map to the provided Segment and"
                          + " TotalSegments values.");
                }
              }
              Page page = new Page(limit);
              DynamoDbStore.scan(
                  c,
                  table.id(),
                  afterHk,
                  afterRk,
                  row ->
                      (total > 1 && segmentOf(row.hashKey(), total) != segment) || page.add(row));
              return output(input, name, schema.names(), page, filter, projection, select);
            });
  }

  /**
   * A read of a secondary index: the index, the key attributes its pages end on (table keys and
   * index keys), and whether each entry must be completed from the table (a local index read asking
   * for attributes its projection may not hold, as DynamoDB fetches them for local indexes).
   */
  private record IndexRead(IndexDef index, List<String> keyNames, boolean fetch) {

    /** The item a page holds for an index entry: the projected one, or the table's item. */
    ItemRow resolve(Connection c, TableDef table, ItemRow entry) {
      if (!fetch) {
        return entry;
      }
      try {
        ItemRow base = DynamoDbStore.item(c, table.id(), entry.hashKey(), entry.rangeKey());
        return base == null ? entry : base;
      } catch (SQLException e) {
        throw new StorageException("cannot read item", e);
      }
    }

    /** Validates an {@code ExclusiveStartKey} of an index read: table and index key attributes. */
    ObjectNode startKey(JsonNode raw) {
      if (raw == null || !raw.isObject() || raw.size() != keyNames.size()) {
        throw invalidStart();
      }
      ObjectNode start = NODES.objectNode();
      for (String keyName : keyNames) {
        JsonNode value = raw.get(keyName);
        if (value == null) {
          throw invalidStart();
        }
        start.set(keyName, AttributeValues.canonicalValue(value));
      }
      return start;
    }
  }

  /**
   * A table's {@code ExclusiveStartKey}: exactly the key attributes of the schema, else DynamoDB's
   * "The provided starting key is invalid" (types are checked as keys are).
   */
  private static ObjectNode startKey(KeySchema schema, JsonNode raw) {
    if (raw == null || !raw.isObject() || raw.size() != schema.names().size()) {
      throw invalidStart();
    }
    for (String name : schema.names()) {
      if (!raw.has(name)) {
        throw invalidStart();
      }
    }
    return TableKeys.key(schema, raw);
  }

  private static AwsException invalidStart() {
    return DynamoDbErrors.validation(
        "The provided starting key is invalid: The provided key element does not match the"
            + " schema");
  }

  private static IndexRead indexRead(
      ObjectNode input, TableDef table, String select, Predicate<JsonNode> filter) {
    String indexName = input.get("IndexName").asText();
    IndexDef index = table.index(indexName);
    if (index == null) {
      throw DynamoDbErrors.validation("The table does not have the specified index: " + indexName);
    }
    if (!index.local() && input.path("ConsistentRead").asBoolean(false)) {
      throw DynamoDbErrors.validation(
          "Consistent reads are not supported on global secondary indexes");
    }
    if (!index.local() && !index.projectsAll() && select.equals("ALL_ATTRIBUTES")) {
      throw DynamoDbErrors.validation(
          "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not"
              + " supported for global secondary index "
              + indexName
              + " because its projection type is not ALL");
    }
    List<String> keyNames = new ArrayList<>(table.key().names());
    for (String keyName : index.key().names()) {
      if (!keyNames.contains(keyName)) {
        keyNames.add(keyName);
      }
    }
    boolean fetch =
        index.local()
            && !index.projectsAll()
            && (select.equals("ALL_ATTRIBUTES")
                || select.equals("SPECIFIC_ATTRIBUTES")
                || filter != null);
    return new IndexRead(index, List.copyOf(keyNames), fetch);
  }

  /** One page of an index query (key conditions on the index key, in index order). */
  private static Page queryIndex(
      Connection c,
      ObjectNode input,
      TableDef table,
      IndexRead read,
      KeyCondition key,
      int limit,
      boolean forward)
      throws SQLException {
    KeySchema schema = read.index().key();
    if (!AttributeValues.type(key.hashValue()).equals(schema.hashType())) {
      throw DynamoDbErrors.validation(
          "One or more parameter values were invalid: Condition parameter type does not match"
              + " schema type");
    }
    byte[] ihk = KeyCodec.encode(key.hashValue());
    byte[][] bounds = bounds(key, schema);
    byte[][] after = null;
    if (input.hasNonNull("ExclusiveStartKey")) {
      ObjectNode start = read.startKey(input.get("ExclusiveStartKey"));
      if (!Arrays.equals(schema.hashBytes(start), ihk)) {
        throw invalidStart();
      }
      after =
          new byte[][] {
            schema.rangeBytes(start), table.key().hashBytes(start), table.key().rangeBytes(start)
          };
    }
    Page page = new Page(limit);
    SecondaryIndexStore.query(
        c,
        table.id(),
        read.index().name(),
        ihk,
        bounds[0],
        bounds[2] != null,
        bounds[1],
        bounds[3] != null,
        forward,
        after,
        row -> page.add(read.resolve(c, table, row)));
    return page;
  }

  /** The segment of a partition: a stable hash of its encoded key. */
  static int segmentOf(byte[] hashKey, int total) {
    int h = Arrays.hashCode(hashKey);
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return Math.floorMod(h, total);
  }

  // ---------------------------------------------------------------- batches

  private JsonNode batchGetItem(RequestContext context, ObjectNode input) {
    JsonNode requestItems = input.path("RequestItems");
    if (requestItems.isEmpty()) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value null at 'requestItems' failed to satisfy"
              + " constraint: Member must have length greater than or equal to 1");
    }
    int keys = 0;
    for (JsonNode request : requestItems) {
      keys += request.path("Keys").size();
    }
    if (keys > MAX_BATCH_GET) {
      throw DynamoDbErrors.validation("Too many items requested for the BatchGetItem call");
    }
    ObjectNode out = NODES.objectNode();
    ObjectNode responses = out.putObject("Responses");
    ArrayNode capacities = NODES.arrayNode();
    MetadataStore db = DynamoDbTableOperations.db(store, context);
    for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String name = entry.getKey();
      ObjectNode request = (ObjectNode) entry.getValue();
      ItemRequests.notBoth(request, List.of("AttributesToGet"), List.of("ProjectionExpression"));
      ExpressionAttributes attributes = ItemRequests.attributes(request, "ProjectionExpression");
      UnaryOperator<ObjectNode> projection = ItemRequests.projection(request, attributes);
      attributes.assertAllUsed();
      boolean consistent = request.path("ConsistentRead").asBoolean(false);
      List<ItemRow> rows =
          db.read(
              c -> {
                TableDef table = DynamoDbItemOperations.requireTable(c, name);
                Set<String> seen = new HashSet<>();
                List<ItemRow> found = new ArrayList<>();
                for (JsonNode rawKey : request.path("Keys")) {
                  ObjectNode key = TableKeys.key(table.key(), rawKey);
                  byte[] hk = table.key().hashBytes(key);
                  byte[] rk = table.key().rangeBytes(key);
                  if (!seen.add(Arrays.toString(hk) + "/" + Arrays.toString(rk))) {
                    throw DynamoDbErrors.validation(
                        "Provided list of item keys contains duplicates");
                  }
                  ItemRow row = DynamoDbStore.item(c, table.id(), hk, rk);
                  if (row != null) {
                    found.add(row);
                  }
                }
                return found;
              });
      ArrayNode items = responses.putArray(name);
      double units = 0;
      for (ItemRow row : rows) {
        items.add(projection.apply(row.item()));
        units += Capacity.readUnits(row.size(), consistent);
      }
      ObjectNode capacity =
          Capacity.consumed(input.get("ReturnConsumedCapacity"), name, units, false);
      if (capacity != null) {
        capacities.add(capacity);
      }
    }
    out.putObject("UnprocessedKeys");
    if (!capacities.isEmpty()) {
      out.set("ConsumedCapacity", capacities);
    }
    return out;
  }

  /** One validated write of a batch. */
  private record BatchWrite(boolean put, ObjectNode item, long size) {}

  private JsonNode batchWriteItem(RequestContext context, ObjectNode input) {
    JsonNode requestItems = input.path("RequestItems");
    int count = 0;
    for (JsonNode requests : requestItems) {
      count += requests.size();
    }
    if (requestItems.isEmpty() || count > MAX_BATCH_WRITE) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map"
              + " value must satisfy constraint: [Member must have length less than or equal to"
              + " 25, Member must have length greater than or equal to 1]");
    }
    Map<String, List<BatchWrite>> writes = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = requestItems.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      List<BatchWrite> list = new ArrayList<>();
      for (JsonNode request : entry.getValue()) {
        boolean put = request.hasNonNull("PutRequest");
        if (put == request.hasNonNull("DeleteRequest")) {
          throw DynamoDbErrors.validation(
              "Supplied AttributeValue has more than one datatypes set, must contain exactly one"
                  + " of the supported datatypes");
        }
        ObjectNode item =
            AttributeValues.canonicalItem(
                put
                    ? request.get("PutRequest").get("Item")
                    : request.get("DeleteRequest").get("Key"));
        long size = AttributeValues.itemSize(item);
        if (put && size > AttributeValues.MAX_ITEM_SIZE) {
          throw DynamoDbErrors.validation("Item size has exceeded the maximum allowed size");
        }
        list.add(new BatchWrite(put, item, size));
      }
      writes.put(entry.getKey(), list);
    }
    Map<String, Double> units =
        DynamoDbTableOperations.db(store, context)
            .write(
                c -> {
                  Map<String, Double> consumed = new java.util.LinkedHashMap<>();
                  for (Map.Entry<String, List<BatchWrite>> entry : writes.entrySet()) {
                    TableDef table = DynamoDbItemOperations.requireTable(c, entry.getKey());
                    KeySchema schema = table.key();
                    Set<String> seen = new HashSet<>();
                    double total = 0;
                    List<ItemRow> rows = new ArrayList<>();
                    for (BatchWrite write : entry.getValue()) {
                      ObjectNode key;
                      if (write.put()) {
                        TableKeys.item(schema, write.item());
                        key = write.item();
                      } else {
                        key = TableKeys.key(schema, write.item());
                      }
                      byte[] hk = schema.hashBytes(key);
                      byte[] rk = schema.rangeBytes(key);
                      if (!seen.add(Arrays.toString(hk) + "/" + Arrays.toString(rk))) {
                        throw DynamoDbErrors.validation(
                            "Provided list of item keys contains duplicates");
                      }
                      rows.add(
                          write.put()
                              ? new ItemRow(hk, rk, write.item(), write.size())
                              : new ItemRow(hk, rk, null, 0));
                    }
                    for (ItemRow row : rows) {
                      ItemRow old =
                          DynamoDbStore.item(c, table.id(), row.hashKey(), row.rangeKey());
                      long oldSize = old == null ? 0 : old.size();
                      if (row.item() != null) {
                        DynamoDbStore.putItem(c, table, old, row, clock.millis());
                      } else if (old != null) {
                        DynamoDbStore.deleteItem(c, table, old, clock.millis(), false);
                      }
                      total += Capacity.writeUnits(Math.max(oldSize, row.size()));
                    }
                    consumed.put(entry.getKey(), total);
                  }
                  return consumed;
                });
    ObjectNode out = NODES.objectNode();
    out.putObject("UnprocessedItems");
    ArrayNode capacities = NODES.arrayNode();
    units.forEach(
        (table, total) -> {
          ObjectNode capacity =
              Capacity.consumed(input.get("ReturnConsumedCapacity"), table, total, true);
          if (capacity != null) {
            capacities.add(capacity);
          }
        });
    if (!capacities.isEmpty()) {
      out.set("ConsumedCapacity", capacities);
    }
    return out;
  }
}
