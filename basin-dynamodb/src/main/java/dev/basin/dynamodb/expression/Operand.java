package dev.basin.dynamodb.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.basin.dynamodb.AttributeValues;
import java.util.List;

/** An operand of a condition or update expression, with placeholders already substituted. */
sealed interface Operand {

  /**
   * The operand's value against an item, or null if it refers to something the item does not have
   * (condition semantics: {@code size} of a missing or unsized attribute is missing too).
   */
  JsonNode eval(JsonNode item);

  /** A document path. */
  record Path(DocumentPath path) implements Operand {
    @Override
    public JsonNode eval(JsonNode item) {
      return path.resolve(item);
    }
  }

  /** An expression attribute value. */
  record Value(String placeholder, ObjectNode value) implements Operand {
    @Override
    public JsonNode eval(JsonNode item) {
      return value;
    }

    String type() {
      return AttributeValues.type(value);
    }
  }

  /**
   * A function call used as an operand: {@code size}, {@code if_not_exists}, {@code list_append}.
   */
  record Function(String name, List<Operand> args) implements Operand {
    public Function {
      args = List.copyOf(args);
    }

    @Override
    public JsonNode eval(JsonNode item) {
      if (!name.equals("size") || args.size() != 1) {
        return null;
      }
      JsonNode value = args.get(0).eval(item);
      if (value == null) {
        return null;
      }
      int size = AttributeValues.size(value);
      return size < 0 ? null : AttributeValues.number(Integer.toString(size));
    }
  }

  /** {@code left + right} or {@code left - right} in a SET action. */
  record Arithmetic(String operator, Operand left, Operand right) implements Operand {
    @Override
    public JsonNode eval(JsonNode item) {
      return null;
    }
  }
}
