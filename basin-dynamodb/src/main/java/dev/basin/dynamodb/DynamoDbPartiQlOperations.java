package dev.basin.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.gateway.OperationHandler;
import dev.basin.core.gateway.RequestContext;
import dev.basin.core.protocol.AwsException;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Between;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Call;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Compare;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Delete;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Expr;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.In;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Insert;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Is;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Logical;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Not;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.PathExpr;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.RemoveAction;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Select;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.SetAction;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.Update;
import dev.basin.dynamodb.DynamoDbPartiQlStatement.ValueExpr;
import dev.basin.dynamodb.expression.DocumentPath;
import dev.basin.dynamodb.store.DynamoDbStore;
import dev.basin.dynamodb.store.KeySchema;
import dev.basin.dynamodb.store.TableDef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ExecuteStatement and BatchExecuteStatement: PartiQL statements translated into the item and query
 * operations' own inputs and run through their handlers, so every check, condition and write path
 * is theirs.
 *
 * <p>Translation: a SELECT whose WHERE holds {@code partitionKey = value} at its top-level AND
 * becomes a Query (key conditions on the sort key join the key condition, everything else the
 * filter); any other SELECT becomes a Scan with the WHERE as filter. INSERT is a PutItem
 * conditioned on the key not existing (a failed condition is {@code DuplicateItemException}).
 * UPDATE is an UpdateItem conditioned on the item existing and the rest of the WHERE; DELETE a
 * DeleteItem conditioned on the item being absent or matching the rest of the WHERE (DynamoDB
 * succeeds silently on a missing item). UPDATE and DELETE need an equality on every key attribute.
 *
 * <p>{@code NextToken} is the Query's or Scan's {@code LastEvaluatedKey} with a hash of the
 * statement, base64; a token of another statement fails as DynamoDB's does.
 */
final class DynamoDbPartiQlOperations {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KEY_OPERATORS = Set.of("=", "<", "<=", ">", ">=");
  private static final Set<String> CONDITION_FUNCTIONS =
      Set.of("begins_with", "contains", "attribute_type", "size");
  private static final String INCOMPLETE_KEY =
      "Where clause does not contain a mandatory equality on all key attributes";

  private final DynamoDbStore store;
  private final Map<String, OperationHandler> operations;

  /**
   * @param operations the registered item and query operations ({@code Query}, {@code Scan}, {@code
   *     PutItem}, {@code UpdateItem}, {@code DeleteItem}) the statements run through
   */
  DynamoDbPartiQlOperations(DynamoDbStore store, Map<String, OperationHandler> operations) {
    this.store = store;
    this.operations = Map.copyOf(operations);
  }

  void register(Map<String, OperationHandler> target) {
    target.put("ExecuteStatement", this::executeStatement);
    target.put("BatchExecuteStatement", this::batchExecuteStatement);
  }

  // ---------------------------------------------------------------- ExecuteStatement

  private JsonNode executeStatement(RequestContext context, ObjectNode input) {
    String text = input.path("Statement").asText();
    DynamoDbPartiQlStatement statement = DynamoDbPartiQlParser.parse(text, input.get("Parameters"));
    TableDef table = table(context, statement.table());
    ObjectNode out;
    if (statement instanceof Select select) {
      out = select(context, input, text, select, table);
    } else {
      out = write(context, input, statement, table);
    }
    return out;
  }

  private TableDef table(RequestContext context, String name) {
    TableDef table =
        DynamoDbTableOperations.db(store, context).read(c -> DynamoDbStore.table(c, name));
    if (table == null) {
      throw DynamoDbErrors.resourceNotFound();
    }
    return table;
  }

  private JsonNode run(String operation, RequestContext context, ObjectNode input) {
    return operations.get(operation).handle(context, input);
  }

  // ---------------------------------------------------------------- SELECT

  private ObjectNode select(
      RequestContext context, ObjectNode request, String text, Select select, TableDef table) {
    KeySchema schema = table.key();
    Placeholders placeholders = new Placeholders();
    List<Expr> conjuncts = conjuncts(select.where());
    Expr hash = null;
    Expr range = null;
    for (Expr conjunct : conjuncts) {
      if (hash == null && equality(conjunct, schema.hashName(), schema.hashType()) != null) {
        hash = conjunct;
      } else if (range == null && schema.hasRange() && rangeCondition(conjunct, schema)) {
        range = conjunct;
      }
    }
    if (select.orderBy() != null) {
      if (!schema.names().contains(select.orderBy())) {
        throw DynamoDbErrors.validation(
            "Variable reference "
                + select.orderBy()
                + " in ORDER BY clause must be part of the primary key");
      }
      if (hash == null) {
        throw DynamoDbErrors.validation(
            "Must have at least one non-optional hash key condition in WHERE clause when using"
                + " ORDER BY clause.");
      }
    }
    ObjectNode input = NODES.objectNode();
    input.put("TableName", table.name());
    List<String> filters = new ArrayList<>();
    if (hash != null) {
      String key = render(hash, placeholders);
      if (range != null) {
        key += " AND " + render(range, placeholders);
      }
      input.put("KeyConditionExpression", key);
      if (select.descending()) {
        input.put("ScanIndexForward", false);
      }
    } else {
      range = null;
    }
    for (Expr conjunct : conjuncts) {
      if (conjunct != hash && conjunct != range) {
        filters.add(render(conjunct, placeholders));
      }
    }
    if (!filters.isEmpty()) {
      input.put("FilterExpression", String.join(" AND ", filters));
    }
    placeholders.into(input);
    copy(request, input, "ConsistentRead", "Limit", "ReturnConsumedCapacity");
    String tokenHash = Integer.toHexString((table.name() + "\n" + text).hashCode());
    if (request.hasNonNull("NextToken")) {
      input.set("ExclusiveStartKey", decodeToken(request.get("NextToken").asText(), tokenHash));
    }
    JsonNode result = run(hash != null ? "Query" : "Scan", context, input);
    ObjectNode out = NODES.objectNode();
    ArrayNode items = out.putArray("Items");
    for (JsonNode item : result.path("Items")) {
      items.add(project((ObjectNode) item, select.projection()));
    }
    if (result.hasNonNull("LastEvaluatedKey")) {
      out.put("NextToken", encodeToken(result.get("LastEvaluatedKey"), tokenHash));
      out.set("LastEvaluatedKey", result.get("LastEvaluatedKey"));
    }
    copy(result, out, "ConsumedCapacity");
    return out;
  }

  /** The value {@code path = value} compares a top-level attribute with, or null. */
  private static ObjectNode equality(Expr expr, String attribute, String type) {
    if (!(expr instanceof Compare compare) || !compare.operator().equals("=")) {
      return null;
    }
    ObjectNode value = null;
    if (isAttribute(compare.left(), attribute) && compare.right() instanceof ValueExpr v) {
      value = v.value();
    } else if (isAttribute(compare.right(), attribute) && compare.left() instanceof ValueExpr v) {
      value = v.value();
    }
    return value != null && AttributeValues.type(value).equals(type) ? value : null;
  }

  private static boolean isAttribute(Expr expr, String attribute) {
    return expr instanceof PathExpr path
        && path.path().isTopLevel()
        && path.path().attribute().equals(attribute);
  }

  private static boolean isValue(Expr expr, String type) {
    return expr instanceof ValueExpr value && AttributeValues.type(value.value()).equals(type);
  }

  /** Whether a conjunct is a condition a Query can take on the sort key. */
  private static boolean rangeCondition(Expr expr, KeySchema schema) {
    String name = schema.rangeName();
    String type = schema.rangeType();
    if (expr instanceof Compare compare && KEY_OPERATORS.contains(compare.operator())) {
      return (isAttribute(compare.left(), name) && isValue(compare.right(), type))
          || (isAttribute(compare.right(), name) && isValue(compare.left(), type));
    }
    if (expr instanceof Between between) {
      return isAttribute(between.operand(), name)
          && isValue(between.lower(), type)
          && isValue(between.upper(), type);
    }
    if (expr instanceof Call call && call.function().equals("begins_with")) {
      return !type.equals("N")
          && call.arguments().size() == 2
          && isAttribute(call.arguments().get(0), name)
          && isValue(call.arguments().get(1), type);
    }
    return false;
  }

  private static List<Expr> conjuncts(Expr where) {
    List<Expr> out = new ArrayList<>();
    if (where != null) {
      flatten(where, out);
    }
    return out;
  }

  private static void flatten(Expr expr, List<Expr> out) {
    if (expr instanceof Logical logical && logical.and()) {
      flatten(logical.left(), out);
      flatten(logical.right(), out);
    } else {
      out.add(expr);
    }
  }

  /**
   * The name a projected path's value takes in the result: its last attribute name with the list
   * indexes after it ({@code m.k[1]} is {@code k[1]}), as DynamoDB names it.
   */
  static String projectedName(DocumentPath path) {
    List<DocumentPath.Element> elements = path.elements();
    int last = elements.size() - 1;
    while (!(elements.get(last) instanceof DocumentPath.Key)) {
      last--;
    }
    StringBuilder name = new StringBuilder(((DocumentPath.Key) elements.get(last)).name());
    for (int i = last + 1; i < elements.size(); i++) {
      name.append(elements.get(i));
    }
    return name.toString();
  }

  private static ObjectNode project(ObjectNode item, List<DocumentPath> projection) {
    if (projection.isEmpty()) {
      return item;
    }
    ObjectNode projected = NODES.objectNode();
    for (DocumentPath path : projection) {
      JsonNode value = path.resolve(item);
      if (value != null) {
        projected.set(projectedName(path), value);
      }
    }
    return projected;
  }

  private static String encodeToken(JsonNode key, String hash) {
    ObjectNode token = NODES.objectNode();
    token.put("s", hash);
    token.set("k", key);
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static JsonNode decodeToken(String text, String hash) {
    JsonNode token;
    try {
      token = JSON.readTree(Base64.getUrlDecoder().decode(text));
    } catch (IllegalArgumentException | IOException e) {
      throw DynamoDbErrors.validation("Invalid NextToken");
    }
    if (token == null || !token.path("k").isObject()) {
      throw DynamoDbErrors.validation("Invalid NextToken");
    }
    if (!token.path("s").asText().equals(hash)) {
      throw DynamoDbErrors.validation("The provided starting key is invalid");
    }
    return token.get("k");
  }

  // ---------------------------------------------------------------- writes

  private ObjectNode write(
      RequestContext context,
      ObjectNode request,
      DynamoDbPartiQlStatement statement,
      TableDef table) {
    KeySchema schema = table.key();
    Placeholders placeholders = new Placeholders();
    ObjectNode input = NODES.objectNode();
    input.put("TableName", table.name());
    copy(request, input, "ReturnConsumedCapacity", "ReturnValuesOnConditionCheckFailure");
    ObjectNode out = NODES.objectNode();
    if (statement instanceof Insert insert) {
      input.set("Item", insert.item());
      input.put(
          "ConditionExpression",
          "attribute_not_exists(" + placeholders.name(schema.hashName()) + ")");
      placeholders.into(input);
      JsonNode result;
      try {
        result = run("PutItem", context, input);
      } catch (AwsException e) {
        if (e.code().equals("ConditionalCheckFailedException")) {
          throw new AwsException(
              "DuplicateItemException", 400, "Duplicate primary key exists in table");
        }
        throw e;
      }
      out.putArray("Items");
      copy(result, out, "ConsumedCapacity");
    } else if (statement instanceof Update update) {
      List<Expr> rest = new ArrayList<>();
      input.set("Key", key(update.where(), schema, rest));
      StringBuilder set = new StringBuilder();
      StringBuilder remove = new StringBuilder();
      StringBuilder add = new StringBuilder();
      StringBuilder delete = new StringBuilder();
      for (DynamoDbPartiQlStatement.Action action : update.actions()) {
        if (action instanceof RemoveAction r) {
          append(remove, placeholders.path(r.path()));
        } else if (action instanceof SetAction s) {
          if (s.value() instanceof Call call
              && (call.function().equals("set_add") || call.function().equals("set_delete"))) {
            String op = call.function().equals("set_add") ? "ADD" : "DELETE";
            if (call.arguments().size() != 2) {
              throw DynamoDbErrors.validation("SET_" + op + " must have exactly two arguments");
            }
            if (!(call.arguments().get(0) instanceof PathExpr first)
                || !first.path().equals(s.path())) {
              throw DynamoDbErrors.validation(
                  "The first argument to SET_" + op + " must equal the assignment value");
            }
            if (!(call.arguments().get(1) instanceof ValueExpr second)
                || !AttributeValues.type(second.value()).endsWith("S")
                || AttributeValues.type(second.value()).equals("S")) {
              throw DynamoDbErrors.validation(
                  "The second argument to SET_" + op + " must be a value with type SET");
            }
            append(
                op.equals("ADD") ? add : delete,
                placeholders.path(s.path()) + " " + placeholders.value(second.value()));
          } else {
            append(set, placeholders.path(s.path()) + " = " + renderSet(s.value(), placeholders));
          }
        }
      }
      StringBuilder expression = new StringBuilder();
      clause(expression, "SET", set);
      clause(expression, "REMOVE", remove);
      clause(expression, "ADD", add);
      clause(expression, "DELETE", delete);
      input.put("UpdateExpression", expression.toString());
      String condition = "attribute_exists(" + placeholders.name(schema.hashName()) + ")";
      for (Expr expr : rest) {
        condition += " AND " + render(expr, placeholders);
      }
      input.put("ConditionExpression", condition);
      input.put("ReturnValues", update.returning());
      placeholders.into(input);
      JsonNode result = run("UpdateItem", context, input);
      ArrayNode items = out.putArray("Items");
      if (result.hasNonNull("Attributes")) {
        items.add(result.get("Attributes"));
      }
      copy(result, out, "ConsumedCapacity");
    } else if (statement instanceof Delete delete) {
      List<Expr> rest = new ArrayList<>();
      input.set("Key", key(delete.where(), schema, rest));
      if (!rest.isEmpty()) {
        List<String> parts = new ArrayList<>();
        for (Expr expr : rest) {
          parts.add(render(expr, placeholders));
        }
        input.put(
            "ConditionExpression",
            "attribute_not_exists("
                + placeholders.name(schema.hashName())
                + ") OR ("
                + String.join(" AND ", parts)
                + ")");
      }
      if (delete.returnOld()) {
        input.put("ReturnValues", "ALL_OLD");
      }
      placeholders.into(input);
      JsonNode result = run("DeleteItem", context, input);
      ArrayNode items = out.putArray("Items");
      if (result.hasNonNull("Attributes")) {
        items.add(result.get("Attributes"));
      }
      copy(result, out, "ConsumedCapacity");
    } else {
      throw new IllegalStateException("not a write: " + statement);
    }
    return out;
  }

  private static void append(StringBuilder clause, String part) {
    if (!clause.isEmpty()) {
      clause.append(", ");
    }
    clause.append(part);
  }

  private static void clause(StringBuilder expression, String keyword, StringBuilder parts) {
    if (!parts.isEmpty()) {
      if (!expression.isEmpty()) {
        expression.append(' ');
      }
      expression.append(keyword).append(' ').append(parts);
    }
  }

  /**
   * The key an UPDATE or DELETE addresses: one top-level equality per key attribute; the other
   * conjuncts go to {@code rest}.
   */
  private static ObjectNode key(Expr where, KeySchema schema, List<Expr> rest) {
    ObjectNode key = NODES.objectNode();
    for (Expr conjunct : conjuncts(where)) {
      String matched = null;
      for (String name : schema.names()) {
        if (conjunct instanceof Compare compare
            && compare.operator().equals("=")
            && ((isAttribute(compare.left(), name) && compare.right() instanceof ValueExpr)
                || (isAttribute(compare.right(), name) && compare.left() instanceof ValueExpr))) {
          matched = name;
        }
      }
      if (matched == null) {
        rest.add(conjunct);
      } else if (key.has(matched)) {
        throw DynamoDbErrors.validation(
            "Multiple conditions on same key "
                + matched
                + ". Only single item Update/Insert/Delete are supported");
      } else {
        Compare compare = (Compare) conjunct;
        Expr value = compare.left() instanceof ValueExpr ? compare.left() : compare.right();
        key.set(matched, ((ValueExpr) value).value());
      }
    }
    if (key.size() != schema.names().size()) {
      throw DynamoDbErrors.validation(INCOMPLETE_KEY);
    }
    return key;
  }

  // ---------------------------------------------------------------- rendering

  /** Expression attribute names and values of one translated request. */
  static final class Placeholders {
    private final ObjectNode names = NODES.objectNode();
    private final ObjectNode values = NODES.objectNode();
    private final Map<String, String> byName = new HashMap<>();

    String name(String attribute) {
      return byName.computeIfAbsent(
          attribute,
          a -> {
            String placeholder = "#n" + byName.size();
            names.put(placeholder, a);
            return placeholder;
          });
    }

    String value(ObjectNode value) {
      String placeholder = ":v" + values.size();
      values.set(placeholder, value);
      return placeholder;
    }

    String path(DocumentPath path) {
      StringBuilder text = new StringBuilder();
      for (DocumentPath.Element element : path.elements()) {
        if (element instanceof DocumentPath.Key key) {
          if (!text.isEmpty()) {
            text.append('.');
          }
          text.append(name(key.name()));
        } else {
          text.append(element);
        }
      }
      return text.toString();
    }

    void into(ObjectNode input) {
      if (!names.isEmpty()) {
        input.set("ExpressionAttributeNames", names);
      }
      if (!values.isEmpty()) {
        input.set("ExpressionAttributeValues", values);
      }
    }
  }

  /** A WHERE expression as a DynamoDB condition expression. */
  static String render(Expr expr, Placeholders placeholders) {
    if (expr instanceof PathExpr path) {
      return placeholders.path(path.path());
    }
    if (expr instanceof ValueExpr value) {
      return placeholders.value(value.value());
    }
    if (expr instanceof Compare compare) {
      if (compare.operator().equals("+") || compare.operator().equals("-")) {
        throw DynamoDbErrors.validation(
            "Unsupported operator in Condition Expression. Operator: " + compare.operator());
      }
      return render(compare.left(), placeholders)
          + " "
          + compare.operator()
          + " "
          + render(compare.right(), placeholders);
    }
    if (expr instanceof Between between) {
      return render(between.operand(), placeholders)
          + " BETWEEN "
          + render(between.lower(), placeholders)
          + " AND "
          + render(between.upper(), placeholders);
    }
    if (expr instanceof In in) {
      List<String> values = new ArrayList<>();
      for (Expr value : in.values()) {
        values.add(render(value, placeholders));
      }
      return render(in.operand(), placeholders) + " IN (" + String.join(", ", values) + ")";
    }
    if (expr instanceof Logical logical) {
      return "("
          + render(logical.left(), placeholders)
          + (logical.and() ? " AND " : " OR ")
          + render(logical.right(), placeholders)
          + ")";
    }
    if (expr instanceof Not not) {
      return "(NOT " + render(not.operand(), placeholders) + ")";
    }
    if (expr instanceof Is is) {
      return renderIs(is, placeholders);
    }
    Call call = (Call) expr;
    if (!CONDITION_FUNCTIONS.contains(call.function())) {
      throw DynamoDbErrors.validation(
          "Unsupported operator in Condition Expression. Operator: "
              + call.function().toUpperCase(Locale.ROOT));
    }
    return renderCall(call, placeholders);
  }

  private static String renderCall(Call call, Placeholders placeholders) {
    List<String> arguments = new ArrayList<>();
    for (Expr argument : call.arguments()) {
      arguments.add(
          argument instanceof Call inner
              ? renderCall(inner, placeholders)
              : render(argument, placeholders));
    }
    return call.function() + "(" + String.join(", ", arguments) + ")";
  }

  /**
   * {@code IS MISSING} is attribute absence; {@code IS NULL} holds for an absent attribute or a
   * NULL value (PartiQL's MISSING IS NULL); the other types are {@code attribute_type} checks.
   */
  private static String renderIs(Is is, Placeholders placeholders) {
    String path = placeholders.path(is.path());
    String positive =
        switch (is.type()) {
          case "MISSING" -> "attribute_not_exists(" + path + ")";
          case "NULL" ->
              "(attribute_not_exists("
                  + path
                  + ") OR attribute_type("
                  + path
                  + ", "
                  + placeholders.value(AttributeValues.string("NULL"))
                  + "))";
          default -> {
            String type =
                switch (is.type()) {
                  case "BOOLEAN" -> "BOOL";
                  case "STRING" -> "S";
                  case "NUMERIC" -> "N";
                  case "BLOB" -> "B";
                  case "LIST" -> "L";
                  default -> "M";
                };
            yield "attribute_type("
                + path
                + ", "
                + placeholders.value(AttributeValues.string(type))
                + ")";
          }
        };
    return is.not() ? "(NOT " + positive + ")" : positive;
  }

  /** A SET value as an update expression operand. */
  private static String renderSet(Expr expr, Placeholders placeholders) {
    if (expr instanceof PathExpr path) {
      return placeholders.path(path.path());
    }
    if (expr instanceof ValueExpr value) {
      return placeholders.value(value.value());
    }
    if (expr instanceof Compare compare
        && (compare.operator().equals("+") || compare.operator().equals("-"))) {
      return renderSet(compare.left(), placeholders)
          + " "
          + compare.operator()
          + " "
          + renderSet(compare.right(), placeholders);
    }
    if (expr instanceof Call call
        && (call.function().equals("list_append") || call.function().equals("if_not_exists"))) {
      List<String> arguments = new ArrayList<>();
      for (Expr argument : call.arguments()) {
        arguments.add(renderSet(argument, placeholders));
      }
      return call.function() + "(" + String.join(", ", arguments) + ")";
    }
    String operator =
        expr instanceof Call call
            ? call.function().toUpperCase(Locale.ROOT)
            : expr instanceof Compare compare ? compare.operator() : "AND";
    throw DynamoDbErrors.validation(
        "Unsupported operator in Update Expression. Operator: " + operator);
  }

  private static void copy(JsonNode from, ObjectNode to, String... members) {
    for (String member : members) {
      if (from.hasNonNull(member)) {
        to.set(member, from.get(member));
      }
    }
  }

  // ---------------------------------------------------------------- BatchExecuteStatement

  private JsonNode batchExecuteStatement(RequestContext context, ObjectNode input) {
    JsonNode statements = input.path("Statements");
    List<DynamoDbPartiQlStatement> parsed = new ArrayList<>();
    List<AwsException> parseErrors = new ArrayList<>();
    Boolean writes = null;
    for (JsonNode request : statements) {
      try {
        DynamoDbPartiQlStatement statement =
            DynamoDbPartiQlParser.parse(
                request.path("Statement").asText(), request.get("Parameters"));
        if (writes == null) {
          writes = statement.writes();
        } else if (writes != statement.writes()) {
          throw DynamoDbErrors.validation(
              "Unsupported operation: A batch must contain either only read statements or only"
                  + " write statements");
        }
        parsed.add(statement);
        parseErrors.add(null);
      } catch (AwsException e) {
        if (e.getMessage().startsWith("Unsupported operation: A batch")) {
          throw e;
        }
        parsed.add(null);
        parseErrors.add(e);
      }
    }
    ObjectNode out = NODES.objectNode();
    ArrayNode responses = out.putArray("Responses");
    Map<String, Double> capacity = new java.util.LinkedHashMap<>();
    for (int i = 0; i < parsed.size(); i++) {
      JsonNode request = statements.get(i);
      DynamoDbPartiQlStatement statement = parsed.get(i);
      ObjectNode response = responses.addObject();
      if (statement == null) {
        response.set("Error", error(parseErrors.get(i)));
        continue;
      }
      ObjectNode single = NODES.objectNode();
      copy(request, single, "ConsistentRead", "ReturnValuesOnConditionCheckFailure");
      copy(input, single, "ReturnConsumedCapacity");
      try {
        TableDef table = table(context, statement.table());
        ObjectNode result;
        if (statement instanceof Select select) {
          List<Expr> rest = new ArrayList<>();
          key(select.where(), table.key(), rest);
          result = select(context, single, request.path("Statement").asText(), select, table);
          if (!result.path("Items").isEmpty()) {
            response.set("Item", result.get("Items").get(0));
          }
        } else {
          result = write(context, single, statement, table);
        }
        response.put("TableName", table.name());
        JsonNode consumed = result.get("ConsumedCapacity");
        if (consumed != null) {
          capacity.merge(table.name(), consumed.path("CapacityUnits").asDouble(), Double::sum);
        }
      } catch (AwsException e) {
        response.set("Error", error(e));
        response.put("TableName", statement.table());
      }
    }
    if (!capacity.isEmpty()) {
      ArrayNode consumed = out.putArray("ConsumedCapacity");
      boolean write = Boolean.TRUE.equals(writes);
      capacity.forEach(
          (table, units) ->
              consumed.add(
                  Capacity.consumed(input.get("ReturnConsumedCapacity"), table, units, write)));
    }
    return out;
  }

  /** A failed statement's {@code BatchStatementError}. */
  private static ObjectNode error(AwsException e) {
    ObjectNode error = NODES.objectNode();
    String code =
        switch (e.code()) {
          case "ConditionalCheckFailedException" -> "ConditionalCheckFailed";
          case "DuplicateItemException" -> "DuplicateItem";
          case "ResourceNotFoundException" -> "ResourceNotFound";
          case "ItemCollectionSizeLimitExceededException" -> "ItemCollectionSizeLimitExceeded";
          case "ProvisionedThroughputExceededException" -> "ProvisionedThroughputExceeded";
          case "TransactionConflictException" -> "TransactionConflict";
          case "AccessDeniedException" -> "AccessDenied";
          case "ValidationException" -> "ValidationError";
          default -> "InternalServerError";
        };
    error.put("Code", code);
    error.put("Message", e.getMessage());
    Object item = e.fields().get("Item");
    if (item instanceof JsonNode node) {
      error.set("Item", node);
    }
    return error;
  }
}
