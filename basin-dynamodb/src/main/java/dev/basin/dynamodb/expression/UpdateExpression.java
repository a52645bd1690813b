package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.core.protocol.AwsException;
import dev.basin.dynamodb.AttributeValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed {@code UpdateExpression}: immutable and thread safe. {@link #apply} computes the updated
 * item the way DynamoDB does:
 *
 * <ul>
 *   <li>every SET operand is evaluated against the item as it was before the update;
 *   <li>SET on a list index past the end appends, several such SETs in index order; SET below a
 *       missing or non-container parent fails;
 *   <li>REMOVE of list elements shifts later elements down (indexes refer to the original list);
 *       REMOVE below a missing parent fails, except on an item that does not exist yet;
 *   <li>ADD to a missing attribute creates it; ADD adds numbers and unions sets;
 *   <li>DELETE removes set elements, and the attribute once its set is empty.
 * </ul>
 */
public final class UpdateExpression {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The four clauses. */
  public enum ActionType {
    SET,
    REMOVE,
    ADD,
    DELETE
  }

  /** One action: its clause, target path and operand (null for REMOVE). */
  record Action(ActionType type, DocumentPath path, Operand value) {}

  private final List<Action> actions;

  private UpdateExpression(List<Action> actions) {
    this.actions = List.copyOf(actions);
  }

  /**
   * Parses an update expression.
   *
   * @throws AwsException ValidationException "Invalid UpdateExpression: ..." with DynamoDB's
   *     message
   */
  public static UpdateExpression parse(String text, ExpressionAttributes attributes) {
    return new UpdateExpression(ExpressionParser.parseUpdate(text, attributes));
  }

  /** The top-level attributes the update writes or removes, in expression order. */
  public Set<String> updatedAttributes() {
    Set<String> names = new LinkedHashSet<>();
    for (Action action : actions) {
      names.add(action.path().attribute());
    }
    return names;
  }

  /** The document paths the update writes or removes, in expression order. */
  public List<DocumentPath> updatedPaths() {
    return actions.stream().map(Action::path).toList();
  }

  /**
   * Fails if the update touches a key attribute.
   *
   * @throws AwsException ValidationException "Cannot update attribute id. This attribute is part of
   *     the key"
   */
  public void assertKeyNotUpdated(Collection<String> keyAttributes) {
    for (String name : updatedAttributes()) {
      if (keyAttributes.contains(name)) {
        throw ExpressionAttributes.invalid(
            "Cannot update attribute " + name + ". This attribute is part of the key");
      }
    }
  }

  /**
   * Returns the updated copy of {@code item} (null: no item yet, i.e. an empty one); {@code item}
   * is not modified.
   *
   * @throws AwsException ValidationException for DynamoDB's runtime errors: a missing operand
   *     attribute, an operand of the wrong type, a document path invalid for update, or a number
   *     out of range
   */
  public ObjectNode apply(JsonNode item) {
    return apply(item, item != null);
  }

  /**
   * Like {@link #apply(JsonNode)}, for callers that start a new item from its key: {@code
   * itemExists} false means {@code item} holds only the key of an item not stored yet, where
   * DynamoDB ignores a REMOVE below a missing attribute instead of failing it.
   */
  public ObjectNode apply(JsonNode item, boolean itemExists) {
    ObjectNode original = item == null ? NODES.objectNode() : (ObjectNode) item;
    List<JsonNode> setValues = new ArrayList<>();
    for (Action action : actions) {
      if (action.type() == ActionType.SET) {
        setValues.add(value(action.value(), original));
      }
    }
    ObjectNode result = original.deepCopy();
    List<Integer> setOrder = new ArrayList<>();
    for (int i = 0; i < setValues.size(); i++) {
      setOrder.add(i);
    }
    List<Action> sets = new ArrayList<>();
    for (Action action : actions) {
      if (action.type() == ActionType.SET) {
        sets.add(action);
      }
    }
    // Appends past a list's end land in index order, whatever the expression's order.
    setOrder.sort(Comparator.comparingInt(i -> lastIndex(sets.get(i))));
    for (int i : setOrder) {
      put(result, sets.get(i).path(), setValues.get(i).deepCopy());
    }
    List<Action> removes = new ArrayList<>();
    for (Action action : actions) {
      if (action.type() == ActionType.REMOVE) {
        removes.add(action);
      }
    }
    removes.sort(Comparator.comparingInt(UpdateExpression::lastIndex).reversed());
    for (Action action : removes) {
      remove(result, action.path(), itemExists);
    }
    for (Action action : actions) {
      if (action.type() == ActionType.ADD) {
        add(result, action.path(), ((Operand.Value) action.value()).value());
      } else if (action.type() == ActionType.DELETE) {
        delete(result, action.path(), ((Operand.Value) action.value()).value());
      }
    }
    return result;
  }

  private static int lastIndex(Action action) {
    List<DocumentPath.Element> elements = action.path().elements();
    return elements.get(elements.size() - 1) instanceof DocumentPath.Index index
        ? index.index()
        : -1;
  }

  // ---------------------------------------------------------------- operand values

  private static JsonNode value(Operand operand, JsonNode item) {
    if (operand instanceof Operand.Value value) {
      return value.value();
    }
    if (operand instanceof Operand.Path path) {
      JsonNode value = path.path().resolve(item);
      if (value == null) {
        throw invalid(
            "The provided expression refers to an attribute that does not exist in the item");
      }
      return value;
    }
    if (operand instanceof Operand.Arithmetic arithmetic) {
      JsonNode left = value(arithmetic.left(), item);
      JsonNode right = value(arithmetic.right(), item);
      if (!left.has("N") || !right.has("N")) {
        throw wrongType();
      }
      BigDecimal a = AttributeValues.numberOf(left);
      BigDecimal b = AttributeValues.numberOf(right);
      BigDecimal result = arithmetic.operator().equals("+") ? a.add(b) : a.subtract(b);
      AttributeValues.checkRange(result);
      return AttributeValues.number(result);
    }
    Operand.Function function = (Operand.Function) operand;
    if (function.name().equals("if_not_exists")) {
      JsonNode existing = function.args().get(0).eval(item);
      return existing != null ? existing : value(function.args().get(1), item);
    }
    JsonNode first = value(function.args().get(0), item);
    JsonNode second = value(function.args().get(1), item);
    if (!first.has("L") || !second.has("L")) {
      throw wrongType();
    }
    ObjectNode list = NODES.objectNode();
    ArrayNode elements = list.putArray("L");
    first.get("L").forEach(element -> elements.add(element.deepCopy()));
    second.get("L").forEach(element -> elements.add(element.deepCopy()));
    return list;
  }

  // ---------------------------------------------------------------- actions

  private static void put(ObjectNode item, DocumentPath path, JsonNode value) {
    if (path.isTopLevel()) {
      item.set(path.attribute(), value);
      return;
    }
    JsonNode parent = parent(item, path);
    DocumentPath.Element last = path.elements().get(path.elements().size() - 1);
    if (last instanceof DocumentPath.Key key) {
      if (parent == null || !parent.has("M")) {
        throw invalidPath();
      }
      ((ObjectNode) parent.get("M")).set(key.name(), value);
    } else {
      if (parent == null || !parent.has("L")) {
        throw invalidPath();
      }
      ArrayNode list = (ArrayNode) parent.get("L");
      int index = ((DocumentPath.Index) last).index();
      if (index < list.size()) {
        list.set(index, value);
      } else {
        list.add(value);
      }
    }
  }

  /**
   * Removes the value at {@code path}. A missing parent is an invalid path on an existing item;
   * DynamoDB ignores it when the item does not exist ({@code itemExists} false).
   */
  private static void remove(ObjectNode item, DocumentPath path, boolean itemExists) {
    if (path.isTopLevel()) {
      item.remove(path.attribute());
      return;
    }
    JsonNode parent = parent(item, path);
    if (parent == null) {
      if (itemExists) {
        throw invalidPath();
      }
      return;
    }
    DocumentPath.Element last = path.elements().get(path.elements().size() - 1);
    if (last instanceof DocumentPath.Key key) {
      if (!parent.has("M")) {
        throw invalidPath();
      }
      ((ObjectNode) parent.get("M")).remove(key.name());
    } else {
      if (!parent.has("L")) {
        throw invalidPath();
      }
      ArrayNode list = (ArrayNode) parent.get("L");
      int index = ((DocumentPath.Index) last).index();
      if (index < list.size()) {
        list.remove(index);
      }
    }
  }

  private static void add(ObjectNode item, DocumentPath path, JsonNode operand) {
    JsonNode current = path.resolve(item);
    if (current == null) {
      put(item, path, operand.deepCopy());
      return;
    }
    String type = AttributeValues.type(current);
    if (!type.equals(AttributeValues.type(operand))) {
      throw wrongType();
    }
    if (type.equals("N")) {
      BigDecimal sum = AttributeValues.numberOf(current).add(AttributeValues.numberOf(operand));
      AttributeValues.checkRange(sum);
      put(item, path, AttributeValues.number(sum));
      return;
    }
    ArrayNode union = ((ArrayNode) current.get(type)).deepCopy();
    for (JsonNode element : operand.get(type)) {
      if (!AttributeValues.setContains(type, union, element)) {
        union.add(element);
      }
    }
    ObjectNode value = NODES.objectNode();
    value.set(type, union);
    put(item, path, value);
  }

  private static void delete(ObjectNode item, DocumentPath path, JsonNode operand) {
    JsonNode current = path.resolve(item);
    if (current == null) {
      return;
    }
    String type = AttributeValues.type(current);
    if (!type.equals(AttributeValues.type(operand))) {
      throw wrongType();
    }
    ArrayNode remaining = NODES.arrayNode();
    for (JsonNode element : current.get(type)) {
      if (!AttributeValues.setContains(type, operand.get(type), element)) {
        remaining.add(element);
      }
    }
    if (remaining.isEmpty()) {
      remove(item, path, true);
    } else {
      ObjectNode value = NODES.objectNode();
      value.set(type, remaining);
      put(item, path, value);
    }
  }

  private static JsonNode parent(ObjectNode item, DocumentPath path) {
    List<DocumentPath.Element> elements = path.elements();
    return new DocumentPath(elements.subList(0, elements.size() - 1)).resolve(item);
  }

  private static AwsException wrongType() {
    return invalid("An operand in the update expression has an incorrect data type");
  }

  private static AwsException invalidPath() {
    return invalid("The document path provided in the update expression is invalid for update");
  }

  private static AwsException invalid(String message) {
    return ExpressionAttributes.invalid(message);
  }
}
