package dev.basin.core.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.basin.core.model.Member;
import dev.basin.core.model.Protocol;
import dev.basin.core.model.Shape;
import dev.basin.core.model.ShapeType;
import dev.basin.core.model.TimestampFormat;
import dev.basin.core.protocol.AwsException;
import dev.basin.core.protocol.ProtocolErrors;
import dev.basin.core.protocol.Timestamps;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.util.Base64;
import java.util.Locale;

/**
 * Reads a JSON or CBOR request body into the value form in a single streaming pass, driven by the
 * input shape: the body is parsed once and never materialised as an untyped tree first.
 *
 * <p>While reading it converts what the wire form encodes differently from the value form (base64
 * text or CBOR byte strings to {@code BinaryNode}; epoch-seconds numbers, CBOR tag-1 numbers or
 * ISO-8601 text to {@code DecimalNode} seconds), checks each token against its shape's type, drops
 * members the shape does not have, and drops {@code null}s (AWS treats them as absent).
 *
 * <p>Type errors are the {@code SerializationException}s AWS's Coral front end answers, with its
 * wording ({@code class java.lang.String can not be converted to an Integer}, {@code Start of list
 * found where not expected}), which DynamoDB clients and test suites match on.
 *
 * <p>Stateless and thread safe.
 */
final class ShapeReader {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String NUMBER_CLASS =
      "class com.amazon.coral.value.json.numbers.TruncatingBigNumber";

  private final Protocol protocol;
  private final boolean binary;

  /**
   * @param protocol the protocol whose errors to raise
   * @param binary the parser reads CBOR: floats are binary doubles rather than decimal text
   */
  ShapeReader(Protocol protocol, boolean binary) {
    this.protocol = protocol;
    this.binary = binary;
  }

  /**
   * Reads a whole document: one object (or nothing, which reads as an empty input) and nothing
   * after it.
   *
   * @param shape the input structure, or null when the operation has none: members are skipped
   */
  ObjectNode readDocument(JsonParser parser, Shape shape) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      return NODES.objectNode();
    }
    if (token != JsonToken.START_OBJECT) {
      throw mismatch(parser, token, shape == null ? ShapeType.STRUCTURE : shape.type());
    }
    ObjectNode input;
    if (shape == null) {
      parser.skipChildren();
      input = NODES.objectNode();
    } else {
      input = readStructure(parser, shape);
    }
    if (parser.nextToken() != null) {
      throw ProtocolErrors.malformedBody(protocol, "Unexpected content after the request body");
    }
    return input;
  }

  private JsonNode readValue(JsonParser parser, JsonToken token, Member member) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    Shape shape = member.target();
    ShapeType type = shape.type();
    return switch (type) {
      case STRUCTURE -> {
        if (token != JsonToken.START_OBJECT) {
          throw mismatch(parser, token, type);
        }
        yield readStructure(parser, shape);
      }
      case MAP -> {
        if (token != JsonToken.START_OBJECT) {
          throw mismatch(parser, token, type);
        }
        yield readMap(parser, shape);
      }
      case LIST -> {
        if (token != JsonToken.START_ARRAY) {
          throw mismatch(parser, token, type);
        }
        yield readList(parser, shape);
      }
      case STRING -> {
        if (token != JsonToken.VALUE_STRING) {
          throw mismatch(parser, token, type);
        }
        yield TextNode.valueOf(parser.getText());
      }
      case BOOLEAN ->
          switch (token) {
            case VALUE_TRUE -> BooleanNode.TRUE;
            case VALUE_FALSE -> BooleanNode.FALSE;
            default -> throw mismatch(parser, token, type);
          };
      case BYTE, SHORT, INTEGER, LONG, BIG_INTEGER -> readInteger(parser, token, type);
      case FLOAT, DOUBLE -> readFloat(parser, token, type);
      case BIG_DECIMAL -> {
        if (!token.isNumeric()) {
          throw mismatch(parser, token, type);
        }
        yield DecimalNode.valueOf(parser.getDecimalValue());
      }
      case TIMESTAMP -> readTimestamp(parser, token, member);
      case BLOB -> readBlob(parser, token);
    };
  }

  private ObjectNode readStructure(JsonParser parser, Shape shape) throws IOException {
    ObjectNode node = NODES.objectNode();
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken token = parser.nextToken();
      Member member = shape.member(name);
      if (member == null) {
        parser.skipChildren();
        continue;
      }
      JsonNode value = readValue(parser, token, member);
      if (value != null) {
        node.set(name, value);
      }
    }
    return node;
  }

  private ObjectNode readMap(JsonParser parser, Shape shape) throws IOException {
    ObjectNode node = NODES.objectNode();
    Member valueMember = shape.mapValue();
    String key;
    while ((key = parser.nextFieldName()) != null) {
      JsonNode value = readValue(parser, parser.nextToken(), valueMember);
      if (value != null) {
        node.set(key, value);
      }
    }
    return node;
  }

  private ArrayNode readList(JsonParser parser, Shape shape) throws IOException {
    ArrayNode node = NODES.arrayNode();
    Member element = shape.listMember();
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw ProtocolErrors.malformedBody(protocol, "Unexpected end of the request body");
      }
      JsonNode value = readValue(parser, token, element);
      if (value != null) {
        node.add(value);
      }
    }
    return node;
  }

  private JsonNode readInteger(JsonParser parser, JsonToken token, ShapeType type)
      throws IOException {
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      // Coral truncates a fraction where an integer belongs rather than rejecting it.
      BigDecimal value = parser.getDecimalValue();
      return type == ShapeType.BIG_INTEGER
          ? BigIntegerNode.valueOf(value.toBigInteger())
          : integerNode(type, value.longValue());
    }
    if (token != JsonToken.VALUE_NUMBER_INT) {
      throw mismatch(parser, token, type);
    }
    return switch (parser.getNumberType()) {
      case INT ->
          type == ShapeType.BIG_INTEGER
              ? BigIntegerNode.valueOf(parser.getBigIntegerValue())
              : integerNode(type, parser.getIntValue());
      case LONG ->
          type == ShapeType.BIG_INTEGER
              ? BigIntegerNode.valueOf(parser.getBigIntegerValue())
              : integerNode(type, parser.getLongValue());
      default ->
          type == ShapeType.BIG_INTEGER
              ? BigIntegerNode.valueOf(parser.getBigIntegerValue())
              : integerNode(type, clamp(parser.getDecimalValue()));
    };
  }

  private static JsonNode integerNode(ShapeType type, long value) {
    if (type == ShapeType.LONG) {
      return LongNode.valueOf(value);
    }
    return IntNode.valueOf((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value)));
  }

  private static long clamp(BigDecimal value) {
    if (value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      return Long.MAX_VALUE;
    }
    if (value.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
      return Long.MIN_VALUE;
    }
    return value.longValue();
  }

  private JsonNode readFloat(JsonParser parser, JsonToken token, ShapeType type)
      throws IOException {
    if (token.isNumeric()) {
      return DoubleNode.valueOf(parser.getDoubleValue());
    }
    if (token == JsonToken.VALUE_STRING) {
      // The JSON protocols carry the non-finite values as strings.
      switch (parser.getText()) {
        case "NaN" -> {
          return DoubleNode.valueOf(Double.NaN);
        }
        case "Infinity" -> {
          return DoubleNode.valueOf(Double.POSITIVE_INFINITY);
        }
        case "-Infinity" -> {
          return DoubleNode.valueOf(Double.NEGATIVE_INFINITY);
        }
        default -> {}
      }
    }
    throw mismatch(parser, token, type);
  }

  private JsonNode readTimestamp(JsonParser parser, JsonToken token, Member member)
      throws IOException {
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return DecimalNode.valueOf(BigDecimal.valueOf(parser.getLongValue()));
    }
    if (token == JsonToken.VALUE_NUMBER_FLOAT) {
      // A CBOR double has no decimal text; its shortest decimal form is what the client meant.
      return DecimalNode.valueOf(
          binary ? BigDecimal.valueOf(parser.getDoubleValue()) : parser.getDecimalValue());
    }
    if (token == JsonToken.VALUE_STRING) {
      String text = parser.getText();
      try {
        TimestampFormat format =
            member.timestampFormat() != null ? member.timestampFormat() : TimestampFormat.ISO_8601;
        return Timestamps.node(Timestamps.parse(text, format));
      } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
        throw ProtocolErrors.malformedBody(
            protocol, "class java.lang.String can not be converted to milliseconds since epoch");
      }
    }
    throw mismatch(parser, token, ShapeType.TIMESTAMP);
  }

  private JsonNode readBlob(JsonParser parser, JsonToken token) throws IOException {
    if (token == JsonToken.VALUE_EMBEDDED_OBJECT) {
      return BinaryNode.valueOf(parser.getBinaryValue());
    }
    if (token != JsonToken.VALUE_STRING) {
      throw mismatch(parser, token, ShapeType.BLOB);
    }
    String text = parser.getText();
    try {
      return BinaryNode.valueOf(Base64.getDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw ProtocolErrors.malformedBody(
          protocol, "'" + text + "' can not be converted to a Blob: " + e.getMessage());
    }
  }

  /** The error for {@code token} found where a value of {@code expected} belongs. */
  private AwsException mismatch(JsonParser parser, JsonToken token, ShapeType expected)
      throws IOException {
    String message;
    if (token == JsonToken.START_OBJECT) {
      message = "Start of structure or map found where not expected.";
    } else if (token == JsonToken.START_ARRAY) {
      message = "Start of list found where not expected";
    } else if (expected == ShapeType.STRUCTURE) {
      message = "Expected null";
    } else if (expected == ShapeType.LIST) {
      message = "Expected list or null";
    } else if (expected == ShapeType.MAP) {
      message = "Expected map or null";
    } else if (expected == ShapeType.BOOLEAN && token == JsonToken.VALUE_STRING) {
      message =
          "'" + parser.getText().toUpperCase(Locale.ROOT) + "' can not be converted to an Boolean";
    } else {
      String found =
          switch (token) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NUMBER_CLASS;
            case VALUE_TRUE, VALUE_FALSE -> "class java.lang.Boolean";
            case VALUE_STRING -> "class java.lang.String";
            case VALUE_EMBEDDED_OBJECT -> "class java.nio.ByteBuffer";
            default -> "class " + token;
          };
      message = found + " can not be converted to " + typeName(expected);
    }
    return ProtocolErrors.malformedBody(protocol, message);
  }

  /** Coral's names of the target types, with its articles. */
  private static String typeName(ShapeType type) {
    return switch (type) {
      case STRING -> "an String";
      case BOOLEAN -> "an Boolean";
      case BYTE -> "an Byte";
      case SHORT -> "an Short";
      case INTEGER -> "an Integer";
      case LONG -> "an Long";
      case FLOAT -> "an Float";
      case DOUBLE -> "an Double";
      case BIG_INTEGER -> "an BigInteger";
      case BIG_DECIMAL -> "an BigDecimal";
      case TIMESTAMP -> "milliseconds since epoch";
      case BLOB -> "a Blob";
      case STRUCTURE, LIST, MAP -> "an " + type;
    };
  }
}
