package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.clock.BasinClock;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.protocol.AwsException;
import dev.basin.dynamodb.expression.ConditionExpression;
import dev.basin.dynamodb.expression.ExpressionAttributes;
import dev.basin.dynamodb.expression.UpdateExpression;
import dev.basin.dynamodb.store.DynamoDbStore;
import dev.basin.dynamodb.store.ItemRow;
import dev.basin.dynamodb.store.TableDef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * TransactWriteItems and TransactGetItems.
 *
 * <p>A write transaction is one unit of work of the account's database: every action's item is
 * read, every condition checked, and only if all pass are the writes (with their index entries)
 * applied; any failure throws before the unit commits, so either all actions take effect or none.
 * Because all tables of an account and region share one database and one writer, transactions are
 * serializable against each other and against single-item writes.
 *
 * <p>Idempotency: a successful transaction's {@code ClientRequestToken} is remembered for 10
 * minutes on Basin's clock with a digest of the request; a repeat with the same token and request
 * returns the first response without applying anything, a repeat with other parameters fails with
 * {@code IdempotentParameterMismatchException}. Tokens live in memory: a restart forgets them.
 */
final class DynamoDbTransactionOperations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_ITEMS = 100;
  private static final long TOKEN_MILLIS = 10 * 60 * 1000;
  private static final int MAX_TOKEN_LENGTH = 36;
  private static final long MAX_PAYLOAD_BYTES = 4L * 1024 * 1024;

  private final DynamoDbStore store;
  private final BasinClock clock;
  private final IdempotencyTokens tokens = new IdempotencyTokens();

  DynamoDbTransactionOperations(DynamoDbStore store, BasinClock clock) {
    this.store = store;
    this.clock = clock;
  }

  void register(Map<String, OperationHandler> operations) {
    operations.put("TransactWriteItems", this::transactWriteItems);
    operations.put("TransactGetItems", this::transactGetItems);
  }

  /** The kinds of actions of a write transaction. */
  private enum Kind {
    CONDITION_CHECK,
    PUT,
    UPDATE,
    DELETE
  }

  /**
   * One parsed action.
   *
   * @param value the item of a Put, the key otherwise (canonical)
   */
  private record Action(
      Kind kind,
      String table,
      ObjectNode value,
      ConditionExpression condition,
      UpdateExpression update,
      boolean returnOld) {}

  private static List<JsonNode> items(ObjectNode input) {
    JsonNode items = input.path("TransactItems");
    if (items.isEmpty() || items.size() > MAX_ITEMS) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value at 'transactItems' failed to satisfy constraint:"
              + " Member must have length "
              + (items.isEmpty() ? "greater than or equal to 1" : "less than or equal to 100"));
    }
    List<JsonNode> list = new ArrayList<>();
    items.forEach(list::add);
    return list;
  }

  private static Action parse(RequestContext context, JsonNode item) {
    Map<Kind, String> members =
        Map.of(
            Kind.CONDITION_CHECK, "ConditionCheck",
            Kind.PUT, "Put",
            Kind.UPDATE, "Update",
            Kind.DELETE, "Delete");
    Kind kind = null;
    for (Kind candidate : Kind.values()) {
      if (item.hasNonNull(members.get(candidate))) {
        if (kind != null) {
          kind = null;
          break;
        }
        kind = candidate;
      }
    }
    if (kind == null) {
      throw DynamoDbErrors.validation(
          "TransactItems can only contain one of Check, Put, Update or Delete");
    }
    ObjectNode spec = (ObjectNode) item.get(members.get(kind));
    String table = DynamoDbTableOperations.tableName(context, spec, "tableName");
    ExpressionAttributes attributes =
        ItemRequests.attributes(spec, "ConditionExpression", "UpdateExpression");
    if (kind == Kind.CONDITION_CHECK && !spec.hasNonNull("ConditionExpression")) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value null at 'transactItems.1.member.conditionCheck"
              + ".conditionExpression' failed to satisfy constraint: Member must not be null");
    }
    UpdateExpression update = null;
    if (kind == Kind.UPDATE) {
      if (!spec.hasNonNull("UpdateExpression")) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value null at 'transactItems.1.member.update"
                + ".updateExpression' failed to satisfy constraint: Member must not be null");
      }
      update =
          ItemRequests.parsing(
              "UpdateExpression",
              () -> UpdateExpression.parse(spec.get("UpdateExpression").asText(), attributes));
    }
    ConditionExpression condition =
        spec.hasNonNull("ConditionExpression")
            ? ItemRequests.parsing(
                "ConditionExpression",
                () ->
                    ConditionExpression.parse(spec.get("ConditionExpression").asText(), attributes))
            : null;
    attributes.assertAllUsed();
    ObjectNode value;
    if (kind == Kind.PUT) {
      value = AttributeValues.canonicalItem(spec.get("Item"));
      if (AttributeValues.itemSize(value) > AttributeValues.MAX_ITEM_SIZE) {
        throw DynamoDbErrors.validation("Item size has exceeded the maximum allowed size");
      }
    } else {
      JsonNode key = spec.get("Key");
      if (key == null || !key.isObject()) {
        throw DynamoDbErrors.keyMismatch();
      }
      value = AttributeValues.canonicalItem(key);
    }
    return new Action(kind, table, value, condition, update, ItemRequests.returnOldOnFailure(spec));
  }

  // ---------------------------------------------------------------- TransactWriteItems

  /** What the unit of work decided for one action: the old item and the row to write. */
  private record Planned(TableDef table, ItemRow old, ItemRow write, boolean delete) {}

  private JsonNode transactWriteItems(RequestContext context, ObjectNode input) {
    List<Action> actions = new ArrayList<>();
    long payload = 0;
    for (JsonNode item : items(input)) {
      Action action = parse(context, item);
      actions.add(action);
      payload += AttributeValues.itemSize(action.value());
    }
    if (payload > MAX_PAYLOAD_BYTES) {
      throw DynamoDbErrors.validation("Transaction payload size cannot exceed 4 MB");
    }
    String token =
        input.hasNonNull("ClientRequestToken") ? input.get("ClientRequestToken").asText() : null;
    if (token != null && (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH)) {
      throw DynamoDbErrors.validation(
          "1 validation error detected: Value '"
              + token
              + "' at 'clientRequestToken' failed to satisfy constraint: Member must have length "
              + (token.isEmpty() ? "greater than or equal to 1" : "less than or equal to 36"));
    }
    String tokenKey =
        token == null ? null : context.accountId() + "/" + context.region() + "/" + token;
    byte[] digest = token == null ? null : RequestDigest.of(input);
    try {
      return DynamoDbTableOperations.db(store, context)
          .write(
              c -> {
                long now = clock.millis();
                if (tokenKey != null) {
                  JsonNode replay = tokens.replay(tokenKey, digest, now);
                  if (replay != null) {
                    return replay;
                  }
                }
                JsonNode response = execute(c, input, actions, now);
                if (tokenKey != null) {
                  tokens.remember(tokenKey, digest, response, now + TOKEN_MILLIS);
                }
                return response;
              });
    } catch (RuntimeException e) {
      if (tokenKey != null && !(e instanceof AwsException)) {
        tokens.forget(tokenKey);
      }
      throw e;
    }
  }

  private static JsonNode execute(
      Connection c, ObjectNode input, List<Action> actions, long nowMillis) throws SQLException {
    Map<String, TableDef> tables = new HashMap<>();
    Set<String> seen = new HashSet<>();
    List<Planned> plans = new ArrayList<>();
    ArrayNode reasons = NODES.arrayNode();
    boolean cancelled = false;
    List<ObjectNode> keys = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      TableDef table = tables.get(action.table());
      if (table == null) {
        table = DynamoDbItemOperations.requireTable(c, action.table());
        tables.put(action.table(), table);
      }
      try {
        if (action.kind() == Kind.PUT) {
          TableKeys.item(table.key(), action.value());
          keys.add(action.value());
        } else {
          keys.add(TableKeys.key(table.key(), action.value()));
        }
      } catch (AwsException e) {
        // Actions are validated before any runs: the first invalid action cancels the
        // transaction, the others answer None, unchecked.
        for (int j = 0; j < actions.size(); j++) {
          ObjectNode reason = reasons.addObject();
          if (j == i) {
            reason.put("Code", "ValidationError");
            reason.put("Message", e.getMessage());
          } else {
            reason.put("Code", "None");
          }
        }
        throw cancelled(reasons);
      }
    }
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      TableDef table = tables.get(action.table());
      ObjectNode key = keys.get(i);
      byte[] hk = table.key().hashBytes(key);
      byte[] rk = table.key().rangeBytes(key);
      if (!seen.add(table.id() + "/" + Arrays.toString(hk) + "/" + Arrays.toString(rk))) {
        throw DynamoDbErrors.validation(
            "Transaction request cannot include multiple operations on one item");
      }
      if (action.update() != null) {
        action.update().assertKeyNotUpdated(table.key().names());
      }
      ItemRow old = DynamoDbStore.item(c, table.id(), hk, rk);
      ObjectNode reason = NODES.objectNode();
      if (action.condition() != null && !action.condition().test(old == null ? null : old.item())) {
        reason.put("Code", "ConditionalCheckFailed");
        reason.put("Message", "The conditional request failed");
        if (action.returnOld() && old != null) {
          reason.set("Item", old.item());
        }
        cancelled = true;
        reasons.add(reason);
        plans.add(null);
        continue;
      }
      Planned plan =
          switch (action.kind()) {
            case CONDITION_CHECK -> new Planned(table, old, null, false);
            case PUT ->
                new Planned(
                    table,
                    old,
                    new ItemRow(hk, rk, action.value(), AttributeValues.itemSize(action.value())),
                    false);
            case DELETE -> new Planned(table, old, null, true);
            case UPDATE -> {
              try {
                ObjectNode updated =
                    action.update().apply(old == null ? key : old.item(), old != null);
                long size = AttributeValues.itemSize(updated);
                if (size > AttributeValues.MAX_ITEM_SIZE) {
                  throw DynamoDbErrors.validation(
                      "Item size to update has exceeded the maximum allowed size");
                }
                yield new Planned(table, old, new ItemRow(hk, rk, updated, size), false);
              } catch (AwsException e) {
                reason.put("Code", "ValidationError");
                reason.put("Message", e.getMessage());
                cancelled = true;
                yield null;
              }
            }
          };
      if (plan == null) {
        reasons.add(reason);
        plans.add(null);
        continue;
      }
      reason.put("Code", "None");
      reasons.add(reason);
      plans.add(plan);
    }
    if (cancelled) {
      throw cancelled(reasons);
    }
    Map<String, Double> units = new LinkedHashMap<>();
    for (Planned plan : plans) {
      long size = 0;
      if (plan.write() != null) {
        DynamoDbStore.putItem(c, plan.table(), plan.old(), plan.write(), nowMillis);
        size = plan.write().size();
      } else if (plan.delete() && plan.old() != null) {
        DynamoDbStore.deleteItem(c, plan.table(), plan.old(), nowMillis, false);
      }
      long billed = Math.max(size, plan.old() == null ? 0 : plan.old().size());
      units.merge(plan.table().name(), 2 * Capacity.writeUnits(billed), Double::sum);
    }
    ObjectNode out = NODES.objectNode();
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

  private static AwsException cancelled(ArrayNode reasons) {
    List<String> codes = new ArrayList<>();
    reasons.forEach(r -> codes.add(r.get("Code").asText()));
    return new AwsException(
            "TransactionCanceledException",
            400,
            "Transaction cancelled, please refer cancellation reasons for specific reasons "
                + codes)
        .with("CancellationReasons", reasons);
  }

  // ---------------------------------------------------------------- TransactGetItems

  private record Get(String table, JsonNode key, UnaryOperator<ObjectNode> projection) {}

  private JsonNode transactGetItems(RequestContext context, ObjectNode input) {
    List<Get> gets = new ArrayList<>();
    for (JsonNode item : items(input)) {
      JsonNode spec = item.get("Get");
      if (spec == null || !spec.isObject()) {
        throw DynamoDbErrors.validation(
            "1 validation error detected: Value null at 'transactItems.1.member.get' failed to"
                + " satisfy constraint: Member must not be null");
      }
      ObjectNode get = (ObjectNode) spec;
      ExpressionAttributes attributes = ItemRequests.attributes(get, "ProjectionExpression");
      UnaryOperator<ObjectNode> projection = ItemRequests.projection(get, attributes);
      attributes.assertAllUsed();
      gets.add(
          new Get(
              DynamoDbTableOperations.tableName(context, get, "tableName"),
              get.get("Key"),
              projection));
    }
    return DynamoDbTableOperations.db(store, context)
        .read(
            c -> {
              ObjectNode out = NODES.objectNode();
              ArrayNode responses = out.putArray("Responses");
              Map<String, Double> units = new LinkedHashMap<>();
              Set<String> seen = new HashSet<>();
              for (Get get : gets) {
                TableDef table = DynamoDbItemOperations.requireTable(c, get.table());
                ObjectNode key = TableKeys.key(table.key(), get.key());
                byte[] hk = table.key().hashBytes(key);
                byte[] rk = table.key().rangeBytes(key);
                if (!seen.add(table.id() + "/" + Arrays.toString(hk) + "/" + Arrays.toString(rk))) {
                  throw DynamoDbErrors.validation(
                      "Transaction request cannot include multiple operations on one item");
                }
                ItemRow row = DynamoDbStore.item(c, table.id(), hk, rk);
                ObjectNode response = responses.addObject();
                if (row != null) {
                  response.set("Item", get.projection().apply(row.item()));
                }
                units.merge(
                    table.name(),
                    2 * Capacity.readUnits(row == null ? 0 : row.size(), true),
                    Double::sum);
              }
              ArrayNode capacities = NODES.arrayNode();
              units.forEach(
                  (table, total) -> {
                    ObjectNode capacity =
                        Capacity.consumed(input.get("ReturnConsumedCapacity"), table, total, false);
                    if (capacity != null) {
                      capacities.add(capacity);
                    }
                  });
              if (!capacities.isEmpty()) {
                out.set("ConsumedCapacity", capacities);
              }
              return out;
            });
  }
}
