package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.dynamodb.expression.DocumentPath;
import dev.basin.dynamodb.expression.ExpressionAttributes;
import dev.basin.dynamodb.expression.ProjectionExpression;
import dev.basin.dynamodb.expression.UpdateExpression;
import dev.basin.dynamodb.store.DynamoDbStore;
import dev.basin.dynamodb.store.ItemRow;
import dev.basin.dynamodb.store.KeySchema;
import dev.basin.dynamodb.store.TableDef;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * PutItem, GetItem, UpdateItem and DeleteItem. A conditional write reads the old item, checks the
 * condition and writes in one unit of the store's single writer, so concurrent conditional writes
 * to one item are serialized and none is lost.
 */
final class DynamoDbItemOperations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> PUT_DELETE_RETURN_VALUES = Set.of("NONE", "ALL_OLD");
  private static final Set<String> UPDATE_RETURN_VALUES =
      Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");

  private final DynamoDbStore store;
  private final BasinClock clock;

  DynamoDbItemOperations(DynamoDbStore store, BasinClock clock) {
    this.store = store;
    this.clock = clock;
  }

  void register(Map<String, OperationHandler> operations) {
    operations.put("PutItem", this::putItem);
    operations.put("GetItem", this::getItem);
    operations.put("UpdateItem", this::updateItem);
    operations.put("DeleteItem", this::deleteItem);
  }

  static TableDef requireTable(Connection c, String name) throws SQLException {
    TableDef table = DynamoDbStore.table(c, name);
    if (table == null) {
      throw DynamoDbErrors.resourceNotFound();
    }
    return table;
  }

  /** What a write unit returns: the old and new items (either may be null). */
  private record WriteResult(ItemRow old, ObjectNode updated) {}

  private static void check(Predicate<JsonNode> condition, ItemRow old, boolean returnOld) {
    if (condition != null && !condition.test(old == null ? null : old.item())) {
      var failure = DynamoDbErrors.conditionalCheckFailed();
      if (returnOld && old != null) {
        failure.with("Item", old.item());
      }
      throw failure;
    }
  }

  // ---------------------------------------------------------------- PutItem

  private JsonNode putItem(RequestContext context, ObjectNode input) {
    String name = DynamoDbTableOperations.tableName(context, input, "tableName");
    ItemRequests.notBoth(
        input, List.of("Expected", "ConditionalOperator"), List.of("ConditionExpression"));
    ExpressionAttributes attributes = ItemRequests.attributes(input, "ConditionExpression");
    Predicate<JsonNode> condition = ItemRequests.writeCondition(input, attributes);
    attributes.assertAllUsed();
    String returnValues = ItemRequests.returnValues(input, PUT_DELETE_RETURN_VALUES);
    boolean returnOld = ItemRequests.returnOldOnFailure(input);
    ObjectNode item = AttributeValues.canonicalItem(input.get("Item"));
    long size = AttributeValues.itemSize(item);
    if (size > AttributeValues.MAX_ITEM_SIZE) {
      throw DynamoDbErrors.validation("Item size has exceeded the maximum allowed size");
    }
    WriteResult result =
        DynamoDbTableOperations.db(store, context)
            .write(
                c -> {
                  TableDef table = requireTable(c, name);
                  TableKeys.item(table.key(), item);
                  byte[] hk = table.key().hashBytes(item);
                  byte[] rk = table.key().rangeBytes(item);
                  ItemRow old = DynamoDbStore.item(c, table.id(), hk, rk);
                  check(condition, old, returnOld);
                  DynamoDbStore.putItem(
                      c, table, old, new ItemRow(hk, rk, item, size), clock.millis());
                  return new WriteResult(old, item);
                });
    ObjectNode out = NODES.objectNode();
    if (returnValues.equals("ALL_OLD") && result.old() != null) {
      out.set("Attributes", result.old().item());
    }
    long billed = Math.max(size, result.old() == null ? 0 : result.old().size());
    putCapacity(
        out,
        Capacity.consumed(
            input.get("ReturnConsumedCapacity"), name, Capacity.writeUnits(billed), true));
    return out;
  }

  private static void putCapacity(ObjectNode out, ObjectNode capacity) {
    if (capacity != null) {
      out.set("ConsumedCapacity", capacity);
    }
  }

  // ---------------------------------------------------------------- GetItem

  private JsonNode getItem(RequestContext context, ObjectNode input) {
    String name = DynamoDbTableOperations.tableName(context, input, "tableName");
    ItemRequests.notBoth(input, List.of("AttributesToGet"), List.of("ProjectionExpression"));
    ExpressionAttributes attributes = ItemRequests.attributes(input, "ProjectionExpression");
    UnaryOperator<ObjectNode> projection = ItemRequests.projection(input, attributes);
    attributes.assertAllUsed();
    boolean consistent = input.path("ConsistentRead").asBoolean(false);
    ItemRow row =
        DynamoDbTableOperations.db(store, context)
            .read(
                c -> {
                  TableDef table = requireTable(c, name);
                  ObjectNode key = TableKeys.key(table.key(), input.get("Key"));
                  return DynamoDbStore.item(
                      c, table.id(), table.key().hashBytes(key), table.key().rangeBytes(key));
                });
    ObjectNode out = NODES.objectNode();
    if (row != null) {
      out.set("Item", projection.apply(row.item()));
    }
    putCapacity(
        out,
        Capacity.consumed(
            input.get("ReturnConsumedCapacity"),
            name,
            Capacity.readUnits(row == null ? 0 : row.size(), consistent),
            false));
    return out;
  }

  // ---------------------------------------------------------------- DeleteItem

  private JsonNode deleteItem(RequestContext context, ObjectNode input) {
    String name = DynamoDbTableOperations.tableName(context, input, "tableName");
    ItemRequests.notBoth(
        input, List.of("Expected", "ConditionalOperator"), List.of("ConditionExpression"));
    ExpressionAttributes attributes = ItemRequests.attributes(input, "ConditionExpression");
    Predicate<JsonNode> condition = ItemRequests.writeCondition(input, attributes);
    attributes.assertAllUsed();
    String returnValues = ItemRequests.returnValues(input, PUT_DELETE_RETURN_VALUES);
    boolean returnOld = ItemRequests.returnOldOnFailure(input);
    WriteResult result =
        DynamoDbTableOperations.db(store, context)
            .write(
                c -> {
                  TableDef table = requireTable(c, name);
                  ObjectNode key = TableKeys.key(table.key(), input.get("Key"));
                  byte[] hk = table.key().hashBytes(key);
                  byte[] rk = table.key().rangeBytes(key);
                  ItemRow old = DynamoDbStore.item(c, table.id(), hk, rk);
                  check(condition, old, returnOld);
                  if (old != null) {
                    DynamoDbStore.deleteItem(c, table, old, clock.millis(), false);
                  }
                  return new WriteResult(old, null);
                });
    ObjectNode out = NODES.objectNode();
    if (returnValues.equals("ALL_OLD") && result.old() != null) {
      out.set("Attributes", result.old().item());
    }
    putCapacity(
        out,
        Capacity.consumed(
            input.get("ReturnConsumedCapacity"),
            name,
            Capacity.writeUnits(result.old() == null ? 0 : result.old().size()),
            true));
    return out;
  }

  // ---------------------------------------------------------------- UpdateItem

  /**
   * An update in either form: the item after it, the top-level attributes it touches and the
   * document paths it writes or removes (what UPDATED_OLD and UPDATED_NEW return).
   */
  private interface Update {
    ObjectNode apply(ObjectNode item, boolean itemExists);

    Set<String> attributes();

    List<DocumentPath> paths();
  }

  private JsonNode updateItem(RequestContext context, ObjectNode input) {
    String name = DynamoDbTableOperations.tableName(context, input, "tableName");
    ItemRequests.notBoth(
        input,
        List.of("AttributeUpdates", "Expected", "ConditionalOperator"),
        List.of("UpdateExpression", "ConditionExpression"));
    ExpressionAttributes attributes =
        ItemRequests.attributes(input, "UpdateExpression", "ConditionExpression");
    Update update = update(input, attributes);
    Predicate<JsonNode> condition = ItemRequests.writeCondition(input, attributes);
    attributes.assertAllUsed();
    String returnValues = ItemRequests.returnValues(input, UPDATE_RETURN_VALUES);
    boolean returnOld = ItemRequests.returnOldOnFailure(input);
    WriteResult result =
        DynamoDbTableOperations.db(store, context)
            .write(
                c -> {
                  TableDef table = requireTable(c, name);
                  KeySchema schema = table.key();
                  ObjectNode key = TableKeys.key(schema, input.get("Key"));
                  for (String keyName : schema.names()) {
                    if (update.attributes().contains(keyName)) {
                      throw DynamoDbErrors.invalidParameter(
                          "Cannot update attribute "
                              + keyName
                              + ". This attribute is part of the key");
                    }
                  }
                  byte[] hk = schema.hashBytes(key);
                  byte[] rk = schema.rangeBytes(key);
                  ItemRow old = DynamoDbStore.item(c, table.id(), hk, rk);
                  check(condition, old, returnOld);
                  ObjectNode updated = update.apply(old == null ? key : old.item(), old != null);
                  if (old == null
                      && !update.attributes().isEmpty()
                      && updated.size() == schema.names().size()) {
                    // Only removals on a missing item: DynamoDB creates no item.
                    return new WriteResult(null, null);
                  }
                  long size = AttributeValues.itemSize(updated);
                  if (size > AttributeValues.MAX_ITEM_SIZE) {
                    throw DynamoDbErrors.validation(
                        "Item size to update has exceeded the maximum allowed size");
                  }
                  DynamoDbStore.putItem(
                      c, table, old, new ItemRow(hk, rk, updated, size), clock.millis());
                  return new WriteResult(old, updated);
                });
    ObjectNode out = NODES.objectNode();
    ObjectNode old = result.old() == null ? null : result.old().item();
    ObjectNode attributesOut =
        switch (returnValues) {
          case "ALL_OLD" -> old;
          case "ALL_NEW" -> result.updated();
          case "UPDATED_OLD" ->
              old == null ? null : ProjectionExpression.of(update.paths()).project(old);
          case "UPDATED_NEW" ->
              result.updated() == null
                  ? null
                  : ProjectionExpression.of(update.paths()).project(result.updated());
          default -> null;
        };
    if (attributesOut != null && !attributesOut.isEmpty()) {
      out.set("Attributes", attributesOut);
    }
    long billed =
        Math.max(
            result.updated() == null ? 0 : AttributeValues.itemSize(result.updated()),
            result.old() == null ? 0 : result.old().size());
    putCapacity(
        out,
        Capacity.consumed(
            input.get("ReturnConsumedCapacity"), name, Capacity.writeUnits(billed), true));
    return out;
  }

  private static Update update(ObjectNode input, ExpressionAttributes attributes) {
    if (input.hasNonNull("UpdateExpression")) {
      UpdateExpression expression =
          ItemRequests.parsing(
              "UpdateExpression",
              () -> UpdateExpression.parse(input.get("UpdateExpression").asText(), attributes));
      Set<String> names = expression.updatedAttributes();
      List<DocumentPath> paths = expression.updatedPaths();
      return new Update() {
        @Override
        public ObjectNode apply(ObjectNode item, boolean itemExists) {
          return expression.apply(item, itemExists);
        }

        @Override
        public Set<String> attributes() {
          return names;
        }

        @Override
        public List<DocumentPath> paths() {
          return paths;
        }
      };
    }
    JsonNode updates = input.path("AttributeUpdates");
    Set<String> names = new LinkedHashSet<>();
    updates.fieldNames().forEachRemaining(names::add);
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = updates.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      AttributeValues.checkAttributeName(entry.getKey());
      JsonNode value = entry.getValue().get("Value");
      String action = entry.getValue().path("Action").asText("PUT");
      if (value == null && !action.equals("DELETE")) {
        throw DynamoDbErrors.invalidParameter(
            "Only DELETE action is allowed when no attribute value is specified");
      }
      ObjectNode canonical = NODES.objectNode();
      canonical.put("Action", action);
      if (value != null) {
        ObjectNode checked = AttributeValues.canonicalValue(value);
        String type = AttributeValues.type(checked);
        if (action.equals("ADD") && !Set.of("N", "SS", "NS", "BS", "L").contains(type)) {
          throw DynamoDbErrors.invalidParameter("ADD action is not supported for the type " + type);
        }
        if (action.equals("DELETE") && !Set.of("SS", "NS", "BS").contains(type)) {
          throw DynamoDbErrors.invalidParameter(
              "DELETE action with value is not supported for the type " + type);
        }
        canonical.set("Value", checked);
      }
      entries.add(Map.entry(entry.getKey(), canonical));
    }
    List<DocumentPath> paths =
        names.stream().map(n -> new DocumentPath(List.of(new DocumentPath.Key(n)))).toList();
    return new Update() {
      @Override
      public List<DocumentPath> paths() {
        return paths;
      }

      @Override
      public ObjectNode apply(ObjectNode item, boolean itemExists) {
        ObjectNode result = item.deepCopy();
        for (Map.Entry<String, JsonNode> entry : entries) {
          legacyAction(result, entry.getKey(), entry.getValue());
        }
        return result;
      }

      @Override
      public Set<String> attributes() {
        return names;
      }
    };
  }

  private static void legacyAction(ObjectNode item, String name, JsonNode spec) {
    JsonNode value = spec.get("Value");
    JsonNode current = item.get(name);
    switch (spec.get("Action").asText()) {
      case "PUT" -> item.set(name, value);
      case "DELETE" -> {
        if (value == null) {
          item.remove(name);
        } else if (current != null) {
          String type = AttributeValues.type(value);
          if (!type.endsWith("S")
              || type.equals("S")
              || !type.equals(AttributeValues.type(current))) {
            throw DynamoDbErrors.invalidParameter("Type mismatch for attribute to update");
          }
          ArrayNode kept = NODES.arrayNode();
          for (JsonNode element : current.get(type)) {
            if (!AttributeValues.setContains(type, value.get(type), element)) {
              kept.add(element);
            }
          }
          if (kept.isEmpty()) {
            item.remove(name);
          } else {
            item.set(name, NODES.objectNode().set(type, kept));
          }
        }
      }
      case "ADD" -> {
        String type = AttributeValues.type(value);
        if (current == null) {
          item.set(name, value);
        } else if (type.equals("N") && AttributeValues.type(current).equals("N")) {
          BigDecimal sum = AttributeValues.numberOf(current).add(AttributeValues.numberOf(value));
          AttributeValues.checkRange(sum);
          item.set(name, AttributeValues.number(sum));
        } else if (type.equals(AttributeValues.type(current))
            && (type.equals("SS") || type.equals("NS") || type.equals("BS"))) {
          ArrayNode union = current.get(type).deepCopy();
          for (JsonNode element : value.get(type)) {
            if (!AttributeValues.setContains(type, union, element)) {
              union.add(element);
            }
          }
          item.set(name, NODES.objectNode().set(type, union));
        } else if (type.equals("L") && AttributeValues.type(current).equals("L")) {
          ArrayNode list = current.get("L").deepCopy();
          list.addAll((ArrayNode) value.get("L"));
          item.set(name, NODES.objectNode().set("L", list));
        } else {
          throw DynamoDbErrors.validation(
              "One or more parameter values were invalid: Type mismatch for attribute to update");
        }
      }
      default ->
          throw DynamoDbErrors.validation(
              "1 validation error detected: Value '"
                  + spec.get("Action").asText()
                  + "' at 'attributeUpdates."
                  + name
                  + ".member.action' failed to satisfy constraint: Member must satisfy enum value"
                  + " set: [ADD, PUT, DELETE]");
    }
  }
}
